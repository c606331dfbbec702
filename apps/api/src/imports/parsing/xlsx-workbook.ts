import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { importFileErrors } from './import-file.errors';

export interface XlsxSheet {
  name: string;
  /** N of `xl/worksheets/sheetN.xml`, which is how exceljs names a sheet it cannot match by name. */
  fileNumber: string;
}

export interface XlsxWorkbook {
  /** Worksheets in workbook (tab) order; chart sheets left out. */
  sheets: XlsxSheet[];
  date1904: boolean;
}

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const MAX_PART_BYTES = 16 * 1024 * 1024;

/**
 * The sheet list, read from the zip's central directory and the two small workbook parts: exceljs's
 * streaming reader only learns sheet names when those parts precede the sheets in the zip.
 */
export async function readXlsxWorkbook(path: string): Promise<XlsxWorkbook> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false });
  } catch {
    throw importFileErrors.notXlsx('it is not a zip archive');
  }
  try {
    const parts = await readParts(zip, [WORKBOOK, WORKBOOK_RELS]);
    const workbook = parts.get(WORKBOOK);
    const rels = parts.get(WORKBOOK_RELS);
    if (workbook === undefined || rels === undefined) {
      throw importFileErrors.notXlsx('the archive holds no Excel workbook');
    }
    const sheets = worksheets(workbook, rels);
    if (sheets.length === 0) throw importFileErrors.notXlsx('the workbook has no worksheet');
    return { sheets, date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook) };
  } finally {
    zip.close();
  }
}

async function readParts(zip: ZipFile, names: string[]): Promise<Map<string, string>> {
  const parts = new Map<string, string>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (names.includes(entry.fileName)) parts.set(entry.fileName, await readEntry(zip, entry));
      if (parts.size === names.length) break;
    }
  } catch (error) {
    throw importFileErrors.notXlsx(`the archive is damaged: ${(error as Error).message}`);
  }
  return parts;
}

async function readEntry(zip: ZipFile, entry: Entry): Promise<string> {
  if (entry.uncompressedSize > MAX_PART_BYTES)
    throw importFileErrors.notXlsx(`${entry.fileName} is too large`);
  const chunks: Buffer[] = [];
  for await (const chunk of (await zip.openReadStreamPromise(entry)) as Readable)
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf-8');
}

function worksheets(workbook: string, rels: string): XlsxSheet[] {
  const targets = new Map<string, string>();
  for (const [, attributes] of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const { Id: id, Target: target, Type: type } = xmlAttributes(attributes);
    if (id && target && type?.endsWith('/worksheet')) targets.set(id, target);
  }
  const sheets: XlsxSheet[] = [];
  for (const [, attributes] of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const values = xmlAttributes(attributes);
    // The relationship id is `r:id`, whatever prefix the file binds to the namespace.
    const relId = Object.entries(values).find(([name]) => name.endsWith(':id'))?.[1];
    const target = relId === undefined ? undefined : targets.get(relId);
    const fileNumber = target && /(?:^|\/)sheet(\d+)\.xml$/.exec(posix.normalize(target))?.[1];
    if (values.name !== undefined && fileNumber) sheets.push({ name: values.name, fileNumber });
  }
  return sheets;
}

function xmlAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, value] of source.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) {
    attributes[name] = decodeXml(value);
  }
  return attributes;
}

function decodeXml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity: string, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X'))
      return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return named[code] ?? entity;
  });
}
