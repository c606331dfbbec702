import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { PUBLICLY_VISIBLE_CASE } from '../cases/legal-cases.sql';

/** A hearing as a calendar shows it; the case's reference only for those who read it. */
export interface HearingEntry {
  id: string;
  caseId: string;
  caseReference: string | null;
  caseTitle: string;
  title: string;
  date: string;
  time: string | null;
  room: string | null;
  judge: string | null;
  version: number;
  updatedAt: string;
}

/** The owner of a feed, as the feed is built for them. */
export interface FeedOwner {
  id: string;
  email: string;
  name: string;
  role: Role;
}

@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Creates or replaces the user's feed (the old URL stops working at once). */
  async replaceFeed(
    manager: EntityManager,
    userId: string,
    tokenHash: string,
  ): Promise<{ createdAt: string }> {
    const [row] = (await manager.query(
      `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now(), last_used_at = NULL
       RETURNING created_at AS "createdAt"`,
      [userId, tokenHash],
    )) as { createdAt: Date }[];
    return { createdAt: (row as { createdAt: Date }).createdAt.toISOString() };
  }

  /** Revokes the user's feed; false when there was none. */
  async deleteFeed(manager: EntityManager, userId: string): Promise<boolean> {
    // TypeORM answers a bare DELETE with [rows, count]: select from it to get the rows alone.
    const rows: unknown[] = await manager.query(
      `WITH gone AS (DELETE FROM calendar_feeds WHERE user_id = $1 RETURNING user_id) SELECT * FROM gone`,
      [userId],
    );
    return rows.length > 0;
  }

  async feedState(userId: string): Promise<{ createdAt: string; lastUsedAt: string | null } | null> {
    const rows: { createdAt: Date; lastUsedAt: Date | null }[] = await this.dataSource.query(
      `SELECT created_at AS "createdAt", last_used_at AS "lastUsedAt" FROM calendar_feeds WHERE user_id = $1`,
      [userId],
    );
    const row = rows[0];
    return row
      ? { createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null }
      : null;
  }

  /** The active account whose feed this is, and notes the use; null for an unknown or revoked token. */
  async ownerOf(tokenHash: string): Promise<FeedOwner | null> {
    const rows: FeedOwner[] = await this.dataSource.query(
      `WITH used AS (
         UPDATE calendar_feeds f SET last_used_at = now()
           FROM users u
          WHERE f.token_hash = $1 AND u.id = f.user_id AND u.active
         RETURNING u.id, u.email, u.name, u.role)
       SELECT * FROM used`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /**
   * Hearings from `since` on, of the cases the reader may see: every live case for those who read
   * case details, the public ones otherwise (whose reference is not theirs to read). `caseId`
   * narrows to one case.
   */
  async hearings(readsDetails: boolean, since: string, caseId: string | null): Promise<HearingEntry[]> {
    return this.dataSource.query(
      `SELECT e.id, e.case_id AS "caseId", CASE WHEN $1 THEN lc.reference END AS "caseReference",
              lc.title AS "caseTitle", e.title, to_char(e.date, 'YYYY-MM-DD') AS date,
              to_char(e.time, 'HH24:MI') AS time, e.room, e.judge, e.version, e.updated_at AS "updatedAt"
         FROM legal_case_events e JOIN legal_cases lc ON lc.id = e.case_id
        WHERE e.kind = 'hearing' AND e.deleted_at IS NULL AND e.date >= $2::date
          AND ($3::uuid IS NULL OR e.case_id = $3)
          AND lc.deleted_at IS NULL AND ($1 OR ${PUBLICLY_VISIBLE_CASE})
        ORDER BY e.date, e.time NULLS FIRST, e.id
        LIMIT 5000`,
      [readsDetails, since, caseId],
    );
  }
}
