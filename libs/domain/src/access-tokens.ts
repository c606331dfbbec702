import { can, type Permission } from './permissions';
import type { Role } from './vocabularies';

/**
 * Personal access tokens (DESIGN §5): what a script may do with one. Each scope stands for the
 * permission its routes need; a token never grants more than its user's current role allows.
 */
export const ACCESS_TOKEN_SCOPES = ['exports', 'stats'] as const;
export type AccessTokenScope = (typeof ACCESS_TOKEN_SCOPES)[number];

/** The permission a role needs to hold (and use) a token of the scope. */
export const ACCESS_TOKEN_SCOPE_PERMISSION: Readonly<Record<AccessTokenScope, Permission>> = {
  exports: 'exports.research',
  stats: 'stats.read',
};

/** The scopes the role may put on a token (every role reads statistics; not every role exports). */
export function accessTokenScopesOf(role: Role): AccessTokenScope[] {
  return ACCESS_TOKEN_SCOPES.filter((scope) => can(role, ACCESS_TOKEN_SCOPE_PERMISSION[scope]));
}

/** Every token starts with this, so that secret scanners recognise a leaked one. */
export const ACCESS_TOKEN_PREFIX = 'vgt_';

/** Live (neither revoked nor expired) tokens one account may hold at once. */
export const ACCESS_TOKEN_MAX_LIVE_PER_USER = 10;

/** `GET /api/auth/tokens`: a token as its owner sees it, never its secret nor its hash. */
export interface AccessTokenView {
  id: string;
  name: string;
  /** `vgt_` and the first 8 characters of the secret, to recognise the token. */
  prefix: string;
  scopes: AccessTokenScope[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** `active`, or why the token no longer works. */
  status: 'active' | 'expired' | 'revoked';
}

/** `POST /api/auth/tokens`: the new token, with its secret this once. */
export interface NewAccessToken extends AccessTokenView {
  token: string;
}
