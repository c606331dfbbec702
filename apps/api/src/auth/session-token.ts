import { createHash, randomBytes } from 'node:crypto';

/** A random 256-bit token, given to the client once; only its hash is stored. */
export function newSessionToken(): { token: string; tokenHash: string } {
  let token = randomBytes(32).toString('base64url');
  // Bearer tokens starting `vgt_` are personal access tokens (one session in 16 million would be).
  while (token.startsWith('vgt_')) token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const SESSION_COOKIE = 'vigie_session';
