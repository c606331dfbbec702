import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal content gives equal text. The audit
 * chain's hashes are computed over it, so its output never changes: byte for byte what
 * `JSON.stringify` writes for a copy of the value whose objects were rebuilt with their keys
 * sorted — integer-like keys first in numeric order, as JavaScript orders an object's keys, then
 * the others by code unit (the spec checks both against each other). Written out rather than
 * with a replacer that rebuilds every object: a bulk import hashes tens of thousands of records.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '') ?? (undefined as unknown as string);
}

function write(input: unknown, key: string): string | undefined {
  let value = input;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // Throws as JSON.stringify does.
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value))
        return `[${value.map((item, index) => write(item, String(index)) ?? 'null').join(',')}]`;
      const object = value as Record<string, unknown>;
      let text = '';
      for (const name of sortedKeys(object)) {
        const item = write(object[name], name);
        if (item !== undefined) text += `${text === '' ? '' : ','}${JSON.stringify(name)}:${item}`;
      }
      return `{${text}}`;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays.
      return undefined;
  }
}

/** An array index as JavaScript orders object keys: "0" … "4294967294", no leading zero. */
function isIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57) return false;
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4_294_967_295;
}

function sortedKeys(object: Record<string, unknown>): string[] {
  const keys = Object.keys(object);
  // Object.keys lists the integer-like keys first, in numeric order: only the rest needs sorting.
  let indices = 0;
  while (indices < keys.length && isIndex(keys[indices]!)) indices += 1;
  if (indices === 0) return keys.sort();
  return [...keys.slice(0, indices), ...keys.slice(indices).sort()];
}

/** SHA-256 of the canonical JSON of a request body: two retries of the same create compare equal. */
export function contentDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
