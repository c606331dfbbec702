import { TextDecoder } from 'node:util';
import { createReadStream } from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { CsvDialect } from './csv-dialect';
import { importFileErrors } from './import-file.errors';
import type { ImportRow } from './import-file.types';

// An unclosed quote would otherwise swallow the rest of the file into one field, in memory.
const MAX_RECORD_CHARS = 1_000_000;

/**
 * The file's records, streamed: `row` counts records (a quoted line break stays in its row, as a
 * spreadsheet shows it) and empty lines too, so numbers match what the user sees.
 */
export async function* readCsvRows(path: string, dialect: CsvDialect): AsyncGenerator<ImportRow> {
  const parser = parse({
    delimiter: dialect.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  // Errors reach the parser, which rethrows them to the loop below; closing early is no error.
  pipeline(createReadStream(path), decoder(dialect.encoding), parser, () => undefined);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw csvError(error);
    throw error;
  } finally {
    parser.destroy();
  }
}

/** Bytes → UTF-8 text for the parser, BOM dropped (TextDecoder's default). */
function decoder(encoding: CsvDialect['encoding']): Transform {
  const textDecoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, textDecoder.decode(chunk, { stream: true }));
    },
    flush(callback) {
      callback(null, textDecoder.decode());
    },
  });
}

function csvError(error: CsvError): Error {
  const line = typeof error.lines === 'number' ? error.lines : null;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return importFileErrors.malformedCsv(line, 'a quoted field is never closed');
    case 'CSV_MAX_RECORD_SIZE':
      return importFileErrors.malformedCsv(
        line,
        `a row is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`,
      );
    default:
      return importFileErrors.malformedCsv(line, error.message);
  }
}
