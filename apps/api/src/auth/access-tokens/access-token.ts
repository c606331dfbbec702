import { createHash, randomBytes } from 'node:crypto';
import {
  ACCESS_TOKEN_PREFIX,
  ACCESS_TOKEN_SCOPES,
  type AccessTokenScope,
  accessTokenScopesOf,
  isIsoTimestampWithOffset,
  isLocalDate,
  parisDayEnd,
  type Role,
} from '@vigie/domain';

/** `vgt_` and 43 base64url characters: 256 random bits. */
export const ACCESS_TOKEN_FORMAT = /^vgt_[A-Za-z0-9_-]{43}$/;

/** How many characters of the token (after `vgt_`) are kept in clear to recognise it in a list. */
const VISIBLE_CHARACTERS = 8;

/**
 * A new personal access token: the secret, given to its owner once, its SHA-256 (what is stored;
 * a 256-bit random secret cannot be guessed, so a slow password hash would add nothing but
 * latency on every request, docs/decisions.md) and the prefix shown in lists.
 */
export function newAccessToken(): { token: string; tokenHash: string; prefix: string } {
  const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashAccessToken(token), prefix: visiblePrefix(token) };
}

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function visiblePrefix(token: string): string {
  return token.slice(0, ACCESS_TOKEN_PREFIX.length + VISIBLE_CHARACTERS);
}

/** A bearer credential that claims to be an access token (rather than a session token). */
export function looksLikeAccessToken(bearer: string): boolean {
  return bearer.startsWith(ACCESS_TOKEN_PREFIX);
}

/**
 * When a token asked to expire at `input` expires: a Paris local date (`2027-06-30`) means "valid
 * through that day"; a timestamp with its offset is taken as it is. Between now and `maxDays` from
 * now; the message says what is wrong otherwise.
 */
export function resolveExpiry(
  input: unknown,
  maxDays: number,
  now: Date = new Date(),
): { expiresAt: Date } | { error: string } {
  let expiresAt: Date;
  if (isLocalDate(input)) expiresAt = parisDayEnd(input);
  else if (isIsoTimestampWithOffset(input)) expiresAt = new Date(input);
  else return { error: 'must be a date (YYYY-MM-DD) or a timestamp with its offset' };
  if (expiresAt.getTime() <= now.getTime()) return { error: 'must be in the future' };
  if (expiresAt.getTime() > now.getTime() + maxDays * 86_400_000) {
    return { error: `must be at most ${maxDays} days from now` };
  }
  return { expiresAt };
}

/** The scopes asked for that the role may not hold (empty when all are allowed). */
export function scopesBeyondRole(role: Role, scopes: readonly AccessTokenScope[]): AccessTokenScope[] {
  const allowed = accessTokenScopesOf(role);
  return scopes.filter((scope) => !allowed.includes(scope));
}

/** Scopes in a stable order, each once. */
export function normaliseScopes(scopes: readonly AccessTokenScope[]): AccessTokenScope[] {
  return ACCESS_TOKEN_SCOPES.filter((scope) => scopes.includes(scope));
}

/**
 * Fixed one-minute windows: the seconds until the window that started at `windowStart` ends, which
 * is when a refused script may try again (`Retry-After`).
 */
export function secondsUntilWindowEnds(windowStart: Date, now: Date = new Date()): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
}
