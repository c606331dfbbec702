import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ACCESS_TOKEN_PREFIX,
  ACCESS_TOKEN_SCOPE_PERMISSION,
  type AccessTokenScope,
  can,
  type Permission,
} from '@vigie/domain';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { type AuditEntry, AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import type { Actor } from '../actor';
import { authErrors } from '../auth.errors';
import { ACCESS_TOKEN_FORMAT, hashAccessToken, secondsUntilWindowEnds } from './access-token';
import { accessTokenErrors } from './access-tokens.errors';
import { type AccessTokenOwner, AccessTokensRepository } from './access-tokens.repository';

const SECRET_IN_URL = /vgt_[A-Za-z0-9_-]+/g;

/**
 * Authenticates a request that carries a personal access token (`Authorization: Bearer vgt_…`),
 * for the access guard. A token is accepted only by a route marked `@TokenScope(scope)` with one of
 * its scopes, within its rate limit, and as far as its user's role allows now (a deactivated user's
 * tokens stop working; a changed role changes what they reach). Every accepted request is audited
 * (`token_used`), and so is a live token's attempt on a route it may not use (`token_refused`).
 */
@Injectable()
export class AccessTokenAuthenticator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: AccessTokensRepository,
    private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async authenticate(
    request: FastifyRequest,
    token: string,
    scope: AccessTokenScope | undefined,
    permission: Permission | undefined,
  ): Promise<Actor> {
    if (!ACCESS_TOKEN_FORMAT.test(token)) throw accessTokenErrors.invalid();
    const owner = await this.tokens.findByHash(hashAccessToken(token));
    if (!owner || !owner.active) throw accessTokenErrors.invalid();
    if (owner.revoked) throw accessTokenErrors.revoked();
    if (owner.expired) throw accessTokenErrors.expired();

    if (!scope) {
      await this.record(this.entry(request, owner, 'token_refused', 'not_accepted'));
      throw accessTokenErrors.notAccepted();
    }
    if (!owner.scopes.includes(scope)) {
      await this.record(this.entry(request, owner, 'token_refused', 'scope_missing', scope));
      throw accessTokenErrors.scopeMissing(scope);
    }
    const limit = this.config.VIGIE_ACCESS_TOKEN_RATE_PER_MINUTE;
    const { allowed, windowStart } = await this.tokens.countRequest(
      this.dataSource.manager,
      owner.tokenId,
      limit,
    );
    // Refusals past the limit are not audited: a runaway loop would flood the chain.
    if (!allowed) throw accessTokenErrors.rateLimited(secondsUntilWindowEnds(windowStart));
    const roleAllows =
      can(owner.role, ACCESS_TOKEN_SCOPE_PERMISSION[scope]) && (!permission || can(owner.role, permission));
    if (!roleAllows) {
      await this.record(this.entry(request, owner, 'token_refused', 'role', scope));
      throw authErrors.forbidden();
    }
    await this.record(this.entry(request, owner, 'token_used', null, scope));
    return {
      id: owner.userId,
      email: owner.email,
      name: owner.name,
      role: owner.role,
      sessionId: '',
      accessTokenId: owner.tokenId,
      ip: request.ip,
    };
  }

  /** Each event in its own transaction: the chain's lock holds until the event is written. */
  private async record(entry: AuditEntry): Promise<void> {
    await this.dataSource.transaction((manager) => this.audit.record(manager, entry));
  }

  /** The audit event of a use: the route and the token's id, never a secret (even one misplaced in the URL). */
  private entry(
    request: FastifyRequest,
    owner: AccessTokenOwner,
    action: 'token_used' | 'token_refused',
    reason: string | null,
    scope?: AccessTokenScope,
  ): AuditEntry {
    return {
      actorId: owner.userId,
      action,
      entity: 'access_tokens',
      entityId: owner.tokenId,
      context: {
        ip: request.ip,
        method: request.method,
        path: request.url.replace(SECRET_IN_URL, `${ACCESS_TOKEN_PREFIX}[redacted]`),
        ...(scope ? { scope } : {}),
        ...(reason ? { reason } : {}),
      },
    };
  }
}
