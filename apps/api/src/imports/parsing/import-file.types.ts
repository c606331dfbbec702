export type ImportFormat = 'csv' | 'xlsx' | 'kobo-csv' | 'kobo-xlsx';

export interface ImportFileInfo {
  format: ImportFormat;
  /** CSV only. */
  encoding: 'utf-8' | 'windows-1252' | null;
  /** CSV only: ',', ';', '\t' or '|'. */
  delimiter: string | null;
  /** XLSX only: the sheet read. */
  sheet: string | null;
  /** XLSX only: every worksheet's name, in workbook order. */
  sheets: string[];
  /** Header cells, trimmed, BOM removed. */
  columns: string[];
}

/** One data row: `row` is the spreadsheet row number (the header is row 1), cells align with the columns. */
export interface ImportRow {
  row: number;
  cells: string[];
}

export interface OpenImportFileOptions {
  /** The name the client gave the file: its extension chooses the reader. */
  fileName: string;
  /** XLSX only: the sheet to read (default: the first one). */
  sheet?: string;
}

export interface OpenedImportFile {
  info: ImportFileInfo;
  /**
   * Read once. The file stays open until the iteration ends: iterate it to the end, break out of it,
   * or call `return()` on its iterator.
   */
  rows: AsyncIterable<ImportRow>;
}
