import { Injectable } from '@nestjs/common';
import {
  can,
  type Permission,
  PUBLIC_LEGAL_CASE_FIELDS,
  RESTRICTED_FIELDS,
  type Role,
  ROLES_SEEING_DELETED,
  ROLES_SEEING_RESTRICTED,
  ROLES_SEEING_UNVALIDATED,
} from '@vigie/domain';
import { ORIGINAL_FIELDS_WITHHELD, scopeOf } from '../attachments/attachment-access';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { parseListQuery, type RawQuery, withBoundCondition } from '../common/list-query/parse-list-query';
import type { ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import type { ChainVerdict } from './audit-chain';
import { AUDIT_EVENT_LIST_SPEC, HISTORY_LIST_SPEC } from './audit.list-spec';
import {
  AuditRepository,
  type AuditEventView,
  type HistoryEntity,
  type HistoryEntry,
} from './audit.repository';

/** What reading a record's history requires: the permission to read that kind of record. */
const HISTORY_TARGETS: Record<HistoryEntity, { label: string; permission: Permission }> = {
  observations: { label: 'Observation', permission: 'observations.read' },
  incidents: { label: 'Incident', permission: 'incidents.read' },
  sites: { label: 'Site', permission: 'sites.read' },
  users: { label: 'User', permission: 'users.manage' },
  attachments: { label: 'Attachment', permission: 'attachments.read' },
  legal_cases: { label: 'Legal case', permission: 'legalCases.read' },
  legal_case_events: { label: 'Event', permission: 'legalCases.read' },
  legal_deadlines: { label: 'Deadline', permission: 'legalCases.readDetails' },
  legal_case_evidence: { label: 'Evidence link', permission: 'legalCases.readDetails' },
};

/**
 * Fields some roles read only with the people's consent (communication: an incident's public
 * summary needs publication consent). A past value in a history cannot be checked against the
 * consent of its time, so these fields are left out of histories for those roles.
 */
const CONSENT_GATED_FIELDS: Readonly<Record<string, { roles: readonly Role[]; fields: readonly string[] }>> =
  {
    incidents: { roles: ['communication'], fields: ['publicSummary'] },
    // What the copy without metadata leaves out, which communication is not told either.
    attachments: { roles: ['communication'], fields: ORIGINAL_FIELDS_WITHHELD },
  };

/**
 * Fields some roles never read (communication: an incident's internal description), and links
 * whose past targets they may not have been allowed to read (a draft observation): left out of
 * histories for those roles.
 */
const HIDDEN_FIELDS: Readonly<Record<string, { roles: readonly Role[]; fields: readonly string[] }>> = {
  incidents: { roles: ['communication'], fields: ['description', 'observationId'] },
  observations: { roles: ['communication'], fields: ['mergedIntoId'] },
};

/**
 * Records some roles read only some fields of (communication: a legal case's public fields): in
 * histories they get the changes of those fields alone (an allow-list, so a new field is hidden).
 */
const PUBLIC_ONLY_FIELDS: Readonly<Record<string, { roles: readonly Role[]; fields: readonly string[] }>> = {
  legal_cases: { roles: ['communication'], fields: PUBLIC_LEGAL_CASE_FIELDS },
};

/**
 * Removes the restricted fields of `entity` from a diff for roles that may not read them. Values
 * are already masked when written; dropping the keys too hides that such a field even changed.
 */
export function diffForRole(entity: string, diff: unknown, role: Role): unknown {
  const restricted = ROLES_SEEING_RESTRICTED.includes(role) ? [] : (RESTRICTED_FIELDS[entity] ?? []);
  const gated = CONSENT_GATED_FIELDS[entity];
  const internal = HIDDEN_FIELDS[entity];
  const hidden = [
    ...restricted,
    ...(gated?.roles.includes(role) ? gated.fields : []),
    ...(internal?.roles.includes(role) ? internal.fields : []),
  ];
  const publicOnly = PUBLIC_ONLY_FIELDS[entity];
  const allowed = publicOnly?.roles.includes(role) ? publicOnly.fields : null;
  if (hidden.length === 0 && allowed === null) return diff;
  if (typeof diff !== 'object' || diff === null || Array.isArray(diff)) return diff;
  return Object.fromEntries(
    Object.entries(diff).filter(
      ([field]) => !hidden.includes(field) && (allowed === null || allowed.includes(field)),
    ),
  );
}

/** An event as the actor may read it: its diff without what the role does not read. */
function presentEvent(actor: Actor, event: AuditEventView): AuditEventView {
  return { ...event, diff: diffForRole(event.entity, event.diff, actor.role) };
}

/** Reading the audit trail: the admin's log and its verification, and each record's history. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly repository: AuditRepository) {}

  async list(actor: Actor, query: RawQuery): Promise<ListResult<AuditEventView>> {
    assertCan(actor, 'audit.read');
    const page = await this.repository.list(parseListQuery(query, AUDIT_EVENT_LIST_SPEC));
    return { rows: page.rows.map((event) => presentEvent(actor, event)), total: page.total };
  }

  /** One event, as the list gives it (the same query, narrowed to the id); 404 when there is none. */
  async get(actor: Actor, id: string): Promise<AuditEventView> {
    assertCan(actor, 'audit.read');
    const query = withBoundCondition(parseListQuery({}, AUDIT_EVENT_LIST_SPEC), (p) => `e.id = ${p}`, id);
    const [event] = (await this.repository.list(query)).rows;
    if (!event) throw recordErrors.notFound('Audit event', id);
    return presentEvent(actor, event);
  }

  async verify(actor: Actor): Promise<ChainVerdict> {
    assertCan(actor, 'audit.read');
    return this.repository.verify();
  }

  /**
   * Newest first; 404 when the record does not exist or the actor may not see it. The parts of a
   * legal case (events, deadlines, evidence) are looked for under `caseId` only.
   */
  async history(
    actor: Actor,
    entity: HistoryEntity,
    id: string,
    query: RawQuery,
    caseId: string | null = null,
  ): Promise<ListResult<HistoryEntry>> {
    const target = HISTORY_TARGETS[entity];
    assertCan(actor, target.permission);
    // Parsed before the look-up so that a bad query is a 400 whether or not the record is visible.
    const parsed = parseListQuery(query, HISTORY_LIST_SPEC);
    const viewer = {
      seesUnvalidated: ROLES_SEEING_UNVALIDATED.includes(actor.role),
      seesDeleted: ROLES_SEEING_DELETED.includes(actor.role),
      attachmentScope: scopeOf(actor),
      readsCaseDetails: can(actor.role, 'legalCases.readDetails'),
    };
    if (!(await this.repository.isVisible(entity, id, viewer, caseId))) {
      throw recordErrors.notFound(target.label, id);
    }
    const page = await this.repository.history(entity, id, parsed);
    return {
      rows: page.rows.map((entry) => ({ ...entry, diff: diffForRole(entity, entry.diff, actor.role) })),
      total: page.total,
    };
  }
}
