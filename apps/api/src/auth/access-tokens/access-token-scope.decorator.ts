import { SetMetadata } from '@nestjs/common';
import type { AccessTokenScope } from '@vigie/domain';

export const TOKEN_SCOPE_KEY = 'vigie:token-scope';

/**
 * The routes (or the controller) a personal access token with this scope may call, besides a
 * session. Any route without it refuses tokens (401): a token is not a session.
 */
export const TokenScope = (scope: AccessTokenScope) => SetMetadata(TOKEN_SCOPE_KEY, scope);
