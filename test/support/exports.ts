import { buffer as readAll } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import { fromBufferPromise } from 'yauzl';
import { expect } from 'vitest';
import type { ApiClient } from './e2e-api';
import type { JsonResponse } from './http';

/** A downloaded file: its status, headers and bytes (and, for errors, the JSON body). */
export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer<ArrayBuffer>;
  text: string;
}

export async function download(client: ApiClient, path: string): Promise<Download> {
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: client.token ? { authorization: `Bearer ${client.token}` } : {},
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

/** The download as `expectApiError` reads a JSON response. */
export function asJson(file: Download): JsonResponse {
  let body: unknown = file.text;
  try {
    body = JSON.parse(file.text);
  } catch {
    // Not JSON: the assertion will show the text.
  }
  return { status: file.status, headers: file.headers, body };
}

/** Expects a 200 file of the media type; the body's first bytes in the message otherwise. */
export function expectFile(file: Download, mediaType: RegExp): void {
  expect(file.status, file.text.slice(0, 600)).toBe(200);
  expect(file.headers.get('content-type') ?? '', file.text.slice(0, 200)).toMatch(mediaType);
  expect(file.headers.get('content-disposition') ?? '').toMatch(/^attachment; filename="vigie-[\w.-]+"$/);
}

export type CsvRow = Record<string, string>;

/**
 * Parses CSV with a standard parser (csv-parse) as RFC 4180 says: records end with CR LF only, so a
 * bare line feed between records would be read as data and fail the comparison. Rows keyed by the
 * header row.
 */
export function parseCsv(text: string, delimiter = ','): { header: string[]; rows: CsvRow[] } {
  const records = parse(text, {
    delimiter,
    record_delimiter: '\r\n',
    bom: true,
    relax_column_count: false,
  }) as string[][];
  const [header = [], ...data] = records;
  return {
    header,
    rows: data.map((values) => Object.fromEntries(header.map((name, index) => [name, values[index] ?? '']))),
  };
}

/** The files of a zip archive by name. */
export async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await fromBufferPromise(bytes, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    files.set(entry.fileName, await readAll(await zip.openReadStreamPromise(entry)));
  }
  return files;
}

/**
 * Sessions of the API (application name `vigie-api`) still running an export's statement or
 * holding a transaction open: what a client that went away must not leave behind.
 */
export async function openExportSessions(
  dataSource: DataSource,
): Promise<{ state: string; query: string }[]> {
  return dataSource.query(
    `SELECT state, left(query, 120) AS query FROM pg_stat_activity
      WHERE application_name = 'vigie-api' AND pid <> pg_backend_pid()
        AND (state LIKE 'idle in transaction%' OR query ILIKE 'COPY%' OR query ILIKE 'DECLARE vigie_export%'
             OR query ILIKE 'FETCH%vigie_export%')
        AND state <> 'idle'`,
  );
}

/** Waits (up to `ms`) until `check` holds, polling every 100 ms; returns its last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
