import { isPlainObject } from '../api/payload';
import type { OutboxEntry, OutboxOperation } from './types';

const API_URL = '/api';

/** What the server's answer means for the entry. */
export type SendOutcome =
  | { kind: 'sent' }
  /** The network or the server failed: the same request is tried again later (idempotent). */
  | { kind: 'retry'; retryAfterMs: number | null }
  /** 401: the session ended (often while offline). Nothing more is sent until the user signs in. */
  | { kind: 'signIn' }
  | { kind: 'refused'; message: string; fieldErrors: Record<string, string> }
  | { kind: 'conflict'; server: Record<string, unknown> };

/**
 * Sends one entry. A create is a POST with the client-chosen id: when the answer to an earlier try
 * was lost, the server answers the retry with 200 and the stored record, never a second record.
 * An update is a PATCH of the changed fields with the version the edit started from.
 */
export async function sendEntry(entry: OutboxEntry, fetcher: typeof fetch = fetch): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetcher(requestUrl(entry.operation), requestInit(entry.operation));
  } catch {
    return { kind: 'retry', retryAfterMs: null };
  }
  const body = parseJson(await response.text().catch(() => ''));
  return outcomeOf(entry.operation, response.status, body, response.headers.get('Retry-After'));
}

function requestUrl(operation: OutboxOperation): string {
  switch (operation.type) {
    case 'create':
      return `${API_URL}/${operation.resource}`;
    case 'update':
      return `${API_URL}/${operation.resource}/${encodeURIComponent(operation.id)}`;
    case 'upload':
      return `${API_URL}/attachments`;
  }
}

function requestInit(operation: OutboxOperation): RequestInit {
  const common: RequestInit = { credentials: 'same-origin', cache: 'no-store' };
  switch (operation.type) {
    case 'create':
      return { ...common, method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(operation.body) };
    case 'update':
      return {
        ...common,
        method: 'PATCH',
        headers: JSON_HEADERS,
        body: JSON.stringify({ ...operation.changes, version: operation.version }),
      };
    case 'upload':
      return {
        ...common,
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: uploadForm(operation),
      };
  }
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** The multipart body of `POST /api/attachments`: the fields first, then the file. */
function uploadForm(operation: Extract<OutboxOperation, { type: 'upload' }>): FormData {
  const form = new FormData();
  form.append('id', operation.id);
  if ('observationId' in operation.parent) form.append('observationId', operation.parent.observationId);
  else form.append('incidentId', operation.parent.incidentId);
  const caption = operation.caption?.trim() ?? '';
  if (caption !== '') form.append('caption', caption);
  form.append('consent', JSON.stringify(operation.consent));
  form.append('file', operation.file, operation.filename);
  return form;
}

/**
 * The answer's meaning (DESIGN §5 statuses):
 * - 2xx: stored;
 * - network failure, 408, 429, 5xx: tried again later, the same request;
 * - 401: sign in again first; the outbox is kept;
 * - 409 `stale_version` on an update: a conflict, with the record as the server has it now
 *   (`current` of the 409 body); if the server already has exactly our change (our own earlier
 *   try whose answer was lost), it is sent;
 * - any other 4xx: refused, with the server's message and field errors to fix.
 */
export function outcomeOf(
  operation: OutboxOperation,
  status: number,
  body: unknown,
  retryAfter: string | null = null,
): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 0 || status === 408 || status === 429 || status >= 500) {
    return { kind: 'retry', retryAfterMs: retryAfterMs(retryAfter) };
  }
  if (status === 401) return { kind: 'signIn' };
  const code = isPlainObject(body) && typeof body.code === 'string' ? body.code : undefined;
  if (
    status === 409 &&
    operation.type === 'update' &&
    code === 'stale_version' &&
    isPlainObject(body) &&
    isPlainObject(body.current)
  ) {
    const server = body.current;
    return alreadyApplied(operation.changes, server) ? { kind: 'sent' } : { kind: 'conflict', server };
  }
  return {
    kind: 'refused',
    message: isPlainObject(body) && typeof body.message === 'string' ? body.message : `HTTP ${status}`,
    fieldErrors: fieldErrorsOf(body),
  };
}

/** Every changed field already has our value on the server. */
export function alreadyApplied(changes: Record<string, unknown>, server: Record<string, unknown>): boolean {
  return Object.entries(changes).every(([field, value]) => sameValue(value, server[field]));
}

/** Compares JSON values (the API's answers and our bodies are JSON); key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    isPlainObject(item)
      ? Object.fromEntries(Object.entries(item).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : item,
  );
}

function fieldErrorsOf(body: unknown): Record<string, string> {
  if (!isPlainObject(body) || !isPlainObject(body.errors)) return {};
  return Object.fromEntries(
    Object.entries(body.errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim()) * 1000;
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
