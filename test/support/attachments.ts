import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { AttachmentRecord } from '@vigie/domain';
import { expect } from 'vitest';
import { projectRoot } from '../../db/project-root';
import type { ApiClient } from './e2e-api';
import type { JsonResponse } from './http';

export const FIXTURES = join(projectRoot(), 'test', 'fixtures', 'attachments');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Magic bytes of a few types, padded so that the sniffer has enough to read. */
export const BYTES = {
  pdf: (text = 'Vigie test document') =>
    Buffer.from(
      `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    ),
  /** An x86-64 ELF executable header: what a ".jpg" from an attacker may really be. */
  elf: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]),
  /**
   * 40 bytes: a HEIC `ftyp` box, then a box of size 0. exifr never returns on it: the upload must
   * still be answered, and the API keep serving others meanwhile.
   */
  loopingHeic: () => {
    const ftyp = Buffer.alloc(24);
    ftyp.writeUInt32BE(24, 0);
    ftyp.write('ftypheic', 4);
    ftyp.write('mif1heic', 16);
    const empty = Buffer.alloc(16);
    empty.write('free', 4);
    return Buffer.concat([ftyp, empty]);
  },
  /** Plain text, which no allow-listed type matches. */
  text: () => Buffer.from('just some text, not evidence\n'.repeat(20)),
};

/** One part of a multipart form, in order: a text field, or the file. */
export type FormPart =
  { name: string; value: string } | { name: string; file: Buffer; filename?: string; type?: string };

/** Builds a FormData in the given part order (fields may follow the file). */
export function formOf(parts: readonly FormPart[]): FormData {
  const form = new FormData();
  for (const part of parts) {
    if ('file' in part) {
      form.append(
        part.name,
        new Blob([new Uint8Array(part.file)], { type: part.type ?? 'application/octet-stream' }),
        part.filename ?? 'evidence.bin',
      );
    } else {
      form.append(part.name, part.value);
    }
  }
  return form;
}

/** Sends a multipart upload as the client's user; the body is parsed as JSON when it is JSON. */
export async function upload(
  client: ApiClient,
  parts: readonly FormPart[],
): Promise<JsonResponse<AttachmentRecord>> {
  const response = await fetch(`${client.baseUrl}/api/attachments`, {
    method: 'POST',
    headers: client.token ? { authorization: `Bearer ${client.token}` } : {},
    body: formOf(parts),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: response.status, headers: response.headers, body: body as AttachmentRecord };
}

/** Uploads and expects 201 with the record. */
export async function uploadOk(client: ApiClient, parts: readonly FormPart[]): Promise<AttachmentRecord> {
  const response = await upload(client, parts);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Raw bytes of a GET, with its headers. */
export async function download(
  client: ApiClient,
  path: string,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: client.token ? { authorization: `Bearer ${client.token}` } : {},
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Every file under a directory, recursively (paths relative to it). */
export function filesUnder(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path).map((child) => join(name, child)) : [name];
  });
}

/**
 * Opens a raw connection, sends the headers of a multipart upload announcing `body` whole, then
 * only the first `sent` bytes of it, waits for `beforeCut` (e.g. until the server has started
 * writing), and destroys the connection: a phone losing its network.
 */
export async function interruptedUpload(
  baseUrl: string,
  token: string,
  boundary: string,
  body: Buffer,
  sent: number,
  beforeCut: () => Promise<void>,
): Promise<void> {
  const { hostname, port } = new URL(baseUrl);
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        [
          'POST /api/attachments HTTP/1.1',
          `Host: ${hostname}:${port}`,
          `Authorization: Bearer ${token}`,
          `Content-Type: multipart/form-data; boundary=${boundary}`,
          `Content-Length: ${body.length}`,
          '',
          '',
        ].join('\r\n'),
      );
      socket.write(body.subarray(0, sent), () => {
        beforeCut().then(() => {
          socket.destroy();
          resolve();
        }, reject);
      });
    });
    socket.on('error', reject);
  });
}

/** A multipart body by hand (for the raw-socket test): text fields, then the file. */
export function multipartBody(boundary: string, fields: Record<string, string>, file: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return Buffer.concat(chunks);
}

/**
 * Sends an upload with chunked encoding (no Content-Length) but only its first `sent` bytes, and
 * resolves with the start of what the server answers meanwhile (empty if nothing within `waitMs`).
 */
export async function answerToPartialChunkedUpload(
  baseUrl: string,
  token: string,
  boundary: string,
  body: Buffer,
  sent: number,
  waitMs = 5_000,
): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        [
          'POST /api/attachments HTTP/1.1',
          `Host: ${hostname}:${port}`,
          `Authorization: Bearer ${token}`,
          `Content-Type: multipart/form-data; boundary=${boundary}`,
          'Transfer-Encoding: chunked',
          '',
          '',
        ].join('\r\n'),
      );
      const part = body.subarray(0, sent);
      socket.write(`${part.length.toString(16)}\r\n`);
      socket.write(part);
      socket.write('\r\n');
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, waitMs);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
