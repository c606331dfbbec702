import '@fastify/cookie';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AccessTokenScope, can, type Permission } from '@vigie/domain';
import type { FastifyRequest } from 'fastify';
import { AUTHENTICATED_KEY, PERMISSION_KEY, PUBLIC_KEY } from './access.decorators';
import { looksLikeAccessToken } from './access-tokens/access-token';
import { AccessTokenAuthenticator } from './access-tokens/access-token-authenticator';
import { TOKEN_SCOPE_KEY } from './access-tokens/access-token-scope.decorator';
import { authErrors } from './auth.errors';
import { SESSION_COOKIE, hashSessionToken } from './session-token';
import { SessionsRepository } from './sessions.repository';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes a session still waiting for its second factor may use. */
export const MFA_PENDING_ALLOWED = 'vigie:mfa-pending-allowed';

/**
 * Global guard, fail closed: a route must declare `@Public()`, `@Authenticated()` or
 * `@RequirePermission(…)`; anything else is refused. Resolves the session from the bearer token
 * or the session cookie; cookie-authenticated changes must come from our own origin. A personal
 * access token (`Bearer vgt_…`) is no session: only routes marked `@TokenScope` accept one.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsRepository,
    private readonly accessTokens: AccessTokenAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const anyUser = this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets);
    if (!permission && !anyUser) throw authErrors.noPermissionDeclared();

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { token, viaCookie } = readToken(request);
    if (!token) throw authErrors.notAuthenticated();
    if (!viaCookie && looksLikeAccessToken(token)) {
      const scope = this.reflector.getAllAndOverride<AccessTokenScope | undefined>(TOKEN_SCOPE_KEY, targets);
      request.actor = await this.accessTokens.authenticate(request, token, scope, permission);
      return true;
    }
    const session = await this.sessions.findLive(hashSessionToken(token));
    if (!session) throw authErrors.notAuthenticated();
    if (viaCookie && !SAFE_METHODS.has(request.method) && !isSameOrigin(request))
      throw authErrors.crossOrigin();
    if (session.mfaPending && !this.reflector.getAllAndOverride<boolean>(MFA_PENDING_ALLOWED, targets)) {
      throw authErrors.totpEnrollmentRequired();
    }
    request.actor = {
      id: session.userId,
      email: session.email,
      name: session.name,
      role: session.role,
      sessionId: session.sessionId,
      ip: request.ip,
    };
    if (permission && !can(session.role, permission)) throw authErrors.forbidden();
    if (Date.now() - new Date(session.lastSeenAt).getTime() > 60_000)
      await this.sessions.touch(session.sessionId);
    return true;
  }
}

/** The session token a request carries: bearer header first, else the session cookie. */
export function readToken(request: FastifyRequest): { token: string | null; viaCookie: boolean } {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer '))
    return { token: header.slice('Bearer '.length).trim() || null, viaCookie: false };
  const cookie = request.cookies?.[SESSION_COOKIE];
  return { token: cookie ?? null, viaCookie: Boolean(cookie) };
}

/** The Origin header must name this very host (scheme and port included). */
function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    const url = new URL(origin);
    return url.host === request.headers.host && url.protocol === `${request.protocol}:`;
  } catch {
    return false;
  }
}
