import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { DomainError } from '../../common/domain-error';
import { cellText } from './cell-text';
import { importFileErrors } from './import-file.errors';
import type { ImportRow } from './import-file.types';
import type { XlsxSheet, XlsxWorkbook } from './xlsx-workbook';

/** The sheet asked for, or the first one; an unknown name is refused with the list of sheets. */
export function chooseSheet(workbook: XlsxWorkbook, name: string | undefined): XlsxSheet {
  if (name === undefined || name === '') return workbook.sheets[0];
  const sheet = workbook.sheets.find((candidate) => candidate.name === name);
  if (!sheet)
    throw importFileErrors.unknownSheet(
      name,
      workbook.sheets.map((candidate) => candidate.name),
    );
  return sheet;
}

/**
 * exceljs's streaming reader, driven part by part. Read front to back, it copies every sheet that
 * precedes the shared strings in the zip (the usual order) to a temporary file it only removes when
 * the whole workbook is read, one open descriptor each. So the parts a sheet needs are fed from the
 * zip's directory first, then only the wanted sheet is decompressed and streamed. These methods are
 * exceljs 4's own steps (lib/stream/xlsx/workbook-reader.js); the tests cover them.
 */
interface WorkbookReaderSteps {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(entry: Readable, sheetNo: string): Generator<{ value: AsyncIterable<ExcelJS.Row> }>;
  sharedStrings?: unknown[];
}

/** One sheet's rows, streamed: `row` is the sheet's own row number. */
export async function* readXlsxRows(
  path: string,
  workbook: XlsxWorkbook,
  sheet: XlsxSheet,
): AsyncGenerator<ImportRow> {
  let zip: ZipFile | undefined;
  const streams: Readable[] = [];
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false });
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    const open = async (name: string): Promise<Readable | undefined> => {
      const entry = entries.get(name);
      if (!entry || !zip) return undefined;
      const stream = await zip.openReadStreamPromise(entry);
      streams.push(stream);
      return stream;
    };

    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      // Styles carry the number formats that tell a date from a number.
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    }) as unknown as WorkbookReaderSteps;
    await reader._parseRels(await required(open('xl/_rels/workbook.xml.rels')));
    await reader._parseWorkbook(await required(open('xl/workbook.xml')));
    const styles = await open('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    const sharedStrings = await open('xl/sharedStrings.xml');
    reader.sharedStrings = [];
    if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings));

    const sheetPart = await open(`xl/worksheets/sheet${sheet.fileNumber}.xml`);
    if (!sheetPart) throw importFileErrors.notXlsx(`sheet "${sheet.name}" is missing from the archive`);
    for (const { value: worksheet } of reader._parseWorksheet(sheetPart, sheet.fileNumber)) {
      for await (const row of worksheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          cells[column - 1] = cellText(cell.value, cell.numFmt, workbook.date1904);
        });
        yield { row: row.number, cells: Array.from(cells, (cell) => cell ?? '') };
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw importFileErrors.notXlsx(`the workbook is damaged: ${(error as Error).message}`);
  } finally {
    for (const stream of streams) stream.destroy();
    zip?.close();
  }
}

async function required(stream: Promise<Readable | undefined>): Promise<Readable> {
  const part = await stream;
  if (!part) throw importFileErrors.notXlsx('the archive holds no Excel workbook');
  return part;
}
