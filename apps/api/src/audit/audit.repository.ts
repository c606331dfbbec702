import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AttachmentScope, scopeCondition } from '../attachments/attachment-access';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { ListResult } from '../common/list-result';
import { PUBLICLY_VISIBLE_CASE } from '../legal/cases/legal-cases.sql';
import type { ChainVerdict, StoredAuditEvent } from './audit-chain';
import {
  AUDIT_EVENT_COLUMNS,
  type AuditEventRow,
  storedAuditEvent,
  verifyAuditChain,
} from './audit-verification';

/** One audit event as `GET /api/audit-events` returns it: the stored event and its actor. */
export interface AuditEventView extends StoredAuditEvent {
  actorName: string | null;
  actorEmail: string | null;
}

/** One line of a record's history: who changed what and when (no hashes, no request context). */
export interface HistoryEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  diff: unknown;
}

/** Records that have a history endpoint; the names are the `entity` their audit events carry. */
export type HistoryEntity =
  | 'observations'
  | 'incidents'
  | 'sites'
  | 'users'
  | 'attachments'
  | 'legal_cases'
  | 'legal_case_events'
  | 'legal_deadlines'
  | 'legal_case_evidence';

/** What decides which records a reader sees, derived from their role by the caller. */
export interface Viewer {
  seesUnvalidated: boolean;
  /** Deleted observations, incidents and sites too (ROLES_SEEING_DELETED). */
  seesDeleted: boolean;
  attachmentScope: AttachmentScope;
  /** Everything of a legal case, or its public side only (communication). */
  readsCaseDetails: boolean;
}

type ActorColumns = { actor_name: string | null; actor_email: string | null };

/**
 * The existence-and-visibility query of each record kind. Observations and incidents depend on
 * whether the role sees unvalidated records; attachments on the scope the attachments service
 * reads them with (its own rule, `scopeCondition`, so that a file hidden there is hidden here);
 * legal cases and their events on whether the role reads case details or their public side.
 */
const VISIBILITY: Record<
  HistoryEntity,
  (id: string, viewer: Viewer, caseId: string | null) => [string, unknown[]]
> = {
  observations: (id, viewer) => [
    `SELECT EXISTS (SELECT 1 FROM observations
                     WHERE id = $1 AND ($2::boolean OR status = 'validated')
                       AND ($3::boolean OR deleted_at IS NULL)) AS visible`,
    [id, viewer.seesUnvalidated, viewer.seesDeleted],
  ],
  incidents: (id, viewer) => [
    `SELECT EXISTS (SELECT 1 FROM incidents
                     WHERE id = $1 AND ($2::boolean OR status = 'validated')
                       AND ($3::boolean OR deleted_at IS NULL)) AS visible`,
    [id, viewer.seesUnvalidated, viewer.seesDeleted],
  ],
  sites: (id, viewer) => [
    `SELECT EXISTS (SELECT 1 FROM sites WHERE id = $1 AND ($2::boolean OR deleted_at IS NULL)) AS visible`,
    [id, viewer.seesDeleted],
  ],
  users: (id) => [`SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS visible`, [id]],
  attachments: (id, viewer) => {
    const condition = scopeCondition(viewer.attachmentScope, 2);
    return [
      `SELECT EXISTS (SELECT 1 FROM attachments a WHERE a.id = $1 AND ${condition.sql}) AS visible`,
      [id, ...condition.params],
    ];
  },
  legal_cases: (id, viewer) => [
    `SELECT EXISTS (SELECT 1 FROM legal_cases lc
                     WHERE lc.id = $1 AND ($2::boolean OR ${PUBLICLY_VISIBLE_CASE})) AS visible`,
    [id, viewer.readsCaseDetails],
  ],
  // The parts of a case are found under their own case only.
  legal_case_events: (id, viewer, caseId) => [
    `SELECT EXISTS (SELECT 1 FROM legal_case_events e JOIN legal_cases lc ON lc.id = e.case_id
                     WHERE e.id = $1 AND e.case_id = $3
                       AND ($2::boolean OR (${PUBLICLY_VISIBLE_CASE} AND e.deleted_at IS NULL))) AS visible`,
    [id, viewer.readsCaseDetails, caseId],
  ],
  legal_deadlines: (id, viewer, caseId) => [
    `SELECT $2::boolean AND EXISTS (SELECT 1 FROM legal_deadlines WHERE id = $1 AND case_id = $3) AS visible`,
    [id, viewer.readsCaseDetails, caseId],
  ],
  legal_case_evidence: (id, viewer, caseId) => [
    `SELECT $2::boolean AND EXISTS (SELECT 1 FROM legal_case_evidence WHERE id = $1 AND case_id = $3) AS visible`,
    [id, viewer.readsCaseDetails, caseId],
  ],
};

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ParsedListQuery): Promise<ListResult<AuditEventView>> {
    const n = query.params.length;
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT ${AUDIT_EVENT_COLUMNS}, u.name AS actor_name, u.email AS actor_email
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...query.params, query.limit, query.offset],
      ) as Promise<(AuditEventRow & ActorColumns)[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM audit_events e WHERE ${query.where}`, [
        ...query.params,
      ]) as Promise<{ total: number }[]>,
    ]);
    return {
      rows: rows.map((row) => ({
        ...storedAuditEvent(row),
        actorName: row.actor_name,
        actorEmail: row.actor_email,
      })),
      total: counts[0]?.total ?? 0,
    };
  }

  verify(): Promise<ChainVerdict> {
    return verifyAuditChain(this.dataSource);
  }

  /** The events of one record; `query` carries paging and sort only. */
  async history(
    entity: HistoryEntity,
    entityId: string,
    query: ParsedListQuery,
  ): Promise<ListResult<HistoryEntry>> {
    const n = query.params.length;
    const condition = `${query.where} AND e.entity = $${n + 1} AND e.entity_id = $${n + 2}`;
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT e.id, e.at, e.actor_id, u.name AS actor_name, e.action, e.diff
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE ${condition} ORDER BY ${query.orderBy} LIMIT $${n + 3} OFFSET $${n + 4}`,
        [...query.params, entity, entityId, query.limit, query.offset],
      ) as Promise<
        Pick<AuditEventRow & ActorColumns, 'id' | 'at' | 'actor_id' | 'actor_name' | 'action' | 'diff'>[]
      >,
      this.dataSource.query(`SELECT count(*)::int AS total FROM audit_events e WHERE ${condition}`, [
        ...query.params,
        entity,
        entityId,
      ]) as Promise<{ total: number }[]>,
    ]);
    return {
      rows: rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actorId: row.actor_id,
        actorName: row.actor_name,
        action: row.action,
        diff: row.diff,
      })),
      total: counts[0]?.total ?? 0,
    };
  }

  /**
   * Whether the record exists and the caller may see it, judged on its current state in SQL: a
   * role that sees only validated observations must not learn that a draft exists, nor an
   * observer that another one uploaded a file.
   */
  async isVisible(
    entity: HistoryEntity,
    id: string,
    viewer: Viewer,
    caseId: string | null,
  ): Promise<boolean> {
    const [sql, params] = VISIBILITY[entity](id, viewer, caseId);
    const rows = (await this.dataSource.query(sql, params)) as { visible: boolean }[];
    return rows[0]?.visible ?? false;
  }
}
