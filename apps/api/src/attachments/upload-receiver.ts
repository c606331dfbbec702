import type { Readable } from 'node:stream';
import '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import { attachmentErrors } from './attachments.errors';
import type { FileStore, ReceivedFile } from '../files/file-store';
import { MULTIPART_OVERHEAD_BYTES } from './upload-limits';

/** The file part of an upload, already on disk in a temporary file. */
export interface UploadedFile {
  received: ReceivedFile;
  /** Content-Type of the part as the client declared it. */
  declaredType: string;
  filename: string | null;
}

export interface Upload {
  fields: Map<string, unknown>;
  file: UploadedFile | null;
}

/** Reads and throws away the rest of a part the handler does not want. */
async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/** Errors of the parser (busboy, @fastify/multipart) become 400s; disk errors stay server errors. */
function asClientError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string') return error;
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'FST_FILES_LIMIT':
      return attachmentErrors.malformedForm('send exactly one file');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return attachmentErrors.malformedForm('too many parts');
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return attachmentErrors.invalidFields({ consent: 'must be valid JSON' });
    case 'FST_MP_PREMATURE_CLOSE':
      return attachmentErrors.malformedForm('the request ended before the form was complete');
    default:
      return attachmentErrors.malformedForm(error instanceof Error ? error.message : 'unreadable');
  }
}

/**
 * Reads a `multipart/form-data` upload part by part: the text fields into memory (they are small,
 * the parser caps them), the `file` part streamed to a temporary file through the hash. Fields may
 * come before or after the file. Whatever goes wrong, no temporary file is left behind.
 */
export async function receiveUpload(
  request: FastifyRequest,
  store: FileStore,
  maxBytes: number,
  maxMb: number,
): Promise<Upload> {
  if (!request.isMultipart()) throw attachmentErrors.notMultipart();
  const declaredLength = Number(request.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    throw attachmentErrors.tooLarge(maxMb);
  }
  const fields = new Map<string, unknown>();
  const errors: Record<string, string> = {};
  let file: UploadedFile | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file !== null) {
          errors[part.fieldname] = 'only one file, in the part named "file"';
          await drain(part.file);
          continue;
        }
        // Past the limit the parser would skip the rest of the part quietly: stop right there.
        part.file.once('limit', () => part.file.destroy(attachmentErrors.tooLarge(maxMb)));
        const received = await store.receive(part.file, maxBytes);
        file = { received, declaredType: part.mimetype, filename: part.filename || null };
        if (received.tooLarge || part.file.truncated) throw attachmentErrors.tooLarge(maxMb);
        continue;
      }
      if (part.fieldnameTruncated || part.valueTruncated) {
        errors[part.fieldname] = 'is too long';
      } else if (fields.has(part.fieldname)) {
        errors[part.fieldname] = 'must be given once';
      } else {
        fields.set(part.fieldname, part.value);
      }
    }
  } catch (error) {
    await file?.received.discard();
    // Let the client finish sending (the bytes are discarded) so that it reads the answer.
    request.raw.resume();
    throw asClientError(error);
  }
  if (Object.keys(errors).length > 0) {
    await file?.received.discard();
    throw attachmentErrors.invalidFields(errors);
  }
  return { fields, file };
}
