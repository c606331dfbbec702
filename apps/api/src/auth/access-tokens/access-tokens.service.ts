import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ACCESS_TOKEN_MAX_LIVE_PER_USER,
  type AccessTokenView,
  accessTokenScopesOf,
  type NewAccessToken,
} from '@vigie/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import type { Actor } from '../actor';
import { authErrors } from '../auth.errors';
import { OwnCredentials } from '../own-credentials';
import { newAccessToken, normaliseScopes, resolveExpiry, scopesBeyondRole } from './access-token';
import { accessTokenErrors } from './access-tokens.errors';
import { AccessTokensRepository } from './access-tokens.repository';
import type { CreateAccessTokenDto } from './dto/create-access-token.dto';

/**
 * Personal access tokens, managed by their owner from a session: create (the secret is answered
 * this once), list (never the secret), revoke. Their use is `AccessTokenAuthenticator`'s.
 */
@Injectable()
export class AccessTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: AccessTokensRepository,
    private readonly ownCredentials: OwnCredentials,
    private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async list(actor: Actor): Promise<AccessTokenView[]> {
    assertMayHoldTokens(actor);
    return this.tokens.listOfUser(actor.id);
  }

  async create(actor: Actor, dto: CreateAccessTokenDto): Promise<NewAccessToken> {
    assertMayHoldTokens(actor);
    const scopes = normaliseScopes(dto.scopes);
    const beyond = scopesBeyondRole(actor.role, scopes);
    if (beyond.length > 0) throw accessTokenErrors.scopeNotAllowed(beyond);
    const expiry = resolveExpiry(dto.expiresAt, this.config.VIGIE_ACCESS_TOKEN_MAX_DAYS);
    if ('error' in expiry) throw accessTokenErrors.invalidExpiry(expiry.error);
    await this.ownCredentials.assert(actor, dto, 'access_token_create');

    return this.dataSource.transaction(async (manager) => {
      if ((await this.tokens.countLiveForUpdate(manager, actor.id)) >= ACCESS_TOKEN_MAX_LIVE_PER_USER) {
        throw accessTokenErrors.tooMany();
      }
      const { token, tokenHash, prefix } = newAccessToken();
      const view = await this.tokens.create(manager, {
        userId: actor.id,
        name: dto.name.trim(),
        tokenHash,
        prefix,
        scopes,
        expiresAt: expiry.expiresAt,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'token_created',
        entity: 'access_tokens',
        entityId: view.id,
        // What identifies the token, never its secret nor its hash.
        diff: {
          name: { before: null, after: view.name },
          prefix: { before: null, after: view.prefix },
          scopes: { before: null, after: view.scopes },
          expiresAt: { before: null, after: view.expiresAt },
        },
        context: { ip: actor.ip, sessionId: actor.sessionId },
      });
      return { ...view, token };
    });
  }

  /** Revokes one of the actor's own tokens; another user's (or an unknown) token is a 404. */
  async revoke(actor: Actor, id: string): Promise<void> {
    assertMayHoldTokens(actor);
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.tokens.revoke(manager, actor.id, id);
      if (!revoked) {
        // Revoking a revoked token again changes nothing.
        if (await this.tokens.existsForUser(actor.id, id)) return;
        throw accessTokenErrors.notFound();
      }
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'token_revoked',
        entity: 'access_tokens',
        entityId: id,
        diff: { revokedAt: { before: null, after: revoked.revokedAt } },
        context: { ip: actor.ip, sessionId: actor.sessionId, name: revoked.name, prefix: revoked.prefix },
      });
    });
  }
}

/** Every role reads statistics today; should one ever not, it may hold no token at all. */
function assertMayHoldTokens(actor: Actor): void {
  if (accessTokenScopesOf(actor.role).length === 0) throw authErrors.forbidden('access tokens');
}
