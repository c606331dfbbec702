import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DeadlineRecord } from '@vigie/domain';
import { AuditService } from '../../audit/audit.service';
import { recordChange, setDeleted } from '../../audit/record-change';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { contentDigest } from '../../common/canonical-digest';
import type { ParsedListQuery } from '../../common/list-query/list-spec';
import {
  parseListQuery,
  withBoundCondition,
  withCondition,
  type RawQuery,
} from '../../common/list-query/parse-list-query';
import type { ListResult } from '../../common/list-result';
import { recordErrors } from '../../common/record-errors';
import { findVisibleCase, lockLiveCase } from '../cases/legal-case-access';
import { LegalCasesRepository } from '../cases/legal-cases.repository';
import { lockCasePart, replayCasePart } from '../case-parts';
import { legalErrors } from '../legal.errors';
import { DEADLINE_ENTITY } from './deadline-sync';
import { changedDeadlineValues, newDeadlineValues } from './deadline-values';
import type { CreateDeadlineDto, PatchDeadlineDto } from './dto/deadline-input.dto';
import { LegalDeadlinesRepository } from './legal-deadlines.repository';
import { DEADLINE_LIST_SPEC } from './legal-deadlines.sql';

const LABEL = 'Deadline';

/** The list's rules without its default of live deadlines only: one deadline is read deleted or not. */
const { deletedAt: _deletedAt, ...DEADLINE_ANY_STATE_SPEC } = DEADLINE_LIST_SPEC;

/**
 * Deadlines of the cases (DESIGN §3), for admin and legal: across every case (« Échéances ») or one
 * case's. Those added by hand are written here; computed ones are made and moved by DeadlineSync,
 * and here only get a title, notes, and done or cancelled.
 */
@Injectable()
export class LegalDeadlinesService {
  constructor(
    private readonly repository: LegalDeadlinesRepository,
    private readonly cases: LegalCasesRepository,
    private readonly audit: AuditService,
  ) {}

  /** Every case's deadlines (of live cases), soonest first. */
  async listAll(actor: Actor, query: RawQuery): Promise<ListResult<DeadlineRecord>> {
    assertCan(actor, 'legalCases.readDetails');
    return this.repository.list(this.ofLiveCases(parseListQuery(query, DEADLINE_LIST_SPEC)));
  }

  /**
   * One deadline as `GET /api/deadlines` lists it (that list narrowed to the id, deleted or not):
   * 404 for a deadline of a deleted case, which the list leaves out too.
   */
  async getOfAnyCase(actor: Actor, id: string): Promise<DeadlineRecord> {
    assertCan(actor, 'legalCases.readDetails');
    const query = withBoundCondition(
      parseListQuery({}, DEADLINE_ANY_STATE_SPEC),
      (placeholder) => `d.id = ${placeholder}`,
      id,
    );
    const [record] = (await this.repository.list(this.ofLiveCases(query))).rows;
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  async list(actor: Actor, caseId: string, query: RawQuery): Promise<ListResult<DeadlineRecord>> {
    assertCan(actor, 'legalCases.readDetails');
    const parsed = parseListQuery(query, DEADLINE_LIST_SPEC);
    await findVisibleCase(this.cases, actor, caseId);
    return this.repository.list(withBoundCondition(parsed, (id) => `d.case_id = ${id}`, caseId));
  }

  async get(actor: Actor, caseId: string, id: string): Promise<DeadlineRecord> {
    assertCan(actor, 'legalCases.readDetails');
    await findVisibleCase(this.cases, actor, caseId);
    const record = await this.repository.findOne(caseId, id);
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  async create(
    actor: Actor,
    caseId: string,
    dto: CreateDeadlineDto,
  ): Promise<{ record: DeadlineRecord; created: boolean }> {
    assertCan(actor, 'legalCases.update');
    const id = dto.id ?? randomUUID();
    const digest = contentDigest({ caseId, ...dto });
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      if (dto.id !== undefined) {
        const replay = await replayCasePart(this.repository, manager, actor.id, caseId, id, digest, LABEL);
        if (replay) return { record: replay, created: false };
      }
      const values = newDeadlineValues(dto);
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
      const record = (await this.repository.findOne(caseId, id, manager)) as DeadlineRecord;
      await recordChange(this.audit, manager, actor, DEADLINE_ENTITY, 'create', null, record);
      return { record, created: true };
    });
  }

  async patch(actor: Actor, caseId: string, id: string, dto: PatchDeadlineDto): Promise<DeadlineRecord> {
    assertCan(actor, 'legalCases.update');
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      const current = await lockCasePart(this.repository, manager, caseId, id, LABEL);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.version !== dto.version) throw recordErrors.staleVersion(LABEL, current);
      const values = changedDeadlineValues(current, dto, actor);
      if (Object.keys(values).length === 0) return current;
      await this.repository.update(manager, id, values, actor.id);
      const record = (await this.repository.findOne(caseId, id, manager)) as DeadlineRecord;
      await recordChange(this.audit, manager, actor, DEADLINE_ENTITY, 'update', current, record);
      return record;
    });
  }

  /** Deletes a deadline added by hand; a computed one follows its source and is cancelled instead (409). */
  remove(actor: Actor, caseId: string, id: string): Promise<DeadlineRecord> {
    return this.setDeleted(actor, caseId, id, true);
  }

  restore(actor: Actor, caseId: string, id: string): Promise<DeadlineRecord> {
    return this.setDeleted(actor, caseId, id, false);
  }

  private async setDeleted(
    actor: Actor,
    caseId: string,
    id: string,
    deleted: boolean,
  ): Promise<DeadlineRecord> {
    assertCan(actor, 'legalCases.update');
    return this.repository.transaction(async (manager) => {
      await lockLiveCase(this.cases, manager, caseId);
      const current = await lockCasePart(this.repository, manager, caseId, id, LABEL);
      if (current.computed) throw legalErrors.computedDeadline(['deletedAt']);
      return setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: DEADLINE_ENTITY,
          audit: this.audit,
          reload: () => this.repository.findOne(caseId, id, manager),
        },
        current,
        deleted,
      );
    });
  }

  /** Deadlines of deleted cases are not due any more (the case may be restored, and they with it). */
  private ofLiveCases(query: ParsedListQuery): ParsedListQuery {
    return withCondition(query, 'lc.deleted_at IS NULL');
  }
}
