import type { Role } from './vocabularies';

/**
 * What each role may do (DESIGN §4). The API's guard and services check these; the console uses
 * the same table to hide what a role cannot use. Row-level rules (an observer edits only its own
 * records until validated, communication reads only validated ones) live in the services.
 */
export const PERMISSIONS = {
  'communes.read': ['admin', 'coordinator', 'observer', 'legal', 'communication', 'researcher'],
  'meta.read': ['admin', 'coordinator', 'observer', 'legal', 'communication', 'researcher'],
  'sites.read': ['admin', 'coordinator', 'observer', 'legal', 'communication'],
  'sites.create': ['admin', 'coordinator', 'observer'],
  'sites.update': ['admin', 'coordinator'],
  'sites.delete': ['admin', 'coordinator'],
  'observations.read': ['admin', 'coordinator', 'observer', 'legal', 'communication'],
  'observations.create': ['admin', 'coordinator', 'observer'],
  'observations.update': ['admin', 'coordinator', 'observer'],
  'observations.delete': ['admin', 'coordinator'],
  'observations.submit': ['admin', 'coordinator', 'observer'],
  'observations.validate': ['admin', 'coordinator'],
  /** Resolve possible duplicates: mark "not a duplicate", or merge two observations. */
  'observations.merge': ['admin', 'coordinator'],
  'incidents.read': ['admin', 'coordinator', 'observer', 'legal', 'communication'],
  'incidents.create': ['admin', 'coordinator', 'observer'],
  'incidents.update': ['admin', 'coordinator', 'observer'],
  'incidents.delete': ['admin', 'coordinator'],
  'incidents.submit': ['admin', 'coordinator', 'observer'],
  'incidents.validate': ['admin', 'coordinator'],
  /**
   * Evidence files. Row rules in the service: an observer reads only the files it uploaded;
   * communication only files with publication consent (on validated records).
   */
  'attachments.read': ['admin', 'coordinator', 'observer', 'legal', 'communication'],
  'attachments.create': ['admin', 'coordinator', 'observer', 'legal'],
  'attachments.update': ['admin', 'coordinator', 'legal'],
  'attachments.delete': ['admin', 'coordinator', 'legal'],
  /**
   * Aggregate figures (no free text, no ids; the per-site counts, with the sites' ids and names,
   * only for the roles with sites.read). Researchers have "stats" (DESIGN §4); observers read
   * every observation one by one and the reports built from these figures, so the totals hide
   * nothing from them. Only the roles in ROLES_SEEING_UNVALIDATED may count unvalidated records.
   */
  'stats.read': ['admin', 'coordinator', 'observer', 'legal', 'communication', 'researcher'],
  /** Publications (DESIGN §4 "reports"): read and download them, preview one; researchers none. */
  'reports.read': ['admin', 'coordinator', 'observer', 'legal', 'communication'],
  /** Generate a publication (and retry a failed one): admin and communication ("all"). */
  'reports.create': ['admin', 'communication'],
  /**
   * Legal cases (DESIGN §4): admin and legal all of them; communication reads their public fields
   * (`PUBLIC_LEGAL_CASE_FIELDS`) and their events. `readDetails` is everything else of a case: its
   * other fields, the challenged act and its perimeter, deadlines and evidence.
   */
  'legalCases.read': ['admin', 'legal', 'communication'],
  'legalCases.readDetails': ['admin', 'legal'],
  'legalCases.create': ['admin', 'legal'],
  'legalCases.update': ['admin', 'legal'],
  'legalCases.delete': ['admin', 'legal'],
  /** The deadline rules (as data, in libs/domain) and whether the legal team confirmed each. */
  'legalRules.read': ['admin', 'legal'],
  'legalRules.confirm': ['admin'],
  /** A case dossier (DESIGN §4 "reports: legal — read; case dossiers"): generated and read by these. */
  'reports.caseDossier': ['admin', 'legal'],
  /**
   * Data exports (DESIGN §4 "exports", §7): every role that exports at all gets the de-identified
   * research level; `internal` (every non-restricted field, precise) is for the roles marked
   * "internal" or "all". Observers export nothing.
   */
  'exports.research': ['admin', 'coordinator', 'legal', 'communication', 'researcher'],
  'exports.internal': ['admin', 'coordinator', 'legal', 'communication'],
  /** Spreadsheet and KoboToolbox imports, their saved mappings and the Kobo feeds (issue 14). */
  'imports.manage': ['admin', 'coordinator'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  'settings.manage': ['admin'],
  /** Backups (issue 15): their runs and status, and a backup started now. */
  'backups.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles that see every record whatever its review status. */
export const ROLES_SEEING_UNVALIDATED: readonly Role[] = ['admin', 'coordinator', 'observer', 'legal'];

/**
 * Roles that read soft-deleted field records (observations, incidents, sites, attachments within
 * their scope): the ones that read every record ("all", "read all" in DESIGN §4). The others
 * (communication) get 404 for a deleted record, 400 for `deleted=true`, and no link to one.
 */
export const ROLES_SEEING_DELETED: readonly Role[] = ROLES_SEEING_UNVALIDATED;

/**
 * Fields only some roles may read (DESIGN §3): removed server-side for the others, in records,
 * history and audit diffs alike. Keyed by entity name.
 */
export const RESTRICTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  incidents: ['testimony'],
  legal_cases: ['confidentialNotes', 'claimants'],
};

/**
 * What communication reads of a legal case (DESIGN §4), besides its events: these fields only, in
 * records, lists, search, sorting, histories and feeds alike.
 */
export const PUBLIC_LEGAL_CASE_FIELDS = [
  'id',
  'title',
  'procedure',
  'forum',
  'status',
  'outcome',
  'publicSummary',
] as const;

export const ROLES_SEEING_RESTRICTED: readonly Role[] = ['admin', 'legal'];

/** Roles that must use a second factor when the admin setting `totpRequiredForPrivileged` is on. */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'legal'];

/** The session idles out after this long without a request (DESIGN §3). */
export const SESSION_IDLE_HOURS = 12;

/** Password rules (issue: accounts): length, and refusal of the most common passwords. */
export const PASSWORD_MIN_LENGTH = 12;
