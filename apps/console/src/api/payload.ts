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
