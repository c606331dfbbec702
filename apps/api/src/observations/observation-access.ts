import { ROLES_SEEING_UNVALIDATED, type ObservationRecord } from '@vigie/domain';
import type { Actor } from '../auth/actor';
import { authErrors } from '../auth/auth.errors';

/** Roles that may not see unvalidated records (communication) only get validated ones. */
export function seesUnvalidated(actor: Actor): boolean {
  return ROLES_SEEING_UNVALIDATED.includes(actor.role);
}

export function isVisibleTo(actor: Actor, record: Pick<ObservationRecord, 'status'>): boolean {
  return seesUnvalidated(actor) || record.status === 'validated';
}

/** Observers edit only their own records, and only until they are validated (DESIGN §4). */
export function assertMayEdit(actor: Actor, record: Pick<ObservationRecord, 'createdBy' | 'status'>): void {
  if (actor.role !== 'observer') return;
  if (record.createdBy !== actor.id) throw authErrors.forbidden("editing another person's observation");
  if (record.status === 'validated') throw authErrors.forbidden('editing a validated observation');
}
