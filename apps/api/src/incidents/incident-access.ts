import { type IncidentRecord, type Role, ROLES_SEEING_RESTRICTED } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { recordErrors } from '../common/record-errors';
import { assertObserverMayEdit, isVisibleTo } from '../review/review-workflow';
import type { IncidentsRepository } from './incidents.repository';

/** Roles that read the public summary only when the people agreed to publication (DESIGN §3). */
const PUBLICATION_READERS: readonly Role[] = ['communication'];

export function seesRestricted(actor: Actor): boolean {
  return ROLES_SEEING_RESTRICTED.includes(actor.role);
}

/**
 * The record as the actor may read it: without the `testimony` key for roles that may not read
 * restricted fields, and without the public summary for communication unless publication was
 * agreed. Everything an incident endpoint answers goes through here (conflicts' `current` too).
 */
export function presentIncident(actor: Actor, record: IncidentRecord): IncidentRecord {
  let presented = record;
  if (!seesRestricted(actor)) {
    const { testimony: _restricted, ...rest } = presented;
    presented = rest;
  }
  if (PUBLICATION_READERS.includes(actor.role) && !record.consent.publication) {
    presented = { ...presented, publicSummary: null };
  }
  return presented;
}

/** Observers edit only their own incidents, and only until they are validated (DESIGN §4). */
export function assertMayEditIncident(actor: Actor, record: IncidentRecord): void {
  assertObserverMayEdit(actor, record, 'Incident');
}

/** Locks the row and returns the whole record, or 404 when it does not exist or the actor may not see it. */
export async function lockVisibleIncident(
  repository: IncidentsRepository,
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<IncidentRecord> {
  const state = await repository.table.lock(manager, id);
  const record = state ? await repository.findOne(id, manager) : null;
  if (!record || !isVisibleTo(actor, record)) throw recordErrors.notFound('Incident', id);
  return record;
}
