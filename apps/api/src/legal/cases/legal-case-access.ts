import {
  can,
  type LegalCaseRecord,
  PUBLIC_LEGAL_CASE_FIELDS,
  RESTRICTED_FIELDS,
  ROLES_SEEING_RESTRICTED,
} from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { recordErrors } from '../../common/record-errors';
import type { CaseView, LegalCasesRepository } from './legal-cases.repository';

export const CASE_LABEL = 'Legal case';

/** Everything of a case but its public fields: the other fields, its act, deadlines and evidence. */
export function readsCaseDetails(actor: Actor): boolean {
  return can(actor.role, 'legalCases.readDetails');
}

export function caseView(actor: Actor): CaseView {
  return readsCaseDetails(actor) ? 'full' : 'public';
}

/**
 * The case as the actor may read it: the public fields only for communication, and without the
 * restricted fields for any role that may not read them. Every answer about a case goes through
 * here (conflicts' `current` too).
 */
export function presentCase(actor: Actor, record: LegalCaseRecord): LegalCaseRecord {
  if (!readsCaseDetails(actor)) {
    return Object.fromEntries(
      PUBLIC_LEGAL_CASE_FIELDS.map((field) => [field, record[field] ?? null]),
    ) as unknown as LegalCaseRecord;
  }
  if (ROLES_SEEING_RESTRICTED.includes(actor.role)) return record;
  const restricted = RESTRICTED_FIELDS.legal_cases ?? [];
  return Object.fromEntries(
    Object.entries(record).filter(([field]) => !restricted.includes(field)),
  ) as unknown as LegalCaseRecord;
}

/** The case as the actor may see it, or 404 (whether it does not exist or is not theirs to see). */
export async function findVisibleCase(
  repository: LegalCasesRepository,
  actor: Actor,
  id: string,
  manager?: EntityManager,
): Promise<LegalCaseRecord> {
  const record = await repository.findOne(id, caseView(actor), manager);
  if (!record) throw recordErrors.notFound(CASE_LABEL, id);
  return record;
}

/**
 * For a change of the case or of what hangs from it (events, deadlines, evidence): locks the case
 * row for the rest of the transaction, 404 when unknown, 409 when deleted (restore it first).
 */
export async function lockLiveCase(
  repository: LegalCasesRepository,
  manager: EntityManager,
  id: string,
): Promise<LegalCaseRecord> {
  const state = await repository.table.lock(manager, id);
  const record = state ? await repository.findOne(id, 'full', manager) : null;
  if (!record) throw recordErrors.notFound(CASE_LABEL, id);
  if (record.deletedAt) throw recordErrors.deleted(CASE_LABEL, id);
  return record;
}
