import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../../db/project-root';
import { pdfWithoutMetadata, PdfUnreadableError, stripJpegSegments } from './pdf-publication';

const PHOTO = readFileSync(join(projectRoot(), 'test', 'fixtures', 'attachments', 'exif-calais.jpg'));

async function documentWithMetadata(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.setAuthor('Secret Author');
  document.setProducer('Secret Producer');
  const page = document.addPage([200, 200]);
  // pdf-lib embeds a JPEG's bytes as they are: its EXIF (GPS of Calais) goes into the PDF.
  const image = await document.embedJpg(new Uint8Array(PHOTO));
  page.drawImage(image, { x: 0, y: 0, width: 100, height: 100 });
  const xmp = document.context.register(
    document.context.stream('<x:xmpmeta>Secret XMP</x:xmpmeta>', { Type: 'Metadata', Subtype: 'XML' }),
  );
  document.catalog.set(PDFName.of('Metadata'), xmp);
  page.node.set(PDFName.of('Metadata'), xmp);
  page.node.set(PDFName.of('PieceInfo'), document.context.obj({ App: { Private: 'Secret Piece' } }));
  return document.save({ useObjectStreams: true });
}

function jpegStreams(document: PDFDocument): PDFRawStream[] {
  return document.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (object): object is PDFRawStream =>
        object instanceof PDFRawStream && object.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode'),
    );
}

describe(stripJpegSegments.name, () => {
  it('drops EXIF and the other application segments, keeping a decodable JPEG', async () => {
    expect(await exifr.gps(PHOTO)).toBeTruthy();
    const stripped = Buffer.from(stripJpegSegments(PHOTO)!);
    expect(await exifr.parse(stripped).catch(() => undefined)).toBeUndefined();
    expect(stripped.includes(Buffer.from('Exif\0\0'))).toBe(false);
    // The scan data is kept byte for byte.
    expect(PHOTO.subarray(PHOTO.length - 1000).equals(stripped.subarray(stripped.length - 1000))).toBe(true);
  });

  it('leaves what is not a JPEG it can follow', () => {
    expect(stripJpegSegments(Buffer.from('not a jpeg'))).toBeNull();
    expect(stripJpegSegments(PHOTO.subarray(0, 30))).toBeNull();
  });
});

describe(pdfWithoutMetadata.name, () => {
  it('removes Info, ID, XMP (catalog and page), private data and embedded EXIF, keeping the pages', async () => {
    const original = await documentWithMetadata();
    const text = Buffer.from(original).toString('latin1');
    expect(text).toContain('Secret XMP');
    const { bytes, pages } = await pdfWithoutMetadata(original);
    expect(pages).toBe(1);
    const copy = Buffer.from(bytes);
    for (const secret of ['Secret XMP', 'Secret Piece', 'Exif\0\0']) {
      expect(copy.includes(Buffer.from(secret, 'latin1')), secret).toBe(false);
    }
    const reread = await PDFDocument.load(copy, { updateMetadata: false });
    expect(reread.getPageCount()).toBe(1);
    // Checked first: pdf-lib's getters create an empty Info dictionary when there is none.
    expect(reread.context.trailerInfo.Info).toBeUndefined();
    expect(reread.context.trailerInfo.ID).toBeUndefined();
    expect(reread.getAuthor()).toBeUndefined();
    expect(reread.getProducer()).toBeUndefined();
    expect(reread.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
    expect(reread.getPage(0).node.get(PDFName.of('Metadata'))).toBeUndefined();
    const [image] = jpegStreams(reread);
    expect(image).toBeDefined();
    expect(await exifr.gps(Buffer.from(image!.contents)).catch(() => undefined)).toBeUndefined();
  });

  it('refuses an unreadable or encrypted document with a reason in words', async () => {
    await expect(pdfWithoutMetadata(Buffer.from('%PDF-1.4\ngarbage'))).rejects.toBeInstanceOf(
      PdfUnreadableError,
    );
    // Encrypted by qpdf (installed by the project's scripts) with an owner password.
    const directory = mkdtempSync(join(tmpdir(), 'vigie-pdf-'));
    try {
      const plain = join(directory, 'plain.pdf');
      const encrypted = join(directory, 'encrypted.pdf');
      writeFileSync(plain, await documentWithMetadata());
      execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--', plain, encrypted]);
      await expect(pdfWithoutMetadata(readFileSync(encrypted))).rejects.toThrow(/encrypted/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
