/** `sha-256=:<base64>:` (RFC 9530), so a client can check the bytes it received. */
export function reprDigest(sha256: string): string {
  return `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`;
}
