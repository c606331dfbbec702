import type { FormShape } from './resources';

type Json = Record<string, unknown>;

/**
 * The body sent to the API for a create or an update: read-only fields removed (the API rejects
 * them), empty text turned into null (an emptied input gives `''`, which is not a valid code or a
 * meaningful text), empty rows of plain-value lists dropped. `id` and `version` are kept.
 */
export function toWritable(data: Json, readOnly: readonly string[], form: FormShape): Json {
  const skipped = new Set<string>(readOnly);
  const result: Json = {};
  for (const [key, value] of Object.entries(data)) {
    if (skipped.has(key) || value === undefined) continue;
    if (form.lists.includes(key) && Array.isArray(value)) {
      result[key] = value
        .map((item) => (typeof item === 'string' ? item.trim() : item))
        .filter((item) => item !== '' && item != null);
    } else if (Object.hasOwn(form.rows, key) && Array.isArray(value)) {
      result[key] = value.map((row) => (isPlainObject(row) ? emptyTextToNull(row) : row));
    } else {
      result[key] = value === '' ? null : value;
    }
  }
  return result;
}

function emptyTextToNull(row: Json): Json {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value === '' ? null : value]),
  );
}

export function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body of a PATCH: the writable fields whose value differs from the record as it was read,
 * with the version it was read at. Without the record as it was, every writable field is sent.
 */
export function changedFields(data: Json, previous: Json | undefined): Json {
  const result: Json = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'id') continue;
    if (key === 'version' || previous === undefined || !sameValue(value, previous[key])) {
      result[key] = value;
    }
  }
  return result;
}

/** Equal as JSON; null, undefined and an emptied text are the same "nothing". */
function sameValue(a: unknown, b: unknown): boolean {
  const normal = (value: unknown) => (value === undefined || value === '' ? null : value);
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}
