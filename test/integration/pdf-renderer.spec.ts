import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfRenderer } from '@vigie/reporting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  chromiumExecutablePath,
  ensureDebianPackages,
  FONTS,
  POPPLER,
  QPDF,
} from '../../db/provision/index.mts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-pdf-'));

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function qpdfCheck(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
}

const page = (body: string) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8">` +
  `<meta name="vigie-footer" content="Vigie — test"><style>@page { size: A4; margin: 18mm 16mm 20mm; }` +
  `html { font-family: 'Noto Sans', sans-serif; }</style></head><body>${body}</body></html>`;

describe(PdfRenderer.name, () => {
  let renderer: PdfRenderer;

  beforeAll(async () => {
    await ensureDebianPackages([CHROMIUM, FONTS, POPPLER, QPDF], (message) => console.log(message));
    renderer = new PdfRenderer({ executablePath: chromiumExecutablePath() });
  }, 300_000);

  afterAll(async () => {
    await renderer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an A4 PDF that qpdf accepts, with its text, page numbers and the page count', async () => {
    const progress: number[] = [];
    const long = Array.from(
      { length: 120 },
      (_, i) => `<p>Ligne ${i + 1} : expulsion à Calais — العربية ትግርኛ</p>`,
    );
    const { pdf, pageCount } = await renderer.render(page(`<h1>Note mensuelle</h1>${long.join('')}`), (p) =>
      progress.push(p),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(qpdfCheck(pdf, 'note')).toMatch(/No syntax or stream encoding errors found/);
    const text = pdfText(pdf, 'note');
    expect(text).toContain('Note mensuelle');
    expect(text).toContain('Ligne 120 : expulsion à Calais');
    expect(pageCount).toBeGreaterThan(1);
    // Page numbers in the footer, "n / total" (pdftotext may drop the spaces).
    expect(text).toMatch(new RegExp(`\\b1 ?/ ?${pageCount}\\b`));
    expect(text).toMatch(new RegExp(`\\b${pageCount} ?/ ?${pageCount}\\b`));
    expect(text).toContain('Vigie — test');
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('lets no request leave the page: an external image is refused, inline data is allowed', async () => {
    const before = renderer.stats().blockedRequests;
    const { pdf } = await renderer.render(
      page(
        '<p>Avec image externe</p><img src="https://example.com/x.png">' +
          '<link rel="stylesheet" href="http://example.com/x.css">' +
          '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
      ),
    );
    expect(renderer.stats().blockedRequests - before).toBe(2);
    expect(pdfText(pdf, 'blocked')).toContain('Avec image externe');
  });

  it('reuses one browser and closes each job’s context', async () => {
    const launches = renderer.stats().launches;
    await Promise.all([renderer.render(page('<p>un</p>')), renderer.render(page('<p>deux</p>'))]);
    expect(renderer.stats().launches).toBe(launches);
    expect(await renderer.openContexts()).toBe(0);
  });

  it('can launch the browser before the first job, which then launches none', async () => {
    const warm = new PdfRenderer({ executablePath: chromiumExecutablePath() });
    try {
      await warm.warmUp();
      expect(warm.stats().launches).toBe(1);
      await warm.render(page('<p>prêt</p>'));
      expect(warm.stats().launches).toBe(1);
    } finally {
      await warm.close();
    }
  });

  it('launches a new browser for the next job after the browser process was killed', async () => {
    await renderer.render(page('<p>avant</p>'));
    const pid = await renderer.browserProcessId();
    expect(pid).toBeTypeOf('number');
    const launches = renderer.stats().launches;
    process.kill(pid as number, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { pdf } = await renderer.render(page('<p>après le plantage</p>'));
    expect(pdfText(pdf, 'after-crash')).toContain('après le plantage');
    expect(renderer.stats().launches).toBe(launches + 1);
    expect(await renderer.browserProcessId()).not.toBe(pid);
  });
});
