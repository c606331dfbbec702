import type { AttachmentRecord, Consent } from '@vigie/domain';
import { isPlainObject } from '../api/payload';
import { ownerField, type OwnerType } from './format';

export const ATTACHMENTS_URL = '/api/attachments';

export interface UploadRequest {
  /** Chosen once per file, so that a retry after a network failure is idempotent on the server. */
  id: string;
  file: Blob;
  fileName: string;
  ownerType: OwnerType;
  ownerId: string;
  caption: string;
  consent: Consent;
  /** Fraction of the bytes sent, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** A refused or failed upload: `status` 0 when the server could not be reached. */
export class UploadFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Upload failed (${status})`);
    this.name = 'UploadFailure';
  }
}

/** The multipart body: the fields first, so the server can refuse a bad owner before the bytes. */
export function uploadForm(request: Omit<UploadRequest, 'onProgress' | 'signal'>): FormData {
  const form = new FormData();
  form.append('id', request.id);
  form.append(ownerField(request.ownerType), request.ownerId);
  const caption = request.caption.trim();
  if (caption !== '') form.append('caption', caption);
  form.append('consent', JSON.stringify(request.consent));
  form.append('file', request.file, request.fileName);
  return form;
}

/**
 * `POST /api/attachments` with XMLHttpRequest, the only browser API that reports the progress of
 * an upload. The session cookie goes with it as with every other call (same origin).
 */
export function uploadAttachment(
  request: UploadRequest,
  createRequest: () => XMLHttpRequest = () => new XMLHttpRequest(),
): Promise<AttachmentRecord> {
  return new Promise((resolve, reject) => {
    const xhr = createRequest();
    const abort = () => xhr.abort();
    const settle = () => request.signal?.removeEventListener('abort', abort);

    xhr.open('POST', ATTACHMENTS_URL);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      settle();
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && isPlainObject(body)) {
        request.onProgress?.(1);
        resolve(body as unknown as AttachmentRecord);
      } else {
        reject(new UploadFailure(xhr.status, body));
      }
    };
    // The browser says no more than "failed" (offline, connection cut, proxy): status 0.
    xhr.onerror = () => {
      settle();
      reject(new UploadFailure(0, null));
    };
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => {
      settle();
      reject(new DOMException('Upload cancelled', 'AbortError'));
    };
    if (request.signal?.aborted) {
      reject(new DOMException('Upload cancelled', 'AbortError'));
      return;
    }
    request.signal?.addEventListener('abort', abort);
    xhr.send(uploadForm(request));
  });
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A translation key with its values, and whether sending the same file again may succeed. */
export interface UploadErrorMessage {
  key: string;
  params?: Record<string, string | number>;
  /** Retrying the same upload (same id) makes sense: the failure was the network or the server. */
  retryable: boolean;
}

const KEY = 'vigie.evidence.errors';

/**
 * What to tell the person about a failed upload (the API speaks English; DESIGN §5 statuses).
 * 413, 415 and an empty file get their own words, since the person can act on them (pick a
 * smaller file, a photo rather than a screenshot of a document…).
 */
export function uploadErrorMessage(error: unknown): UploadErrorMessage {
  if (!(error instanceof UploadFailure)) return { key: `${KEY}.unknown`, retryable: true };
  const { status, body } = error;
  const message = isPlainObject(body) && typeof body.message === 'string' ? body.message : '';
  const code = isPlainObject(body) && typeof body.code === 'string' ? body.code : '';
  switch (status) {
    case 0:
      return { key: `${KEY}.network`, retryable: true };
    case 400: {
      if (isEmptyFile(code, message, fieldErrors(body))) return { key: `${KEY}.empty`, retryable: false };
      const details = Object.values(fieldErrors(body)).join(' ; ') || message;
      return details === ''
        ? { key: `${KEY}.invalid`, retryable: false }
        : { key: `${KEY}.invalidWithReason`, params: { reason: details }, retryable: false };
    }
    case 401:
      return { key: `${KEY}.unauthenticated`, retryable: true };
    case 403:
      return { key: `${KEY}.forbidden`, retryable: false };
    case 404:
      return { key: `${KEY}.ownerNotFound`, retryable: false };
    case 409:
      return { key: `${KEY}.conflict`, retryable: false };
    case 413: {
      const limit = /(\d+(?:[.,]\d+)?)\s*(?:MB|MiB|Mo)/i.exec(message)?.[1];
      return limit
        ? { key: `${KEY}.tooLargeWithLimit`, params: { limit }, retryable: false }
        : { key: `${KEY}.tooLarge`, retryable: false };
    }
    case 415:
      return code === 'attachment_type_mismatch' || /declared|mismatch/i.test(message)
        ? { key: `${KEY}.typeMismatch`, retryable: false }
        : { key: `${KEY}.unsupportedType`, retryable: false };
    case 429:
      return { key: `${KEY}.tooManyRequests`, retryable: true };
    default:
      return { key: `${KEY}.server`, retryable: status >= 500 };
  }
}

/**
 * Refuses before sending what the server would refuse for its size alone: an empty file, or one
 * over the server's limit (`/api/meta` `maxUploadMb`, null while unknown), with the words of the
 * server's own 400 and 413 so that the person reads the same thing either way.
 */
export function sizeRefusal(sizeBytes: number, maxUploadMb: number | null): UploadErrorMessage | null {
  if (sizeBytes === 0) return uploadErrorMessage(new UploadFailure(400, { code: 'attachment_empty_file' }));
  if (maxUploadMb !== null && sizeBytes > maxUploadMb * 1024 * 1024) {
    return uploadErrorMessage(
      new UploadFailure(413, {
        code: 'attachment_too_large',
        message: `The file is larger than ${maxUploadMb} MB`,
      }),
    );
  }
  return null;
}

function fieldErrors(body: unknown): Record<string, string> {
  if (!isPlainObject(body) || !isPlainObject(body.errors)) return {};
  return Object.fromEntries(
    Object.entries(body.errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function isEmptyFile(code: string, message: string, errors: Record<string, string>): boolean {
  return code === 'attachment_empty_file' || /\bempty\b|\b0 bytes\b/i.test(`${message} ${errors.file ?? ''}`);
}
