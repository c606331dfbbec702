import type { ImportDetail } from '@vigie/domain';
import { expect } from 'vitest';
import type { ApiClient } from './e2e-api';
import type { JsonResponse } from './http';

/** Uploads a file to `POST /api/imports` as the client, multipart like the console does. */
export async function uploadImport(
  client: ApiClient,
  file: { bytes: Buffer | string; name: string; type?: string },
  fields: Record<string, string> = { kind: 'observations' },
): Promise<JsonResponse<ImportDetail>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes, 'utf8') : file.bytes;
  form.append('file', new Blob([new Uint8Array(bytes)], { type: file.type ?? 'text/csv' }), file.name);
  const response = await fetch(`${client.baseUrl}/api/imports`, {
    method: 'POST',
    headers: client.token ? { authorization: `Bearer ${client.token}` } : {},
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: response.status, headers: response.headers, body: body as ImportDetail };
}

/** Uploads and expects 201. */
export async function uploadImportOk(
  client: ApiClient,
  file: { bytes: Buffer | string; name: string; type?: string },
  fields: Record<string, string> = { kind: 'observations' },
): Promise<ImportDetail> {
  const response = await uploadImport(client, file, fields);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}
