import { ROLES_SEEING_DELETED, ROLES_SEEING_UNVALIDATED, type ObservationRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { authErrors } from '../auth/auth.errors';
import { recordErrors } from '../common/record-errors';
import type { ObservationsRepository } from './observations.repository';

/** Roles that may not see unvalidated records (communication) only get validated ones. */
export function seesUnvalidated(actor: Actor): boolean {
  return ROLES_SEEING_UNVALIDATED.includes(actor.role);
}

export function isVisibleTo(actor: Actor, record: Pick<ObservationRecord, 'status'>): boolean {
  return seesUnvalidated(actor) || record.status === 'validated';
}

/** Whether the actor may read this record at all: its review status, and whether it is deleted. */
export function mayReadObservation(
  actor: Actor,
  record: Pick<ObservationRecord, 'status' | 'deletedAt'>,
): boolean {
  return (
    isVisibleTo(actor, record) && (record.deletedAt === null || ROLES_SEEING_DELETED.includes(actor.role))
  );
}

/** Observers edit only their own records, and only until they are validated (DESIGN §4). */
export function assertMayEdit(actor: Actor, record: Pick<ObservationRecord, 'createdBy' | 'status'>): void {
  if (actor.role !== 'observer') return;
  if (record.createdBy !== actor.id) throw authErrors.forbidden("editing another person's observation");
  if (record.status === 'validated') throw authErrors.forbidden('editing a validated observation');
}

/** Locks the row and returns the record, or 404 when it does not exist or the actor may not see it. */
export async function lockVisibleObservation(
  repository: ObservationsRepository,
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<ObservationRecord> {
  const state = await repository.table.lock(manager, id);
  const record = state ? await repository.findOne(id, manager) : null;
  if (!record || !isVisibleTo(actor, record)) throw recordErrors.notFound('Observation', id);
  return record;
}
