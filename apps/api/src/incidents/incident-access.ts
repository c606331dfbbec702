import {
  type IncidentRecord,
  type Role,
  ROLES_SEEING_DELETED,
  ROLES_SEEING_RESTRICTED,
  ROLES_SEEING_UNVALIDATED,
} from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { recordErrors } from '../common/record-errors';
import { assertObserverMayEdit, isVisibleTo } from '../review/review-workflow';
import type { IncidentsRepository } from './incidents.repository';
import type { IncidentView } from './incidents.sql';

/** Roles that read the public summary only when the people agreed to publication (DESIGN §3). */
const PUBLICATION_READERS: readonly Role[] = ['communication'];

export function seesRestricted(actor: Actor): boolean {
  return ROLES_SEEING_RESTRICTED.includes(actor.role);
}

/** Communication reads the public view of validated, live incidents only (DESIGN §4). */
export function incidentView(actor: Actor): IncidentView {
  return ROLES_SEEING_UNVALIDATED.includes(actor.role) ? 'full' : 'public';
}

/** Whether the actor may read this record at all: its review status, and whether it is deleted. */
export function mayReadIncident(actor: Actor, record: IncidentRecord): boolean {
  return (
    isVisibleTo(actor, record) && (record.deletedAt === null || ROLES_SEEING_DELETED.includes(actor.role))
  );
}

/**
 * The record as the actor may read it: without the `testimony` key for roles that may not read
 * restricted fields; for communication without the internal `description` either, and without the
 * public summary unless publication was agreed. Everything an incident endpoint answers goes
 * through here (conflicts' `current` too). For communication, links to records it may not read are
 * already left out by the `public` view the record was read in.
 */
export function presentIncident(actor: Actor, record: IncidentRecord): IncidentRecord {
  let presented = record;
  if (!seesRestricted(actor)) {
    const { testimony: _restricted, ...rest } = presented;
    presented = rest;
  }
  if (PUBLICATION_READERS.includes(actor.role)) {
    const { description: _internal, ...rest } = presented;
    presented = record.consent.publication ? rest : { ...rest, publicSummary: null };
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
