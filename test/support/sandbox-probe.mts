/**
 * Run by test/integration/pdf-renderer.sandbox.spec.ts as another user (`runuser -u nobody`): prints
 * one PDF with the report renderer as that user decides (`auto`), then reports, as JSON on the last
 * line, the decision and the command line and status of every Chromium process it started.
 *
 *   node --experimental-transform-types test/support/sandbox-probe.mts
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { registerHooks } from 'node:module';

// The library's sources import each other without extension, as the TypeScript build wants.
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.')) throw error;
      return next(`${specifier}.ts`, context);
    }
  },
});

const { decideSandbox, probeSandboxHost } = await import('../../libs/reporting/src/chromium-sandbox.ts');
const { PdfRenderer } = await import('../../libs/reporting/src/pdf-renderer.ts');

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const found: number[] = [];
  const visit = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** What the test checks of one Chromium process; its command line as one string (Chromium rewrites it). */
interface ProcessInfo {
  pid: number;
  cmdline: string;
  uid: string;
  seccomp: string;
  userNamespace: string;
}

function processInfo(pid: number): ProcessInfo | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '';
    return {
      pid,
      cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '),
      uid: field('Uid').split(/\s+/)[0] ?? '',
      seccomp: field('Seccomp'),
      userNamespace: readlinkSync(`/proc/${pid}/ns/user`),
    };
  } catch {
    return null;
  }
}

const executablePath = process.argv[2] ?? '/usr/bin/chromium';
const decision = decideSandbox('auto', probeSandboxHost());
const renderer = new PdfRenderer({ executablePath, sandbox: decision.sandbox });
try {
  // The image would be a request to the network: the renderer must still refuse it.
  const { pdf } = await renderer.render(
    '<!doctype html><html><body><p>Bac à sable</p><img src="http://127.0.0.1:9/x.png"></body></html>',
  );
  const browserPid = await renderer.browserProcessId();
  const processes = browserPid
    ? [browserPid, ...descendants(browserPid)].map(processInfo).filter((info) => info !== null)
    : [];
  console.log(
    JSON.stringify({
      uid: process.getuid?.(),
      decision,
      pdfBytes: pdf.length,
      processes,
      blockedRequests: renderer.stats().blockedRequests,
    }),
  );
} finally {
  await renderer.close();
}
