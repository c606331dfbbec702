import { DomainError } from '../../common/domain-error';

export enum ImportFileErrorCode {
  Empty = 'import_file_empty',
  NoHeaderRow = 'import_file_no_header_row',
  BinaryContent = 'import_file_binary_content',
  NotXlsx = 'import_file_not_xlsx',
  UnknownSheet = 'import_file_unknown_sheet',
  DuplicatedHeaders = 'import_file_duplicated_headers',
  EmptyHeader = 'import_file_empty_header',
  TooManyCells = 'import_file_too_many_cells',
  MalformedCsv = 'import_file_malformed_csv',
}

/** Errors about the uploaded file itself; all land on the form's `file` field (or `sheet`). */
const fileError = (kind: 'invalid' | 'unsupported_media_type', code: ImportFileErrorCode, message: string) =>
  new DomainError(kind, code, message, { errors: { file: message } });

export const importFileErrors = {
  empty: () => fileError('invalid', ImportFileErrorCode.Empty, 'The file is empty'),
  noHeaderRow: (where = 'The file') =>
    fileError(
      'invalid',
      ImportFileErrorCode.NoHeaderRow,
      `${where} has no header row: the first non-empty row must name the columns`,
    ),
  binaryContent: (detected: string | null) =>
    fileError(
      'unsupported_media_type',
      ImportFileErrorCode.BinaryContent,
      `The file is not a CSV text file (${detected ? `it looks like ${detected}` : 'it holds binary content'}): export it as CSV (UTF-8) or upload an .xlsx workbook`,
    ),
  notXlsx: (reason: string) =>
    fileError(
      'unsupported_media_type',
      ImportFileErrorCode.NotXlsx,
      `The file is not a readable XLSX workbook (${reason}): save it as .xlsx or export it as CSV`,
    ),
  unknownSheet: (sheet: string, sheets: string[]) => {
    const known = sheets.map((name) => `"${name}"`).join(', ');
    return new DomainError(
      'invalid',
      ImportFileErrorCode.UnknownSheet,
      `The workbook has no sheet named "${sheet}"; its sheets are ${known}`,
      { errors: { sheet: `must be one of ${known}` } },
    );
  },
  duplicatedHeaders: (duplicates: { name: string; columns: number[] }[]) =>
    fileError(
      'invalid',
      ImportFileErrorCode.DuplicatedHeaders,
      `Column names must be unique: ${duplicates
        .map(({ name, columns }) => `"${name}" is the header of columns ${columns.join(', ')}`)
        .join('; ')}`,
    ),
  emptyHeader: (column: number, row: number) =>
    fileError(
      'invalid',
      ImportFileErrorCode.EmptyHeader,
      `Column ${column} has no header but holds a value on row ${row}: name the column or empty it`,
    ),
  tooManyCells: (row: number, columnCount: number) =>
    fileError(
      'invalid',
      ImportFileErrorCode.TooManyCells,
      `Too many cells on row ${row}: it has values beyond the ${columnCount} columns of the header`,
    ),
  malformedCsv: (line: number | null, reason: string) =>
    fileError(
      'invalid',
      ImportFileErrorCode.MalformedCsv,
      `The CSV is malformed${line === null ? '' : ` near line ${line}`}: ${reason}`,
    ),
};
