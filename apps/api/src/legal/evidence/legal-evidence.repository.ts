import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LegalEvidenceRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ParsedListQuery } from '../../common/list-query/list-spec';
import type { ListResult } from '../../common/list-result';
import { runList } from '../../common/list-sql';
import { VersionedTable } from '../../common/versioned-table';
import { LegalEvidenceEntity } from './entities/legal-evidence.entity';
import { EVIDENCE_FROM, EVIDENCE_JSON } from './legal-evidence.sql';

export type EvidenceField = 'observationId' | 'incidentId' | 'attachmentId';

/** The tables a link may point at, by field (trusted constants). */
const TARGETS: Record<EvidenceField, { table: string; column: string; consent: boolean }> = {
  observationId: { table: 'observations', column: 'observation_id', consent: false },
  incidentId: { table: 'incidents', column: 'incident_id', consent: true },
  attachmentId: { table: 'attachments', column: 'attachment_id', consent: true },
};

/** A record to link, as the service checks it. */
export interface TargetState {
  deleted: boolean;
  /** Litigation consent; always true for observations, which concern no one by name. */
  litigationConsent: boolean;
}

@Injectable()
export class LegalEvidenceRepository {
  readonly table = new VersionedTable('legal_case_evidence');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(query: ParsedListQuery): Promise<ListResult<LegalEvidenceRecord>> {
    return runList(this.dataSource, { from: EVIDENCE_FROM, record: EVIDENCE_JSON }, query);
  }

  async findOne(
    caseId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LegalEvidenceRecord | null> {
    const rows: { record: LegalEvidenceRecord }[] = await manager.query(
      `SELECT ${EVIDENCE_JSON} AS record FROM ${EVIDENCE_FROM} WHERE ev.id = $1 AND ev.case_id = $2`,
      [id, caseId],
    );
    return rows[0]?.record ?? null;
  }

  async target(manager: EntityManager, field: EvidenceField, id: string): Promise<TargetState | null> {
    const target = TARGETS[field];
    const rows: TargetState[] = await manager.query(
      `SELECT deleted_at IS NOT NULL AS deleted,
              ${target.consent ? 'consent_litigation' : 'true'} AS "litigationConsent"
         FROM ${target.table} WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The live link of the case to that record, if any. */
  async liveLink(
    manager: EntityManager,
    caseId: string,
    field: EvidenceField,
    id: string,
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM legal_case_evidence
        WHERE case_id = $1 AND ${TARGETS[field].column} = $2 AND deleted_at IS NULL`,
      [caseId, id],
    );
    return rows[0]?.id ?? null;
  }

  /** Inserts unless the id, or a live link to the same record, exists (no abort of the transaction). */
  async insert(
    manager: EntityManager,
    values: Partial<LegalEvidenceEntity> & { id: string; caseId: string },
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LegalEvidenceEntity)
      .values(values as QueryDeepPartialEntity<LegalEvidenceEntity>)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async updateNote(manager: EntityManager, id: string, note: string | null, actorId: string): Promise<void> {
    await manager.query(
      `UPDATE legal_case_evidence SET note = $2, updated_by = $3, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [id, note, actorId],
    );
  }
}
