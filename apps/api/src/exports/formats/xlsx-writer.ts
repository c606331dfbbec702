import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../common/spreadsheet-cells';
import { type ExportColumn, holdsText } from '../exports.columns';
import type { ExportRow } from '../exports.repository';
import { cellValue } from './typed-values';

const NUMBER_FORMATS: Partial<Record<ExportColumn['type'], string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
  integer: '0',
};

/** Sheet names (French first: the observatory's spreadsheets are French). */
export const XLSX_SHEETS = { data: 'Données', definitions: 'Définitions' } as const;

/** The definitions sheet's columns: one row per data column. */
export const DEFINITION_HEADERS = ['column', 'type', 'title_fr', 'title_en', 'unit', 'description', 'codes'];

function codesOf(column: ExportColumn): string {
  return column.vocabulary?.terms.map((term) => `${term.code} = ${term.fr} / ${term.en}`).join('; ') ?? '';
}

/**
 * A data cell: typed, text as a string cell (never `{ formula }`), and a text that would start a
 * formula neutralised, so that the sheet saved again as CSV stays safe (common/spreadsheet-cells.ts).
 */
export function sheetCell(
  column: ExportColumn,
  raw: ExportRow[string] | undefined,
): ReturnType<typeof cellValue> {
  const value = cellValue(column, raw);
  return typeof value === 'string' && holdsText(column) ? neutraliseFormula(value) : value;
}

/** Waits until the reader has taken what was written, or is gone (then false). */
async function drained(out: PassThrough): Promise<boolean> {
  if (out.destroyed) return false;
  if (!out.writableNeedDrain) return true;
  await Promise.race([once(out, 'drain'), once(out, 'close')]);
  return !out.destroyed;
}

/**
 * An XLSX workbook written with ExcelJS's streaming writer: a data sheet with typed cells (dates as
 * dates, counts as numbers, booleans as booleans) and a definitions sheet. Rows are committed as
 * they arrive, and the next batch is read only once the reader has taken the previous one.
 */
export function xlsxStream(
  columns: readonly ExportColumn[],
  batches: AsyncIterable<ExportRow[]>,
  onError: (error: Error) => void,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const write = async (): Promise<void> => {
    const data = workbook.addWorksheet(XLSX_SHEETS.data, { views: [{ state: 'frozen', ySplit: 1 }] });
    data.columns = columns.map((column) => ({
      header: column.name,
      key: column.name,
      width: Math.min(Math.max(column.name.length + 2, column.type === 'datetime' ? 20 : 12), 40),
      style: NUMBER_FORMATS[column.type] ? { numFmt: NUMBER_FORMATS[column.type] } : {},
    }));
    for await (const batch of batches) {
      for (const row of batch) {
        data.addRow(columns.map((column) => sheetCell(column, row[column.name]))).commit();
      }
      if (!(await drained(out))) return;
    }
    data.commit();
    const definitions = workbook.addWorksheet(XLSX_SHEETS.definitions);
    definitions.columns = DEFINITION_HEADERS.map((header) => ({
      header,
      key: header,
      width: header === 'description' || header === 'codes' ? 80 : 24,
    }));
    for (const column of columns) {
      definitions
        .addRow([
          column.name,
          column.type,
          column.title.fr,
          column.title.en,
          column.unit ?? '',
          column.description,
          codesOf(column),
        ])
        .commit();
    }
    definitions.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    onError(failure);
    out.destroy(failure);
  });
  return out;
}
