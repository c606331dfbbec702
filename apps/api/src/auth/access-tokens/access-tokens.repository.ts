import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccessTokenScope, AccessTokenView, Role } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';

/** A token found by its hash, with its user as the user is now (role, active). */
export interface AccessTokenOwner {
  tokenId: string;
  scopes: AccessTokenScope[];
  expired: boolean;
  revoked: boolean;
  userId: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
}

const VIEW_COLUMNS = `id, name, prefix, scopes, created_at AS "createdAt", expires_at AS "expiresAt",
       last_used_at AS "lastUsedAt", revoked_at AS "revokedAt",
       CASE WHEN revoked_at IS NOT NULL THEN 'revoked' WHEN expires_at <= now() THEN 'expired'
            ELSE 'active' END AS status`;

interface ViewRow extends Omit<AccessTokenView, 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt'> {
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function toView(row: ViewRow): AccessTokenView {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Personal access tokens (DESIGN §5), stored by the SHA-256 of their secret. */
@Injectable()
export class AccessTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(
    manager: EntityManager,
    token: {
      userId: string;
      name: string;
      tokenHash: string;
      prefix: string;
      scopes: AccessTokenScope[];
      expiresAt: Date;
    },
  ): Promise<AccessTokenView> {
    const [row] = (await manager.query(
      `INSERT INTO access_tokens (user_id, name, token_hash, prefix, scopes, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${VIEW_COLUMNS}`,
      [token.userId, token.name, token.tokenHash, token.prefix, token.scopes, token.expiresAt],
    )) as ViewRow[];
    return toView(row!);
  }

  /**
   * The user's live tokens, counted under a lock on the user's row, so that two creations at once
   * cannot both pass the limit.
   */
  async countLiveForUpdate(manager: EntityManager, userId: string): Promise<number> {
    await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM access_tokens
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [userId],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /** The user's tokens, newest first: live ones, and ended ones for a while (their history). */
  async listOfUser(userId: string): Promise<AccessTokenView[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM access_tokens WHERE user_id = $1 ORDER BY created_at DESC, id`,
      [userId],
    )) as ViewRow[];
    return rows.map(toView);
  }

  /** Revokes one of the user's tokens; null when the user has no such token (or it was revoked). */
  async revoke(manager: EntityManager, userId: string, id: string): Promise<AccessTokenView | null> {
    const [rows] = (await manager.query(
      `UPDATE access_tokens SET revoked_at = now()
        WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
       RETURNING ${VIEW_COLUMNS}`,
      [id, userId],
    )) as [ViewRow[], number];
    return rows[0] ? toView(rows[0]) : null;
  }

  async existsForUser(userId: string, id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM access_tokens WHERE id = $1 AND user_id = $2`, [
      id,
      userId,
    ])) as unknown[];
    return rows.length > 0;
  }

  async findByHash(tokenHash: string): Promise<AccessTokenOwner | null> {
    const rows = (await this.dataSource.query(
      `SELECT t.id AS "tokenId", t.scopes, t.expires_at <= now() AS expired,
              t.revoked_at IS NOT NULL AS revoked,
              u.id AS "userId", u.email, u.name, u.role, u.active
         FROM access_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    )) as AccessTokenOwner[];
    return rows[0] ?? null;
  }

  /**
   * Counts one request in the token's current one-minute window (a new window starts at 1) and
   * notes the use, in one statement: concurrent requests are serialised on the row, so no more
   * than `limit` pass in a window whichever API process serves them. Returns whether this request
   * is within the limit, and when its window started.
   */
  async countRequest(
    manager: EntityManager,
    tokenId: string,
    limit: number,
  ): Promise<{ allowed: boolean; windowStart: Date }> {
    const [rows] = (await manager.query(
      `UPDATE access_tokens
          SET rate_count = CASE WHEN rate_window = date_trunc('minute', now()) THEN rate_count + 1 ELSE 1 END,
              rate_window = date_trunc('minute', now()),
              last_used_at = CASE
                WHEN rate_window = date_trunc('minute', now()) AND rate_count >= $2 THEN last_used_at
                ELSE now() END
        WHERE id = $1
       RETURNING rate_count AS count, rate_window AS "windowStart"`,
      [tokenId, limit],
    )) as [{ count: number; windowStart: Date }[], number];
    const row = rows[0]!;
    return { allowed: row.count <= limit, windowStart: row.windowStart };
  }
}
