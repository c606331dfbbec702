import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type LegalEvidenceRecord, type ObservationRecord, parisDayEnd, parisDayStart } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { recordChange, setDeleted } from '../../audit/record-change';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { contentDigest } from '../../common/canonical-digest';
import { DomainError } from '../../common/domain-error';
import { parseListQuery, withBoundCondition, type RawQuery } from '../../common/list-query/parse-list-query';
import type { ListResult } from '../../common/list-result';
import { RecordErrorCode, recordErrors } from '../../common/record-errors';
import { OBSERVATION_LIST_SPEC } from '../../observations/observations.list-spec';
import { ObservationsRepository } from '../../observations/observations.repository';
import { findVisibleCase, lockLiveCase } from '../cases/legal-case-access';
import { LegalCasesRepository } from '../cases/legal-cases.repository';
import { lockCasePart, replayCasePart } from '../case-parts';
import { legalErrors } from '../legal.errors';
import type {
  CreateEvidenceDto,
  EvidenceTargetDto,
  LinkEvidenceBatchDto,
  PatchEvidenceDto,
} from './dto/evidence-input.dto';
import { type EvidenceField, LegalEvidenceRepository } from './legal-evidence.repository';
import { EVIDENCE_LIST_SPEC } from './legal-evidence.sql';

const LABEL = 'Evidence link';
export const EVIDENCE_ENTITY = 'legal_case_evidence';

const FIELDS: readonly EvidenceField[] = ['observationId', 'incidentId', 'attachmentId'];
const WHAT: Record<EvidenceField, string> = {
  observationId: 'observation',
  incidentId: 'incident',
  attachmentId: 'attachment',
};

/** The one record a body points at; every problem is named by its field (under `prefix`). */
function targetOf(body: EvidenceTargetDto, prefix = ''): { field: EvidenceField; id: string } {
  const given = FIELDS.filter((field) => body[field] !== undefined);
  if (given.length === 1) {
    const field = given[0] as EvidenceField;
    return { field, id: (body[field] as string).toLowerCase() };
  }
  const message =
    given.length === 0 ? 'one of observationId, incidentId, attachmentId is required' : 'give only one';
  throw new DomainError('invalid', RecordErrorCode.InvalidReference, `Evidence: ${message}`, {
    errors: Object.fromEntries(
      (given.length === 0 ? FIELDS : given).map((field) => [`${prefix}${field}`, message]),
    ),
  });
}

/**
 * Records linked to a case as evidence (admin and legal). An incident or a file is linked only with
 * the litigation consent of the people concerned (409 otherwise); deleted records are not linked.
 */
@Injectable()
export class LegalEvidenceService {
  constructor(
    private readonly repository: LegalEvidenceRepository,
    private readonly cases: LegalCasesRepository,
    private readonly observations: ObservationsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, caseId: string, query: RawQuery): Promise<ListResult<LegalEvidenceRecord>> {
    assertCan(actor, 'legalCases.readDetails');
    const parsed = parseListQuery(query, EVIDENCE_LIST_SPEC);
    await findVisibleCase(this.cases, actor, caseId);
    return this.repository.list(withBoundCondition(parsed, (id) => `ev.case_id = ${id}`, caseId));
  }

  async get(actor: Actor, caseId: string, id: string): Promise<LegalEvidenceRecord> {
    assertCan(actor, 'legalCases.readDetails');
    await findVisibleCase(this.cases, actor, caseId);
    const record = await this.repository.findOne(caseId, id);
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  /**
   * The observations inside the challenged act's perimeter while it was in force (`validFrom`
   * through `validTo`, Paris days, open-ended when a date is missing), with the observation list's
   * own filters and paging. 409 when the act has no perimeter.
   */
  async inPerimeter(actor: Actor, caseId: string, query: RawQuery): Promise<ListResult<ObservationRecord>> {
    assertCan(actor, 'legalCases.readDetails');
    assertCan(actor, 'observations.read');
    const parsed = parseListQuery(query, OBSERVATION_LIST_SPEC);
    const legalCase = await findVisibleCase(this.cases, actor, caseId);
    const act = legalCase.challengedAct;
    if (!act?.perimeter) throw legalErrors.noPerimeter();
    const from = act.validFrom ? parisDayStart(act.validFrom) : null;
    const to = act.validTo ? parisDayEnd(act.validTo) : null;
    return this.observations.list(
      withBoundCondition(
        parsed,
        (id, start, end) =>
          `ST_Intersects(o.location, (SELECT act_perimeter FROM legal_cases WHERE id = ${id}))
           AND (${start}::timestamptz IS NULL OR o.started_at >= ${start})
           AND (${end}::timestamptz IS NULL OR o.started_at < ${end})`,
        caseId,
        from,
        to,
      ),
    );
  }

  async create(
    actor: Actor,
    caseId: string,
    dto: CreateEvidenceDto,
  ): Promise<{ record: LegalEvidenceRecord; created: boolean }> {
    assertCan(actor, 'legalCases.update');
    const target = targetOf(dto);
    const id = dto.id ?? randomUUID();
    const digest = contentDigest({ caseId, ...dto });
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      if (dto.id !== undefined) {
        const replay = await replayCasePart(this.repository, manager, actor.id, caseId, id, digest, LABEL);
        if (replay) return { record: replay, created: false };
      }
      await this.assertLinkable(manager, target);
      if (await this.repository.liveLink(manager, caseId, target.field, target.id)) {
        throw legalErrors.alreadyLinked(target.field, target.id);
      }
      const record = await this.link(manager, actor, caseId, id, target, dto.note ?? null, digest);
      if (record) return { record, created: true };
      const replay = await replayCasePart(this.repository, manager, actor.id, caseId, id, digest, LABEL);
      if (!replay) throw legalErrors.alreadyLinked(target.field, target.id);
      return { record: replay, created: false };
    });
  }

  /**
   * Links several records at once, in one transaction: all are checked first (any refusal refuses
   * the whole batch, named by `items.<n>.<field>`); those already linked are left as they are.
   */
  async createMany(
    actor: Actor,
    caseId: string,
    dto: LinkEvidenceBatchDto,
  ): Promise<{ created: LegalEvidenceRecord[]; alreadyLinked: string[] }> {
    assertCan(actor, 'legalCases.update');
    const targets = dto.items.map((item, index) => targetOf(item, `items.${index}.`));
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      for (const [index, target] of targets.entries()) {
        await this.assertLinkable(manager, target, `items.${index}.`);
      }
      const created: LegalEvidenceRecord[] = [];
      const alreadyLinked: string[] = [];
      const seen = new Set<string>();
      for (const target of targets) {
        if (
          seen.has(target.id) ||
          (await this.repository.liveLink(manager, caseId, target.field, target.id))
        ) {
          alreadyLinked.push(target.id);
          continue;
        }
        seen.add(target.id);
        const record = await this.link(manager, actor, caseId, randomUUID(), target, dto.note ?? null, null);
        if (record) created.push(record);
        else alreadyLinked.push(target.id);
      }
      return { created, alreadyLinked };
    });
  }

  async patch(actor: Actor, caseId: string, id: string, dto: PatchEvidenceDto): Promise<LegalEvidenceRecord> {
    assertCan(actor, 'legalCases.update');
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      const current = await lockCasePart(this.repository, manager, caseId, id, LABEL);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.version !== dto.version) throw recordErrors.staleVersion(LABEL, current);
      if (dto.note === undefined) return current;
      await this.repository.updateNote(manager, id, dto.note, actor.id);
      const record = (await this.repository.findOne(caseId, id, manager)) as LegalEvidenceRecord;
      await recordChange(this.audit, manager, actor, EVIDENCE_ENTITY, 'update', current, record);
      return record;
    });
  }

  /** Unlinks (soft delete): the record itself is untouched. */
  remove(actor: Actor, caseId: string, id: string): Promise<LegalEvidenceRecord> {
    return this.setDeleted(actor, caseId, id, true);
  }

  /** Links again, if the record may still be linked and is not linked meanwhile. */
  restore(actor: Actor, caseId: string, id: string): Promise<LegalEvidenceRecord> {
    return this.setDeleted(actor, caseId, id, false);
  }

  private async setDeleted(
    actor: Actor,
    caseId: string,
    id: string,
    deleted: boolean,
  ): Promise<LegalEvidenceRecord> {
    assertCan(actor, 'legalCases.update');
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      const current = await lockCasePart(this.repository, manager, caseId, id, LABEL);
      if (!deleted && current.deletedAt) {
        const field = FIELDS.find((name) => current[name] !== null) as EvidenceField;
        const target = { field, id: current[field] as string };
        await this.assertLinkable(manager, target);
        if (await this.repository.liveLink(manager, caseId, target.field, target.id)) {
          throw legalErrors.alreadyLinked(target.field, target.id);
        }
      }
      return setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: EVIDENCE_ENTITY,
          audit: this.audit,
          reload: () => this.repository.findOne(caseId, id, manager),
        },
        current,
        deleted,
      );
    });
  }

  /** The record exists and is not deleted (400), and its people agreed to its use in court (409). */
  private async assertLinkable(
    manager: EntityManager,
    target: { field: EvidenceField; id: string },
    prefix = '',
  ): Promise<void> {
    const state = await this.repository.target(manager, target.field, target.id);
    const what = WHAT[target.field];
    if (!state)
      throw recordErrors.invalidReference(`${prefix}${target.field}`, `unknown ${what} ${target.id}`);
    if (state.deleted) {
      throw recordErrors.invalidReference(`${prefix}${target.field}`, `${what} ${target.id} is deleted`);
    }
    if (!state.litigationConsent) {
      throw legalErrors.noLitigationConsent(what as 'incident' | 'attachment', target.id);
    }
  }

  /** Inserts and audits one link; null when a concurrent request linked the record (or took the id). */
  private async link(
    manager: EntityManager,
    actor: Actor,
    caseId: string,
    id: string,
    target: { field: EvidenceField; id: string },
    note: string | null,
    digest: string | null,
  ): Promise<LegalEvidenceRecord | null> {
    const inserted = await this.repository.insert(manager, {
      id,
      caseId,
      [target.field]: target.id,
      note,
      creationDigest: digest,
      createdBy: actor.id,
      updatedBy: actor.id,
    });
    if (!inserted) return null;
    const record = (await this.repository.findOne(caseId, id, manager)) as LegalEvidenceRecord;
    await recordChange(this.audit, manager, actor, EVIDENCE_ENTITY, 'create', null, record);
    return record;
  }
}
