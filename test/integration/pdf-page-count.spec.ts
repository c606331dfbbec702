import { PdfRenderer, pageCountOf, StageTimings } from '@vigie/reporting';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumExecutablePath } from '../../db/provision/index.mts';

/*
 * The renderer counts the pages of what Chromium printed from the page tree's root in the bytes
 * (issue 16) instead of parsing the document: the count must be pdf-lib's, whatever the document.
 */

const renderer = new PdfRenderer({ executablePath: chromiumExecutablePath() });

afterAll(() => renderer.close());

function pages(count: number, title = 'Note'): string {
  const sheets = Array.from(
    { length: count },
    (_, i) => `<section style="break-after: page">Page ${i + 1} — é ü ✓ ${'texte '.repeat(40)}</section>`,
  ).join('');
  return `<!doctype html><html lang="fr"><head><title>${title}</title></head><body>${sheets}</body></html>`;
}

async function pdfLibCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

describe('page count of a printed report', () => {
  it('is the page count pdf-lib reads, for short and long documents (page trees of one and several levels)', async () => {
    for (const count of [1, 4, 13, 30]) {
      const timings = new StageTimings();
      const { pdf, pageCount } = await renderer.render(pages(count), undefined, timings);
      expect(pageCount).toBe(count);
      expect(await pdfLibCount(pdf)).toBe(count);
      expect(await pageCountOf(pdf)).toBe(count);
      // Every step of the print was timed.
      expect(Object.keys(timings.ms)).toEqual([
        'chromium: browser and page',
        'chromium: setContent',
        'chromium: fonts ready',
        'chromium: page.pdf()',
        'page count',
      ]);
    }
  });

  it('is not fooled by text that looks like a page tree (it falls back to parsing the document)', async () => {
    const decoy = '/Type /Pages /Count 99>>';
    const { pdf, pageCount } = await renderer.render(pages(2, decoy));
    expect(Buffer.from(pdf).toString('latin1')).toContain('/Count 99');
    expect(pageCount).toBe(2);
    expect(await pageCountOf(pdf)).toBe(2);
  });
});
