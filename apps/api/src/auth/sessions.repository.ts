import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SESSION_IDLE_HOURS, type Role } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';

export interface SessionUser {
  sessionId: string;
  mfaPending: boolean;
  lastSeenAt: Date;
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** Sessions live in PostgreSQL, so any API process can serve any request (DESIGN §8). */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(
    manager: EntityManager,
    session: { tokenHash: string; userId: string; mfaPending: boolean; ip: string; userAgent: string | null },
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO sessions (token_hash, user_id, mfa_pending, ip, user_agent) VALUES ($1, $2, $3, $4, $5)
       RETURNING id`,
      [session.tokenHash, session.userId, session.mfaPending, session.ip, session.userAgent],
    )) as { id: string }[];
    return (row as { id: string }).id;
  }

  /** The live session of an active user for this token hash, or null (unknown, revoked, idle). */
  async findLive(tokenHash: string): Promise<SessionUser | null> {
    const rows: SessionUser[] = await this.dataSource.query(
      `SELECT s.id AS "sessionId", s.mfa_pending AS "mfaPending", s.last_seen_at AS "lastSeenAt",
              u.id AS "userId", u.email, u.name, u.role
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.active
          AND s.last_seen_at > now() - make_interval(hours => $2)`,
      [tokenHash, SESSION_IDLE_HOURS],
    );
    return rows[0] ?? null;
  }

  /** Keeps the session alive; written at most once a minute to spare the database. */
  async touch(sessionId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = now() WHERE id = $1 AND last_seen_at < now() - interval '1 minute'`,
      [sessionId],
    );
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
    ]);
  }

  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }

  async completeMfa(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(`UPDATE sessions SET mfa_pending = false WHERE id = $1`, [sessionId]);
  }
}
