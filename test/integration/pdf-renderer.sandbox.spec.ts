import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumLaunchError, PdfRenderer } from '@vigie/reporting';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../../db/describe-error.mts';
import { chromiumExecutablePath } from '../../db/provision/index.mts';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { ReportRenderer } from '../../apps/api/src/reports/report-renderer';

const dir = mkdtempSync(join(tmpdir(), 'vigie-sandbox-'));
const PROBE = join(process.cwd(), 'test/support/sandbox-probe.mts');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ProbeResult {
  uid: number;
  decision: { sandbox: boolean; warning: string | null };
  pdfBytes: number;
  blockedRequests: number;
  processes: { pid: number; cmdline: string; uid: string; seccomp: string; userNamespace: string }[];
}

/** Whether this machine can run a process as `nobody` (we are root, `runuser` exists). */
function canRunAsNobody(): string | null {
  if (process.getuid?.() !== 0) return 'the tests do not run as root, so they cannot switch to another user';
  const probe = spawnSync('runuser', ['-u', 'nobody', '--', 'true']);
  return probe.status === 0
    ? null
    : `runuser -u nobody fails: ${describeError(probe.error ?? probe.stderr.toString())}`;
}

/** Whether the kernel lets an unprivileged user create a user namespace (what the sandbox needs). */
function namespacesAllowed(): boolean {
  return spawnSync('runuser', ['-u', 'nobody', '--', 'unshare', '--user', 'true']).status === 0;
}

describe('the report browser’s sandbox (issue 10 item 16)', () => {
  const skipReason = canRunAsNobody();

  it.skipIf(skipReason !== null)(
    'runs Chromium sandboxed when the server is not root: no --no-sandbox, renderers in their own user namespace under seccomp, requests still refused',
    (context) => {
      if (!namespacesAllowed()) {
        context.skip('this kernel forbids user namespaces to unprivileged users: no sandbox possible here');
      }
      const readable = spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', PROBE]);
      expect(
        readable.status,
        `nobody cannot read ${PROBE}: put the checkout where other users can read it`,
      ).toBe(0);
      const home = join(dir, 'home');
      execFileSync('mkdir', ['-p', home]);
      execFileSync('chown', ['nobody', home]);
      chmodSync(dir, 0o755);
      const result = spawnSync(
        'runuser',
        [
          '-u',
          'nobody',
          '--',
          'env',
          `HOME=${home}`,
          process.execPath,
          '--experimental-transform-types',
          '--no-warnings',
          PROBE,
          chromiumExecutablePath(),
        ],
        { cwd: dir, encoding: 'utf8', timeout: 90_000 },
      );
      expect(result.status, result.stderr).toBe(0);
      const probe = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ProbeResult;

      expect(probe.uid).not.toBe(0);
      expect(probe.decision).toEqual({ sandbox: true, warning: null });
      expect(probe.pdfBytes).toBeGreaterThan(1000);
      expect(probe.blockedRequests).toBeGreaterThanOrEqual(1);
      const [browser, ...children] = probe.processes;
      expect(browser?.cmdline).toMatch(/chromium/);
      for (const info of probe.processes) expect(info.cmdline).not.toContain('--no-sandbox');
      const renderers = children.filter((info) => info.cmdline.includes('--type=renderer'));
      expect(renderers.length).toBeGreaterThan(0);
      for (const renderer of renderers) {
        // Seccomp 2: a syscall filter; another user namespace: no access to the server's files.
        expect(renderer.seccomp).toBe('2');
        expect(renderer.userNamespace).not.toBe(browser?.userNamespace);
      }
    },
    120_000,
  );

  it('falls back to --no-sandbox as root, where Chromium refuses its sandbox', async () => {
    if (process.getuid?.() !== 0) return;
    const renderer = new PdfRenderer({ executablePath: chromiumExecutablePath() });
    try {
      const { pdf } = await renderer.render('<!doctype html><p>racine</p>');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pid = await renderer.browserProcessId();
      expect(
        execFileSync('cat', [`/proc/${pid}/cmdline`])
          .toString()
          .split('\0'),
      ).toContain('--no-sandbox');
    } finally {
      await renderer.close();
    }
  }, 60_000);
});

describe('a Chromium that cannot start (issue 10 item 17)', () => {
  const config = (path: string) =>
    loadConfig({
      DATABASE_URL: 'postgres://localhost/unused',
      VIGIE_CHROMIUM_PATH: path,
      LOG_LEVEL: 'error',
    });

  it('says which path was tried and to install chromium or set VIGIE_CHROMIUM_PATH, when nothing is there', async () => {
    const renderer = new ReportRenderer(config('/opt/no-such/chromium'));
    const error = await renderer.pdf.warmUp().then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ChromiumLaunchError);
    const message = describeError(error);
    expect(message).not.toMatch(/\[object Object\]/);
    expect(message).toMatch(/^Chromium could not start from \/opt\/no-such\/chromium: /);
    expect(message).toMatch(/There is no executable Chromium at \/opt\/no-such\/chromium/);
    expect(message).toMatch(/apt-get install chromium/);
    expect(message).toMatch(/VIGIE_CHROMIUM_PATH/);
    await renderer.onApplicationShutdown();
  });

  it('says what failed when the file there is not a working Chromium', async () => {
    const fake = join(dir, 'not-chromium');
    writeFileSync(fake, '#!/bin/sh\necho "this is not a browser" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    const renderer = new PdfRenderer({ executablePath: fake });
    const error = await renderer.render('<p>x</p>').then(
      () => null,
      (failure: unknown) => failure,
    );
    const message = describeError(error);
    expect(message).toMatch(new RegExp(`^Chromium could not start from ${fake}: `));
    expect(message).toMatch(/this is not a browser/);
    expect(message).toMatch(/install the Debian package "chromium" or set VIGIE_CHROMIUM_PATH/);
    // One paragraph: no multi-line dump of Chromium's output, no link to puppeteer's pages.
    expect(message).not.toMatch(/\n|TROUBLESHOOTING/);
    await renderer.close();
  });
});
