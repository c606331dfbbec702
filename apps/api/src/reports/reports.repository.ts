import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReportRecord, Role } from '@vigie/domain';
import { isCaseDossier, type ReportParams } from '@vigie/reporting';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { ListResult } from '../common/list-result';
import { runList, type ListSource } from '../common/list-sql';
import { REPORT_FROM, REPORT_JSON } from './reports.sql';

const REPORT_LIST: ListSource = { from: REPORT_FROM, record: REPORT_JSON };

/** What a report row says it covers (a period, or a case). */
export type StoredParams = Pick<
  ReportRecord,
  'kind' | 'from' | 'to' | 'area' | 'lang' | 'caseId' | 'includeRestricted'
>;

/** The parameters a stored report was asked with (the database's CHECK keeps the shapes apart). */
export function storedParams(row: StoredParams): ReportParams {
  if (row.kind === 'case-dossier') {
    return { kind: row.kind, caseId: row.caseId!, lang: row.lang, includeRestricted: row.includeRestricted };
  }
  return { kind: row.kind, from: row.from!, to: row.to!, area: row.area, lang: row.lang };
}

/** What the worker needs to render a report: its parameters and who asked for it. */
export interface ClaimedReport {
  params: ReportParams;
  createdBy: string | null;
  attempts: number;
}

/** The finished PDF and what it was printed from. */
export interface RenderedReport {
  sha256: string;
  sizeBytes: number;
  pageCount: number;
  figures: unknown;
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** `query` already narrowed to what the reader may see. */
  list(query: ParsedListQuery): Promise<ListResult<ReportRecord>> {
    return runList(this.dataSource, REPORT_LIST, query);
  }

  async find(
    id: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<ReportRecord | null> {
    const rows: { record: ReportRecord }[] = await manager.query(
      `SELECT ${REPORT_JSON} AS record FROM ${REPORT_FROM} WHERE r.id = $1`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  /** The report, its row locked until the end of the transaction. */
  async lock(manager: EntityManager, id: string): Promise<{ status: ReportRecord['status'] } | null> {
    const rows: { status: ReportRecord['status'] }[] = await manager.query(
      `SELECT status FROM reports WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, params: ReportParams, actorId: string): Promise<string> {
    const scope = isCaseDossier(params)
      ? {
          from: null,
          to: null,
          area: null,
          caseId: params.caseId,
          includeRestricted: params.includeRestricted,
        }
      : { from: params.from, to: params.to, area: params.area, caseId: null, includeRestricted: false };
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO reports (kind, period_from, period_to, area, lang, case_id, include_restricted, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        params.kind,
        scope.from,
        scope.to,
        scope.area,
        params.lang,
        scope.caseId,
        scope.includeRestricted,
        actorId,
      ],
    );
    return rows[0]!.id;
  }

  /** A failed report back in the queue; its error stays until the next attempt starts. */
  async requeue(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE reports SET status = 'queued', progress = 0, started_at = NULL, finished_at = NULL WHERE id = $1`,
      [id],
    );
  }

  /**
   * Starts an attempt on a queued report (or on one whose worker died while rendering, when
   * pg-boss hands its job out again). Null when the report is done or failed already, or unknown:
   * the job has nothing to do.
   */
  async claim(id: string): Promise<ClaimedReport | null> {
    const rows: (StoredParams & { created_by: string | null; attempts: number })[] =
      await this.dataSource.query(
        `WITH claimed AS (
       UPDATE reports
          SET status = 'rendering', progress = 0, error = NULL, attempts = attempts + 1,
              started_at = now(), finished_at = NULL
        WHERE id = $1 AND status IN ('queued', 'rendering')
        RETURNING kind, to_char(period_from, 'YYYY-MM-DD') AS "from", to_char(period_to, 'YYYY-MM-DD') AS "to",
                  area, lang, case_id AS "caseId", include_restricted AS "includeRestricted", created_by, attempts)
       SELECT * FROM claimed`,
        [id],
      );
    // Through a WITH, TypeORM hands back the rows (an UPDATE alone gives [rows, count]).
    const row = rows[0];
    if (!row) return null;
    return {
      params: storedParams(row),
      createdBy: row.created_by,
      attempts: row.attempts,
    };
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE reports SET progress = $2 WHERE id = $1 AND status = 'rendering' AND progress < $2`,
      [id, progress],
    );
  }

  async markDone(manager: EntityManager, id: string, rendered: RenderedReport): Promise<void> {
    await manager.query(
      `INSERT INTO stored_files (sha256, size_bytes, mime_type) VALUES ($1, $2, 'application/pdf')
       ON CONFLICT DO NOTHING`,
      [rendered.sha256, rendered.sizeBytes],
    );
    await manager.query(
      `UPDATE reports
          SET status = 'done', progress = 100, error = NULL, sha256 = $2, page_count = $3, figures = $4::jsonb,
              finished_at = now()
        WHERE id = $1`,
      [id, rendered.sha256, rendered.pageCount, JSON.stringify(rendered.figures ?? null)],
    );
  }

  async markFailed(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query(
      `UPDATE reports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
      [id, error],
    );
  }

  /** The size of stored bytes, to open them checked. */
  async storedSize(sha256: string): Promise<number | null> {
    const rows: { size: string }[] = await this.dataSource.query(
      `SELECT size_bytes AS size FROM stored_files WHERE sha256 = $1`,
      [sha256],
    );
    return rows[0] ? Number(rows[0].size) : null;
  }

  /** The requester as the composer needs them (their role decides what the statistics may count). */
  async requester(userId: string): Promise<{ id: string; email: string; name: string; role: Role } | null> {
    const rows: { id: string; email: string; name: string; role: Role }[] = await this.dataSource.query(
      `SELECT id, email, name, role FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }
}
