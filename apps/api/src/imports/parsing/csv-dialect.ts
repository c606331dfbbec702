import { TextDecoder } from 'node:util';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import { importFileErrors } from './import-file.errors';

export type CsvEncoding = 'utf-8' | 'windows-1252';
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvDialect {
  encoding: CsvEncoding;
  delimiter: string;
}

const HEAD_BYTES = 64 * 1024;
const SNIFFED_LINES = 20;
// C0 control bytes that never occur in a text CSV (tab, line feed, vertical tab, form feed, carriage
// return and the old DOS end-of-file 0x1A do).
const CONTROL_BYTES = new Set([...Array(32).keys()].filter((b) => ![9, 10, 11, 12, 13, 26].includes(b)));

/**
 * Reads the file once, without keeping it, to choose its encoding (valid UTF-8 or else Windows-1252,
 * the encoding of legacy Excel "CSV" exports) and to refuse binary content; then sniffs the delimiter
 * from the first lines.
 */
export async function detectCsvDialect(path: string): Promise<CsvDialect> {
  const head = await readHead(path);
  if (head.length === 0) throw importFileErrors.empty();

  const { hasNul, isUtf8, size } = await scanBytes(path);
  const signature = await fileTypeFromBuffer(head);
  // A signature alone is not proof: a text file may start with 'BM' or '<?xml'.
  if (hasNul || (signature && head.some((byte) => CONTROL_BYTES.has(byte)))) {
    throw importFileErrors.binaryContent(signature?.mime ?? null);
  }

  const encoding: CsvEncoding = isUtf8 ? 'utf-8' : 'windows-1252';
  // TextDecoder drops the UTF-8 BOM; `stream` holds back a character cut by the end of the head.
  const text = new TextDecoder(encoding).decode(head, { stream: size > head.length });
  if (text.trim() === '' && size === head.length) throw importFileErrors.empty();
  return { encoding, delimiter: sniffDelimiter(text, size === head.length) };
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function scanBytes(path: string): Promise<{ hasNul: boolean; isUtf8: boolean; size: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let isUtf8 = true;
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: HEAD_BYTES }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (chunk.includes(0)) return { hasNul: true, isUtf8: false, size };
    if (isUtf8) isUtf8 = decodes(decoder, chunk, true);
  }
  if (isUtf8) isUtf8 = decodes(decoder, new Uint8Array(0), false);
  return { hasNul: false, isUtf8, size };
}

function decodes(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): boolean {
  try {
    decoder.decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/**
 * The delimiter that splits the first lines into the same number of fields, counting only outside
 * quotes: the most regular wins, then the most frequent in the header. ',' when none occurs (one column).
 */
export function sniffDelimiter(text: string, complete: boolean): string {
  const lines = splitLines(text, complete).slice(0, SNIFFED_LINES);
  let best: { delimiter: string; regularity: number; headerCount: number } | null = null;
  for (const delimiter of CSV_DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const headerCount = counts[0] ?? 0;
    if (headerCount === 0) continue;
    const regularity = counts.filter((count) => count === headerCount).length / counts.length;
    if (
      !best ||
      regularity > best.regularity ||
      (regularity === best.regularity && headerCount > best.headerCount)
    ) {
      best = { delimiter, regularity, headerCount };
    }
  }
  return best?.delimiter ?? ',';
}

/** Logical lines (a quoted field may hold line breaks), without the blank ones. */
function splitLines(text: string, complete: boolean): string[] {
  const lines: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === '\n' || char === '\r')) {
      lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  // The last line of a head cut mid-file is incomplete: its counts would mislead.
  if (complete) lines.push(text.slice(start));
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && char === delimiter) count++;
  }
  return count;
}
