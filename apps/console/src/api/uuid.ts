/**
 * A random (v4) UUID for a record created in the console.
 *
 * The id is chosen before the first submission so that a submission retried from a phone on a bad
 * network is idempotent (same id + same content → the API answers 200 with the stored record).
 * `crypto.randomUUID` only exists in secure contexts (HTTPS, localhost); a console reached over
 * plain HTTP on a local network still has `crypto.getRandomValues`.
 */
export function newId(
  source: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto,
): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
