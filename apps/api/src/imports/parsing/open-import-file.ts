import { extname } from 'node:path';
import { detectCsvDialect } from './csv-dialect';
import { readCsvRows } from './csv-source';
import { importFileErrors } from './import-file.errors';
import type { ImportFileInfo, ImportRow, OpenImportFileOptions, OpenedImportFile } from './import-file.types';
import { chooseSheet, readXlsxRows } from './xlsx-source';
import { readXlsxWorkbook } from './xlsx-workbook';

const XLSX_EXTENSIONS = new Set(['.xlsx', '.xlsm']);
// KoboToolbox adds these metadata columns to every export, with labels or XML names alike.
const KOBO_COLUMNS = ['_uuid', '_submission_time'];

type SourceInfo = Omit<ImportFileInfo, 'columns' | 'format'> & { format: 'csv' | 'xlsx' };

/**
 * Opens an uploaded CSV or XLSX file: reads its header now and streams its data rows. The extension
 * chooses the reader; anything but .xlsx is read as CSV text (and refused if it is binary).
 */
export async function openImportFile(
  path: string,
  options: OpenImportFileOptions,
): Promise<OpenedImportFile> {
  const { source, rows } = await openSource(path, options);
  const iterator = rows[Symbol.asyncIterator]();
  try {
    const header = await readHeader(iterator, source.sheet);
    const columns = headerColumns(header.cells);
    const isKobo = KOBO_COLUMNS.some((name) => columns.includes(name));
    const info: ImportFileInfo = {
      ...source,
      format: isKobo ? (`kobo-${source.format}` as const) : source.format,
      columns,
    };
    return { info, rows: dataRows(iterator, columns, header.cells.length) };
  } catch (error) {
    await iterator.return?.(undefined);
    throw error;
  }
}

async function openSource(
  path: string,
  options: OpenImportFileOptions,
): Promise<{ source: SourceInfo; rows: AsyncGenerator<ImportRow> }> {
  if (XLSX_EXTENSIONS.has(extname(options.fileName).toLowerCase())) {
    const workbook = await readXlsxWorkbook(path);
    const sheet = chooseSheet(workbook, options.sheet);
    return {
      source: {
        format: 'xlsx',
        encoding: null,
        delimiter: null,
        sheet: sheet.name,
        sheets: workbook.sheets.map(({ name }) => name),
      },
      rows: readXlsxRows(path, workbook, sheet),
    };
  }
  const dialect = await detectCsvDialect(path);
  return {
    source: {
      format: 'csv',
      encoding: dialect.encoding,
      delimiter: dialect.delimiter,
      sheet: null,
      sheets: [],
    },
    rows: readCsvRows(path, dialect),
  };
}

/** The first non-empty row names the columns. */
async function readHeader(iterator: AsyncIterator<ImportRow>, sheet: string | null): Promise<ImportRow> {
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const cells = next.value.cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
    if (cells.every((cell) => cell === '')) continue;
    // A first row of numbers and dates is data: the file was exported without its header.
    if (cells.every((cell) => cell === '' || /^[\d\s.,:/+-]+$/.test(cell))) break;
    return { row: next.value.row, cells };
  }
  throw importFileErrors.noHeaderRow(sheet === null ? 'The file' : `Sheet "${sheet}"`);
}

/** Header cells up to the last named one; a name may appear only once. */
function headerColumns(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  const columns = cells.slice(0, end);
  const positions = new Map<string, number[]>();
  columns.forEach((name, index) => {
    if (name !== '') positions.set(name, [...(positions.get(name) ?? []), index + 1]);
  });
  const duplicates = [...positions]
    .filter(([, numbers]) => numbers.length > 1)
    .map(([name, numbers]) => ({ name, columns: numbers }));
  if (duplicates.length > 0) throw importFileErrors.duplicatedHeaders(duplicates);
  return columns;
}

/**
 * Data rows with trimmed cells aligned on the columns. Blank rows are skipped (their numbers stay
 * counted). A value under a blank header cell, or beyond the header, is refused: it would be lost.
 */
function dataRows(
  iterator: AsyncIterator<ImportRow>,
  columns: string[],
  headerWidth: number,
): AsyncIterable<ImportRow> {
  const close = async (): Promise<IteratorResult<ImportRow>> => {
    await iterator.return?.(undefined);
    return { done: true, value: undefined };
  };
  const nextRow = async (): Promise<IteratorResult<ImportRow>> => {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      const { row } = result.value;
      const raw = result.value.cells.map((cell) => cell.trim());
      if (raw.every((cell) => cell === '')) continue;
      raw.forEach((cell, index) => {
        if (cell === '' || columns[index]) return;
        throw index < headerWidth
          ? importFileErrors.emptyHeader(index + 1, row)
          : importFileErrors.tooManyCells(row, columns.length);
      });
      const cells = columns.map((_, index) => raw[index] ?? '');
      return { done: false, value: { row, cells } };
    }
    return { done: true, value: undefined };
  };
  // A plain iterator rather than a generator: `return()` must close the file even before the first
  // `next()`, which a generator that has not started ignores; `for await` does not call `return()`
  // when `next()` throws, so a refused row closes it here.
  const rows: AsyncIterableIterator<ImportRow> = {
    next: async () => {
      try {
        return await nextRow();
      } catch (error) {
        await close();
        throw error;
      }
    },
    return: close,
    [Symbol.asyncIterator]: () => rows,
  };
  return rows;
}
