import type { EntityManager } from 'typeorm';
import type { VersionedTable } from '../common/versioned-table';
import { recordErrors } from '../common/record-errors';

/** How a service reaches one kind of part of a case: its events, deadlines or evidence links. */
export interface CasePartStore<R> {
  readonly table: VersionedTable;
  findOne(caseId: string, id: string, manager?: EntityManager): Promise<R | null>;
}

/** Locks the part for the rest of the transaction; 404 when there is none under that case. */
export async function lockCasePart<R>(
  store: CasePartStore<R>,
  manager: EntityManager,
  caseId: string,
  id: string,
  label: string,
): Promise<R> {
  const state = await store.table.lock(manager, id);
  const record = state ? await store.findOne(caseId, id, manager) : null;
  if (!record) throw recordErrors.notFound(label, id);
  return record;
}

/**
 * A retried create under a client id: the stored part when its creator sent the same content
 * (under the same case, which the digest covers), null when the id is free; anything else is a 409.
 */
export async function replayCasePart<R>(
  store: CasePartStore<R>,
  manager: EntityManager,
  actorId: string,
  caseId: string,
  id: string,
  digest: string,
  label: string,
): Promise<R | null> {
  if (!(await store.table.isRetriedCreate(manager, id, digest, label, actorId))) return null;
  return store.findOne(caseId, id, manager);
}
