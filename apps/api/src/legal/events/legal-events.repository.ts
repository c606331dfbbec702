import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LegalCaseEventRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ParsedListQuery } from '../../common/list-query/list-spec';
import type { ListResult } from '../../common/list-result';
import { runList } from '../../common/list-sql';
import { VersionedTable } from '../../common/versioned-table';
import { LegalCaseEventEntity } from './entities/legal-case-event.entity';
import { LEGAL_EVENT_JSON } from './legal-events.sql';

/** Column values of an event as the service writes them (entity property names). */
export type LegalEventValues = Partial<
  Omit<LegalCaseEventEntity, 'createdAt' | 'updatedAt' | 'deletedAt' | 'creationDigest'>
> & { creationDigest?: string };

@Injectable()
export class LegalEventsRepository {
  readonly table = new VersionedTable('legal_case_events');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** `query` already holds the case condition. */
  list(query: ParsedListQuery): Promise<ListResult<LegalCaseEventRecord>> {
    return runList(this.dataSource, { from: 'legal_case_events e', record: LEGAL_EVENT_JSON }, query);
  }

  /** The event `id` of case `caseId`, or null. */
  async findOne(
    caseId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LegalCaseEventRecord | null> {
    const rows: { record: LegalCaseEventRecord }[] = await manager.query(
      `SELECT ${LEGAL_EVENT_JSON} AS record FROM legal_case_events e WHERE e.id = $1 AND e.case_id = $2`,
      [id, caseId],
    );
    return rows[0]?.record ?? null;
  }

  async insert(manager: EntityManager, values: LegalEventValues & { id: string }): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LegalCaseEventEntity)
      .values(values as QueryDeepPartialEntity<LegalCaseEventEntity>)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async update(manager: EntityManager, id: string, values: LegalEventValues, actorId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(LegalCaseEventEntity)
      .set({
        ...(values as QueryDeepPartialEntity<LegalCaseEventEntity>),
        updatedBy: actorId,
        version: () => 'version + 1',
      })
      .where('id = :id', { id })
      .execute();
  }
}
