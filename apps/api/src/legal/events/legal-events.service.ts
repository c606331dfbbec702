import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LegalCaseEventRecord } from '@vigie/domain';
import { AuditService } from '../../audit/audit.service';
import { recordChange, setDeleted } from '../../audit/record-change';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { contentDigest } from '../../common/canonical-digest';
import {
  parseListQuery,
  withBoundCondition,
  withCondition,
  type RawQuery,
} from '../../common/list-query/parse-list-query';
import type { ListResult } from '../../common/list-result';
import { recordErrors } from '../../common/record-errors';
import { findVisibleCase, lockLiveCase, readsCaseDetails } from '../cases/legal-case-access';
import { LegalCasesRepository } from '../cases/legal-cases.repository';
import { lockCasePart, replayCasePart } from '../case-parts';
import { DeadlineSync } from '../deadlines/deadline-sync';
import type { CreateLegalEventDto, PatchLegalEventDto } from './dto/legal-event-input.dto';
import { assertEventConsistent, legalEventValues } from './legal-event-values';
import { LegalEventsRepository } from './legal-events.repository';
import { LEGAL_EVENT_LIST_SPEC, PUBLIC_LEGAL_EVENT_LIST_SPEC } from './legal-events.sql';

const LABEL = 'Event';
export const LEGAL_EVENT_ENTITY = 'legal_case_events';

/**
 * A case's chronology. Communication reads the events of the cases it may read (DESIGN §4), not
 * deleted ones; admin and legal write them. Every change recomputes the case's deadlines in the
 * same transaction, so a deadline never lags behind the event it comes from.
 */
@Injectable()
export class LegalEventsService {
  constructor(
    private readonly repository: LegalEventsRepository,
    private readonly cases: LegalCasesRepository,
    private readonly audit: AuditService,
    private readonly deadlines: DeadlineSync,
  ) {}

  async list(actor: Actor, caseId: string, query: RawQuery): Promise<ListResult<LegalCaseEventRecord>> {
    assertCan(actor, 'legalCases.read');
    const parsed = parseListQuery(
      query,
      readsCaseDetails(actor) ? LEGAL_EVENT_LIST_SPEC : PUBLIC_LEGAL_EVENT_LIST_SPEC,
    );
    await findVisibleCase(this.cases, actor, caseId);
    const ofCase = withBoundCondition(parsed, (id) => `e.case_id = ${id}`, caseId);
    // Deleted events are the legal team's trash, not a public fact.
    return this.repository.list(
      readsCaseDetails(actor) ? ofCase : withCondition(ofCase, 'e.deleted_at IS NULL'),
    );
  }

  async get(actor: Actor, caseId: string, id: string): Promise<LegalCaseEventRecord> {
    assertCan(actor, 'legalCases.read');
    await findVisibleCase(this.cases, actor, caseId);
    const record = await this.repository.findOne(caseId, id);
    if (!record || (record.deletedAt && !readsCaseDetails(actor))) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  async create(
    actor: Actor,
    caseId: string,
    dto: CreateLegalEventDto,
  ): Promise<{ record: LegalCaseEventRecord; created: boolean }> {
    assertCan(actor, 'legalCases.update');
    const id = dto.id ?? randomUUID();
    const digest = contentDigest({ caseId, ...dto });
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      if (dto.id !== undefined) {
        const replay = await replayCasePart(this.repository, manager, actor.id, caseId, id, digest, LABEL);
        if (replay) return { record: replay, created: false };
      }
      const values = legalEventValues(dto, 'create');
      assertEventConsistent(null, values);
      const inserted = await this.repository.insert(manager, {
        ...values,
        id,
        caseId,
        creationDigest: digest,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      if (!inserted) {
        const replay = await replayCasePart(this.repository, manager, actor.id, caseId, id, digest, LABEL);
        if (!replay) throw recordErrors.idempotencyConflict(LABEL, id);
        return { record: replay, created: false };
      }
      const record = (await this.repository.findOne(caseId, id, manager)) as LegalCaseEventRecord;
      await recordChange(this.audit, manager, actor, LEGAL_EVENT_ENTITY, 'create', null, record);
      await this.deadlines.reconcile(manager, actor, caseId);
      return { record, created: true };
    });
  }

  async patch(
    actor: Actor,
    caseId: string,
    id: string,
    dto: PatchLegalEventDto,
  ): Promise<LegalCaseEventRecord> {
    assertCan(actor, 'legalCases.update');
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      const current = await lockCasePart(this.repository, manager, caseId, id, LABEL);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.version !== dto.version) throw recordErrors.staleVersion(LABEL, current);
      const { version: _version, ...input } = dto;
      const values = legalEventValues(input, 'patch');
      assertEventConsistent(current, values);
      await this.repository.update(manager, id, values, actor.id);
      const record = (await this.repository.findOne(caseId, id, manager)) as LegalCaseEventRecord;
      await recordChange(this.audit, manager, actor, LEGAL_EVENT_ENTITY, 'update', current, record);
      await this.deadlines.reconcile(manager, actor, caseId);
      return record;
    });
  }

  remove(actor: Actor, caseId: string, id: string): Promise<LegalCaseEventRecord> {
    return this.setDeleted(actor, caseId, id, true);
  }

  restore(actor: Actor, caseId: string, id: string): Promise<LegalCaseEventRecord> {
    return this.setDeleted(actor, caseId, id, false);
  }

  /** The event must belong to a case the actor may read (for its history, say); 404 otherwise. */
  async assertVisible(actor: Actor, caseId: string, id: string): Promise<void> {
    await this.get(actor, caseId, id);
  }

  private async setDeleted(
    actor: Actor,
    caseId: string,
    id: string,
    deleted: boolean,
  ): Promise<LegalCaseEventRecord> {
    assertCan(actor, 'legalCases.update');
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      const record = await setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: LEGAL_EVENT_ENTITY,
          audit: this.audit,
          reload: () => this.repository.findOne(caseId, id, manager),
        },
        await lockCasePart(this.repository, manager, caseId, id, LABEL),
        deleted,
      );
      // A deleted event no longer starts deadlines; a restored one does again.
      await this.deadlines.reconcile(manager, actor, caseId);
      return record;
    });
  }
}
