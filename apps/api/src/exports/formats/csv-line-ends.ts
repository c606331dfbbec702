import { Transform } from 'node:stream';

const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const CRLF = Buffer.from('\r\n');
const BOM = Buffer.from('\uFEFF');

/**
 * RFC 4180 record ends for the CSV that PostgreSQL's `COPY … CSV` writes: every line feed that
 * ends a record (outside a quoted field) becomes CR LF; a line feed inside a quoted field (free
 * text with a new line) is data and stays as it is. `COPY` quotes every field holding a quote, a
 * delimiter or a line end and doubles inner quotes, so a record end is a line feed seen after an
 * even number of quotes (a doubled quote toggles twice). Bytes are scanned as bytes: in UTF-8 no
 * byte of a multi-byte character is below 0x80, so neither a quote nor a line feed can be split.
 * The state (inside quotes or not) is carried from one chunk to the next.
 *
 * `bom` prefixes the output with a UTF-8 byte order mark, which spreadsheet software needs to
 * read a `;`-separated file as UTF-8.
 */
export function crlfRecords(options: { bom?: boolean } = {}): Transform {
  let inQuotes = false;
  let first = options.bom === true;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const parts: Buffer[] = first ? [BOM] : [];
      first = false;
      let from = 0;
      // The next quote and line feed at or after the scan position, each searched once.
      let quote = chunk.indexOf(QUOTE);
      let lineFeed = chunk.indexOf(LINE_FEED);
      for (;;) {
        if (inQuotes) {
          if (quote === -1) break;
          inQuotes = false;
        } else if (quote !== -1 && (lineFeed === -1 || quote < lineFeed)) {
          inQuotes = true;
        } else if (lineFeed !== -1) {
          parts.push(chunk.subarray(from, lineFeed), CRLF);
          from = lineFeed + 1;
          lineFeed = chunk.indexOf(LINE_FEED, from);
          continue;
        } else {
          break;
        }
        const after = quote + 1;
        quote = chunk.indexOf(QUOTE, after);
        if (lineFeed !== -1 && lineFeed < after) lineFeed = chunk.indexOf(LINE_FEED, after);
      }
      if (from === 0 && parts.length === 0) return callback(null, chunk);
      parts.push(chunk.subarray(from));
      callback(null, Buffer.concat(parts));
    },
  });
}
