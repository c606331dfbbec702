import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LIMITS, type LegalCaseRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { recordChange, setDeleted } from '../../audit/record-change';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { contentDigest } from '../../common/canonical-digest';
import type { ParsedListQuery } from '../../common/list-query/list-spec';
import { parseListQuery, withCondition, type RawQuery } from '../../common/list-query/parse-list-query';
import type { GeoJsonResult, ListResult } from '../../common/list-result';
import { recordErrors } from '../../common/record-errors';
import { DeadlineSync } from '../deadlines/deadline-sync';
import { legalErrors } from '../legal.errors';
import type { CreateLegalCaseDto, PatchLegalCaseDto, ReplaceLegalCaseDto } from './dto/legal-case-input.dto';
import {
  CASE_LABEL,
  caseView,
  findVisibleCase,
  lockLiveCase,
  presentCase,
  readsCaseDetails,
} from './legal-case-access';
import { assertCaseConsistent, legalCaseValues } from './legal-case-values';
import { LEGAL_CASE_LIST_SPEC, PUBLIC_LEGAL_CASE_LIST_SPEC } from './legal-cases.list-spec';
import { LegalCasesRepository, type LegalCaseValues } from './legal-cases.repository';
import { PUBLICLY_VISIBLE_CASE } from './legal-cases.sql';

export const LEGAL_CASE_ENTITY = 'legal_cases';

/** Fields whose change may start, move or end computed deadlines. */
const DEADLINE_INPUTS = ['procedure', 'forum', 'actPublishedOn'] as const;

@Injectable()
export class LegalCasesService {
  constructor(
    private readonly repository: LegalCasesRepository,
    private readonly audit: AuditService,
    private readonly deadlines: DeadlineSync,
  ) {}

  async list(actor: Actor, query: RawQuery): Promise<ListResult<LegalCaseRecord>> {
    assertCan(actor, 'legalCases.read');
    const page = await this.repository.list(this.visible(actor, query), caseView(actor));
    return { rows: page.rows.map((row) => presentCase(actor, row)), total: page.total };
  }

  /** The perimeters of the challenged acts (with the list's filters), for the maps. */
  async geojson(actor: Actor, query: RawQuery): Promise<GeoJsonResult> {
    assertCan(actor, 'legalCases.readDetails');
    const parsed = parseListQuery(query, LEGAL_CASE_LIST_SPEC, {
      maxPage: LIMITS.geojsonFeatures,
      defaultPage: LIMITS.geojsonFeatures,
    });
    return this.repository.geojson(withCondition(parsed, 'lc.act_perimeter IS NOT NULL'));
  }

  async get(actor: Actor, id: string): Promise<LegalCaseRecord> {
    assertCan(actor, 'legalCases.read');
    return presentCase(actor, await findVisibleCase(this.repository, actor, id));
  }

  /**
   * Creates a case. A client-chosen id makes the call idempotent: the same id and content return the
   * stored case (`created: false`), other content under it is a conflict.
   */
  async create(
    actor: Actor,
    dto: CreateLegalCaseDto,
  ): Promise<{ record: LegalCaseRecord; created: boolean }> {
    assertCan(actor, 'legalCases.create');
    const id = dto.id ?? randomUUID();
    const digest = contentDigest(dto);
    return this.repository.transaction(async (manager) => {
      if (dto.id !== undefined) {
        const replay = await this.replay(manager, actor, id, digest);
        if (replay) return { record: replay, created: false };
      }
      const values = legalCaseValues(dto, 'replace');
      await this.assertWritable(manager, null, id, values);
      const outcome = await this.repository.insert(manager, {
        ...values,
        id,
        creationDigest: digest,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      if (outcome === 'reference_taken') throw legalErrors.referenceTaken(values.reference as string);
      if (outcome === 'id_exists') {
        // Another request with the same id committed between our check and our insert.
        const replay = await this.replay(manager, actor, id, digest);
        if (!replay) throw recordErrors.idempotencyConflict(CASE_LABEL, id);
        return { record: replay, created: false };
      }
      const created = (await this.repository.findOne(id, 'full', manager)) as LegalCaseRecord;
      await recordChange(this.audit, manager, actor, LEGAL_CASE_ENTITY, 'create', null, created);
      // The deadlines its act calls for, audited after the case they belong to.
      await this.deadlines.reconcile(manager, actor, id);
      const record = (await this.repository.findOne(id, 'full', manager)) as LegalCaseRecord;
      return { record: presentCase(actor, record), created: true };
    });
  }

  replace(actor: Actor, id: string, dto: ReplaceLegalCaseDto): Promise<LegalCaseRecord> {
    return this.update(actor, id, dto, 'replace');
  }

  patch(actor: Actor, id: string, dto: PatchLegalCaseDto): Promise<LegalCaseRecord> {
    return this.update(actor, id, dto, 'patch');
  }

  remove(actor: Actor, id: string): Promise<LegalCaseRecord> {
    return this.setDeleted(actor, id, true);
  }

  restore(actor: Actor, id: string): Promise<LegalCaseRecord> {
    return this.setDeleted(actor, id, false);
  }

  private async update(
    actor: Actor,
    id: string,
    dto: ReplaceLegalCaseDto | PatchLegalCaseDto,
    mode: 'replace' | 'patch',
  ): Promise<LegalCaseRecord> {
    assertCan(actor, 'legalCases.update');
    if (dto.id !== undefined && dto.id !== id) throw recordErrors.idMismatch();
    return this.repository.transaction(async (manager) => {
      const current = await lockLiveCase(this.repository, manager, id);
      if (current.version !== dto.version) {
        throw recordErrors.staleVersion(CASE_LABEL, presentCase(actor, current));
      }
      const values = legalCaseValues(dto, mode);
      await this.assertWritable(manager, current, id, values);
      if (!(await this.repository.update(manager, id, values, actor.id))) {
        throw legalErrors.referenceTaken(values.reference as string);
      }
      const updated = (await this.repository.findOne(id, 'full', manager)) as LegalCaseRecord;
      await recordChange(this.audit, manager, actor, LEGAL_CASE_ENTITY, 'update', current, updated);
      if (!DEADLINE_INPUTS.some((field) => values[field] !== undefined)) return presentCase(actor, updated);
      await this.deadlines.reconcile(manager, actor, id);
      return presentCase(actor, (await this.repository.findOne(id, 'full', manager)) as LegalCaseRecord);
    });
  }

  /**
   * What the database cannot check alone, before writing: field rules, a reference free for this
   * case, a parent that exists without closing a cycle, a perimeter that is valid and in France,
   * and an act's document that is a PDF attached to this case.
   */
  private async assertWritable(
    manager: EntityManager,
    current: LegalCaseRecord | null,
    id: string,
    values: LegalCaseValues,
  ): Promise<void> {
    assertCaseConsistent(current, values);
    if (
      values.reference !== undefined &&
      values.reference.toLowerCase() !== current?.reference.toLowerCase() &&
      (await this.repository.referenceTaken(manager, values.reference, id))
    ) {
      throw legalErrors.referenceTaken(values.reference);
    }
    const parentId = values.parentCaseId;
    if (parentId && parentId !== current?.parentCaseId) {
      const parent = await this.repository.parentState(manager, parentId);
      if (!parent) throw recordErrors.invalidReference('parentCaseId', `unknown legal case ${parentId}`);
      if (parent.deleted) {
        throw recordErrors.invalidReference(
          'parentCaseId',
          `legal case ${parentId} is deleted; restore it first`,
        );
      }
      if (await this.repository.wouldCycle(manager, id, parentId)) throw legalErrors.parentCycle();
    }
    if (values.actPerimeter) {
      const check = await this.repository.checkPerimeter(manager, values.actPerimeter);
      if (!check.valid) throw legalErrors.invalidPerimeter(check.reason ?? 'invalid geometry');
      if (!check.inFrance) throw legalErrors.perimeterOutsideFrance();
    }
    const documentId = values.actDocumentId;
    if (documentId && documentId !== current?.challengedAct?.documentId) {
      const document = current ? await this.repository.caseDocument(manager, id, documentId) : null;
      const field = 'challengedAct.documentId';
      if (!document) {
        throw recordErrors.invalidReference(
          field,
          `no file ${documentId} is attached to this case: attach it first`,
        );
      }
      if (document.deleted) throw recordErrors.invalidReference(field, `file ${documentId} is deleted`);
      if (document.mimeType !== 'application/pdf') {
        throw recordErrors.invalidReference(field, `the act's text must be a PDF, not ${document.mimeType}`);
      }
    }
  }

  private async setDeleted(actor: Actor, id: string, deleted: boolean): Promise<LegalCaseRecord> {
    assertCan(actor, 'legalCases.delete');
    const record = await this.repository.transaction(async (manager) => {
      const state = await this.repository.table.lock(manager, id);
      const before = state ? await this.repository.findOne(id, 'full', manager) : null;
      if (!before) throw recordErrors.notFound(CASE_LABEL, id);
      return setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: LEGAL_CASE_ENTITY,
          audit: this.audit,
          reload: () => this.repository.findOne(id, 'full', manager),
        },
        before,
        deleted,
      );
    });
    return presentCase(actor, record);
  }

  /** The list query as the actor may run it: communication on the public fields of its cases only. */
  private visible(actor: Actor, query: RawQuery): ParsedListQuery {
    if (readsCaseDetails(actor)) return parseListQuery(query, LEGAL_CASE_LIST_SPEC);
    return withCondition(parseListQuery(query, PUBLIC_LEGAL_CASE_LIST_SPEC), PUBLICLY_VISIBLE_CASE);
  }

  private async replay(
    manager: EntityManager,
    actor: Actor,
    id: string,
    digest: string,
  ): Promise<LegalCaseRecord | null> {
    const retried = await this.repository.table.isRetriedCreate(manager, id, digest, CASE_LABEL, actor.id);
    if (!retried) return null;
    const record = await this.repository.findOne(id, 'full', manager);
    return record && presentCase(actor, record);
  }
}
