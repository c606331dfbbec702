import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeadlineRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ParsedListQuery } from '../../common/list-query/list-spec';
import type { ListResult } from '../../common/list-result';
import { runList } from '../../common/list-sql';
import { VersionedTable } from '../../common/versioned-table';
import { LegalDeadlineEntity } from './entities/legal-deadline.entity';
import type { DeadlineSources } from './deadlines-called-for';
import { DEADLINE_JSON, DEADLINES_FROM } from './legal-deadlines.sql';

/** Column values of a deadline as the services write them (entity property names). */
export type DeadlineValues = Partial<
  Omit<LegalDeadlineEntity, 'createdAt' | 'updatedAt' | 'deletedAt' | 'creationDigest'>
> & { creationDigest?: string };

@Injectable()
export class LegalDeadlinesRepository {
  readonly table = new VersionedTable('legal_deadlines');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(query: ParsedListQuery): Promise<ListResult<DeadlineRecord>> {
    return runList(this.dataSource, { from: DEADLINES_FROM, record: DEADLINE_JSON }, query);
  }

  /** The deadline `id` of case `caseId` (any case when null), or null. */
  async findOne(
    caseId: string | null,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeadlineRecord | null> {
    const rows: { record: DeadlineRecord }[] = await manager.query(
      `SELECT ${DEADLINE_JSON} AS record FROM ${DEADLINES_FROM}
        WHERE d.id = $1 AND ($2::uuid IS NULL OR d.case_id = $2)`,
      [id, caseId],
    );
    return rows[0]?.record ?? null;
  }

  /** The computed deadlines of a case, locked for the rest of the transaction. */
  async lockComputed(manager: EntityManager, caseId: string): Promise<DeadlineRecord[]> {
    await manager.query(`SELECT 1 FROM legal_deadlines WHERE case_id = $1 AND computed FOR UPDATE`, [caseId]);
    const rows: { record: DeadlineRecord }[] = await manager.query(
      `SELECT ${DEADLINE_JSON} AS record FROM ${DEADLINES_FROM} WHERE d.case_id = $1 AND d.computed ORDER BY d.id`,
      [caseId],
    );
    return rows.map((row) => row.record);
  }

  async sources(manager: EntityManager, caseId: string): Promise<DeadlineSources> {
    const [row] = (await manager.query(
      `SELECT lc.procedure, lc.forum, to_char(lc.act_published_on, 'YYYY-MM-DD') AS "actPublishedOn",
              coalesce((SELECT json_agg(json_build_object('id', e.id, 'kind', e.kind, 'date', e.date,
                                                          'notifiedOn', e.notified_on, 'outcome', e.outcome)
                                        ORDER BY e.date, e.id)
                          FROM legal_case_events e WHERE e.case_id = lc.id AND e.deleted_at IS NULL), '[]') AS events
         FROM legal_cases lc WHERE lc.id = $1`,
      [caseId],
    )) as DeadlineSources[];
    if (!row) throw new Error(`Legal case ${caseId} vanished while its deadlines were recomputed`);
    return row;
  }

  async insert(manager: EntityManager, values: DeadlineValues & { id: string }): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LegalDeadlineEntity)
      .values(values as QueryDeepPartialEntity<LegalDeadlineEntity>)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async update(manager: EntityManager, id: string, values: DeadlineValues, actorId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(LegalDeadlineEntity)
      .set({
        ...(values as QueryDeepPartialEntity<LegalDeadlineEntity>),
        updatedBy: actorId,
        version: () => 'version + 1',
      })
      .where('id = :id', { id })
      .execute();
  }
}
