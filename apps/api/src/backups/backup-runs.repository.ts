import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BackupRunKind, BackupRunRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { ListResult } from '../common/list-result';
import { countSql, pageSql } from '../common/list-sql';
import type { BackupStatusInput } from './backup-status';

/** The JSON of one run, built in SQL; `r` is the backup_runs alias. */
const RUN_JSON = `json_build_object(
  'id', r.id,
  'kind', r.kind,
  'status', r.status,
  'backupId', r.backup_id,
  'destination', r.destination,
  'sizeBytes', r.size_bytes,
  'filesCopied', r.files_copied,
  'bytesWritten', r.bytes_written,
  'startedAt', r.started_at,
  'finishedAt', r.finished_at,
  'error', r.error,
  'report', r.report,
  'triggeredBy', r.triggered_by,
  'triggeredByName', (SELECT u.name FROM users u WHERE u.id = r.triggered_by)
)`;

const FROM = 'backup_runs r';

/** How a run ended, as BackupsService records it. */
export interface RunOutcome {
  status: 'succeeded' | 'failed';
  backupId?: string | null;
  destination?: string | null;
  sizeBytes?: number | null;
  filesCopied?: number | null;
  bytesWritten?: number | null;
  error?: string | null;
  report?: unknown;
}

/** Failed runs listed by the status. */
const FAILURES_SHOWN = 5;

/** Serialises the start of runs of one kind across processes (the job and a request). */
const START_LOCK_KEY = 0x76626b70; // "vbkp"

@Injectable()
export class BackupRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(query: ParsedListQuery): Promise<ListResult<BackupRunRecord>> {
    const page = pageSql({ from: FROM, record: RUN_JSON }, query);
    const count = countSql(FROM, query);
    const [rows, counts] = await Promise.all([
      this.dataSource.query(page.text, page.values) as Promise<{ record: BackupRunRecord }[]>,
      this.dataSource.query(count.text, count.values) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map((row) => row.record), total: counts[0]?.total ?? 0 };
  }

  async findOne(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BackupRunRecord | null> {
    const rows: { record: BackupRunRecord }[] = await manager.query(
      `SELECT ${RUN_JSON} AS record FROM ${FROM} WHERE r.id = $1`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  /**
   * Starts a run of `kind` unless one is under way: returns the new run, or the one under way
   * (`started: false`). A run still "running" after `staleAfterSeconds` belonged to a process that
   * died: it is marked failed first, so that it blocks nothing.
   */
  async start(
    kind: BackupRunKind,
    triggeredBy: string | null,
    staleAfterSeconds: number,
  ): Promise<{ run: BackupRunRecord; started: boolean; interrupted: BackupRunRecord[] }> {
    return this.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [START_LOCK_KEY, kind]);
      const interrupted: { id: string }[] = await manager.query(
        `UPDATE backup_runs
            SET status = 'failed', finished_at = now(),
                error = 'interrupted: the process running it stopped before it finished'
          WHERE kind = $1 AND status = 'running' AND started_at < now() - make_interval(secs => $2)
          RETURNING id`,
        [kind, staleAfterSeconds],
      );
      const interruptedRuns = await Promise.all(interrupted.map(({ id }) => this.findOne(id, manager)));
      const [under] = (await manager.query(
        `SELECT id FROM backup_runs WHERE kind = $1 AND status = 'running' ORDER BY started_at LIMIT 1`,
        [kind],
      )) as { id: string }[];
      if (under) {
        return {
          run: (await this.findOne(under.id, manager))!,
          started: false,
          interrupted: nonNull(interruptedRuns),
        };
      }
      const [row] = (await manager.query(
        `INSERT INTO backup_runs (kind, status, triggered_by) VALUES ($1, 'running', $2) RETURNING id`,
        [kind, triggeredBy],
      )) as { id: string }[];
      return {
        run: (await this.findOne(row!.id, manager))!,
        started: true,
        interrupted: nonNull(interruptedRuns),
      };
    });
  }

  /** Records how a running run ended; false when it was not running any more. */
  async finish(manager: EntityManager, id: string, outcome: RunOutcome): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE backup_runs
          SET status = $2, finished_at = greatest(now(), started_at), backup_id = $3,
              destination = coalesce($4, destination), size_bytes = $5, files_copied = $6,
              bytes_written = $7, error = $8, report = $9
        WHERE id = $1 AND status = 'running'
        RETURNING id`,
      [
        id,
        outcome.status,
        outcome.backupId ?? null,
        outcome.destination ?? null,
        outcome.sizeBytes ?? null,
        outcome.filesCopied ?? null,
        outcome.bytesWritten ?? null,
        outcome.error ?? null,
        outcome.report === undefined ? null : JSON.stringify(outcome.report),
      ],
    );
    return rows.length > 0;
  }

  /** The runs the status is computed from, each in one indexed query. */
  async statusInput(): Promise<BackupStatusInput> {
    const one = async (where: string, order = 'r.finished_at DESC'): Promise<BackupRunRecord | null> => {
      const rows: { record: BackupRunRecord }[] = await this.dataSource.query(
        `SELECT ${RUN_JSON} AS record FROM ${FROM} WHERE ${where} ORDER BY ${order}, r.id LIMIT 1`,
      );
      return rows[0]?.record ?? null;
    };
    const [lastBackup, lastDrill, lastFinishedDrill, running, failures] = await Promise.all([
      one(`r.kind = 'backup' AND r.status = 'succeeded'`),
      one(`r.kind = 'drill' AND r.status = 'succeeded'`),
      one(`r.kind = 'drill' AND r.status <> 'running'`),
      one(`r.status = 'running'`, 'r.started_at ASC'),
      this.dataSource.query(
        `SELECT ${RUN_JSON} AS record FROM ${FROM} WHERE r.status = 'failed'
          ORDER BY r.finished_at DESC, r.id LIMIT $1`,
        [FAILURES_SHOWN],
      ) as Promise<{ record: BackupRunRecord }[]>,
    ]);
    return {
      lastBackup,
      lastDrill,
      lastFinishedDrill,
      running,
      failures: failures.map((row) => row.record),
    };
  }
}

function nonNull<T>(values: readonly (T | null)[]): T[] {
  return values.filter((value): value is T => value !== null);
}
