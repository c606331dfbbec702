import type { AppConfig } from '../config/app-config';

/**
 * Limits handed to the multipart parser. Fields are small (ids, a caption of at most 500
 * characters, the consent JSON): a longer value is cut by the parser and refused by the handler.
 */
export const MULTIPART_LIMITS = {
  files: 1,
  fields: 20,
  fieldSize: 8 * 1024,
  parts: 25,
  headerPairs: 100,
} as const;

/** Room for the fields and the multipart framing on top of the file, when judging Content-Length. */
export const MULTIPART_OVERHEAD_BYTES =
  MULTIPART_LIMITS.fields * MULTIPART_LIMITS.fieldSize + MULTIPART_LIMITS.parts * 1024;

/** Largest evidence file, in bytes. */
export function maxUploadBytes(config: Pick<AppConfig, 'VIGIE_MAX_UPLOAD_MB'>): number {
  return config.VIGIE_MAX_UPLOAD_MB * 1024 * 1024;
}
