import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DuplicateComparison } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { observationJson, type DuplicatesView } from './observations.sql';

/** Children of an observation that a merge moves to the kept record. */
export interface MovedChildren {
  incidentIds: string[];
  attachmentIds: string[];
}

/**
 * The pairs of one observation `s` and the other record of each (`o`, so that the record's JSON
 * applies), live others only. `$1`: the observation; `$2`: one other, or null for all of them.
 */
function comparisonSql(view: DuplicatesView): string {
  return `
  SELECT json_build_object(
           'observation', ${observationJson(view)},
           'distanceM', round(ST_Distance(s.location::geography, o.location::geography)::numeric, 1),
           'timeGapMinutes', round(extract(epoch FROM greatest(interval '0',
                               o.started_at - coalesce(s.ended_at, s.started_at),
                               s.started_at - coalesce(o.ended_at, o.started_at))) / 60)::int,
           'status', p.status,
           'detectedAt', p.detected_at,
           'decidedBy', p.decided_by,
           'decidedAt', p.decided_at) AS entry
    FROM observations s
    JOIN observation_duplicates p ON p.observation_a = s.id OR p.observation_b = s.id
    JOIN observations o
      ON o.id = CASE WHEN p.observation_a = s.id THEN p.observation_b ELSE p.observation_a END
   WHERE s.id = $1 AND ($2::uuid IS NULL OR o.id = $2::uuid) AND o.deleted_at IS NULL
         ${view === 'validated' ? `AND o.status = 'validated'` : ''}
   ORDER BY o.started_at, o.id`;
}

const COMPARISON_SQL: Record<DuplicatesView, string> = {
  all: comparisonSql('all'),
  validated: comparisonSql('validated'),
};

/** Pairs are stored smaller id first; PostgreSQL orders the uuids. */
const PAIR = `observation_a = least($1::uuid, $2::uuid) AND observation_b = greatest($1::uuid, $2::uuid)`;

@Injectable()
export class DuplicatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async comparison(
    id: string,
    view: DuplicatesView,
    otherId: string | null = null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DuplicateComparison[]> {
    const rows: { entry: DuplicateComparison }[] = await manager.query(COMPARISON_SQL[view], [id, otherId]);
    return rows.map((row) => row.entry);
  }

  /**
   * Marks a pair "not a duplicate". Returns the status the pair had (null when there is no such
   * pair); a pair already dismissed is left as it was decided.
   */
  async dismiss(
    manager: EntityManager,
    id: string,
    otherId: string,
    actorId: string,
  ): Promise<'possible' | 'dismissed' | null> {
    const [pair]: { status: 'possible' | 'dismissed' }[] = await manager.query(
      `SELECT status FROM observation_duplicates WHERE ${PAIR} FOR UPDATE`,
      [id, otherId],
    );
    if (pair?.status === 'possible') {
      await manager.query(
        `UPDATE observation_duplicates SET status = 'dismissed', decided_at = now(), decided_by = $3
          WHERE ${PAIR}`,
        [id, otherId, actorId],
      );
    }
    return pair?.status ?? null;
  }

  /** Locks both observations, in id order so that two merges of the same pair cannot deadlock. */
  async lockPair(manager: EntityManager, id: string, otherId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM observations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      [id, otherId],
    ]);
  }

  /**
   * Moves the incidents and attachments of `fromId` (deleted ones included: nothing is lost) to
   * `toId`, each one a change of its own (version, updated_*).
   */
  async moveChildren(
    manager: EntityManager,
    fromId: string,
    toId: string,
    actorId: string,
  ): Promise<MovedChildren> {
    const move = async (table: 'incidents' | 'attachments'): Promise<string[]> => {
      const [rows]: [{ id: string }[], number] = await manager.query(
        `UPDATE ${table}
            SET observation_id = $2, version = version + 1, updated_at = now(), updated_by = $3
          WHERE observation_id = $1
        RETURNING id`,
        [fromId, toId, actorId],
      );
      return rows.map((row) => row.id).sort();
    };
    return { incidentIds: await move('incidents'), attachmentIds: await move('attachments') };
  }

  /** Soft-deletes the merged observation and points it at the one it was merged into. */
  async markMerged(manager: EntityManager, id: string, keptId: string, actorId: string): Promise<void> {
    await manager.query(
      `UPDATE observations
          SET deleted_at = now(), merged_into_id = $2, updated_at = now(), updated_by = $3,
              version = version + 1
        WHERE id = $1`,
      [id, keptId, actorId],
    );
  }

  /** A merge is a change of the kept record too: it gained the other's incidents and files. */
  async touch(manager: EntityManager, id: string, actorId: string): Promise<void> {
    await manager.query(
      `UPDATE observations SET updated_at = now(), updated_by = $2, version = version + 1 WHERE id = $1`,
      [id, actorId],
    );
  }
}
