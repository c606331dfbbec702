import { ACCESS_TOKEN_MAX_LIVE_PER_USER, type AccessTokenScope } from '@vigie/domain';
import { DomainError } from '../../common/domain-error';

export enum AccessTokenErrorCode {
  Invalid = 'access_token_invalid',
  Expired = 'access_token_expired',
  Revoked = 'access_token_revoked',
  NotAccepted = 'access_token_not_accepted',
  ScopeMissing = 'access_token_scope_missing',
  RateLimited = 'access_token_rate_limited',
  ScopeNotAllowed = 'access_token_scope_not_allowed',
  InvalidExpiry = 'access_token_invalid_expiry',
  TooMany = 'access_token_limit_reached',
  NotFound = 'access_token_not_found',
}

export const accessTokenErrors = {
  /** Unknown token, or its account is deactivated: the same answer, so nothing is learnt. */
  invalid: () =>
    new DomainError('unauthenticated', AccessTokenErrorCode.Invalid, 'This access token is not valid'),
  expired: () =>
    new DomainError(
      'unauthenticated',
      AccessTokenErrorCode.Expired,
      'This access token has expired: create a new one in the console (Account security)',
    ),
  revoked: () =>
    new DomainError('unauthenticated', AccessTokenErrorCode.Revoked, 'This access token has been revoked'),
  /** The route is not one of the exports or statistics: a token is no session. */
  notAccepted: () =>
    new DomainError(
      'unauthenticated',
      AccessTokenErrorCode.NotAccepted,
      'Access tokens are accepted by the export and statistics routes only; sign in for the rest',
    ),
  scopeMissing: (scope: AccessTokenScope) =>
    new DomainError(
      'forbidden',
      AccessTokenErrorCode.ScopeMissing,
      `This access token does not have the "${scope}" scope`,
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError(
      'rate_limited',
      AccessTokenErrorCode.RateLimited,
      'Too many requests with this access token; slow down',
      { retryAfterSeconds },
    ),
  scopeNotAllowed: (scopes: readonly AccessTokenScope[]) =>
    new DomainError(
      'forbidden',
      AccessTokenErrorCode.ScopeNotAllowed,
      `Your role does not allow tokens with the scope ${scopes.map((scope) => `"${scope}"`).join(', ')}`,
      { errors: { scopes: `your role does not allow: ${scopes.join(', ')}` } },
    ),
  invalidExpiry: (message: string) =>
    new DomainError('invalid', AccessTokenErrorCode.InvalidExpiry, `expiresAt ${message}`, {
      errors: { expiresAt: message },
    }),
  tooMany: () =>
    new DomainError(
      'conflict',
      AccessTokenErrorCode.TooMany,
      `You already have ${ACCESS_TOKEN_MAX_LIVE_PER_USER} active access tokens: revoke one first`,
    ),
  notFound: () => new DomainError('not_found', AccessTokenErrorCode.NotFound, 'No such access token'),
};
