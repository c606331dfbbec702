import { can, PERMISSIONS, ROLES_SEEING_RESTRICTED, type Permission, type Role } from '@vigie/domain';
import { resourceKey } from '../api/resources';

/** react-admin's actions, as the console's buttons and pages ask for them. */
const ACTION_VERBS: Readonly<Record<string, string>> = {
  list: 'read',
  show: 'read',
  export: 'read',
  create: 'create',
  edit: 'update',
  delete: 'delete',
  // Bringing a record back from the trash is undoing a delete: the same right.
  restore: 'delete',
  // Review workflow (DESIGN §3): returning a record is the other answer of a validator.
  submit: 'submit',
  validate: 'validate',
  return: 'validate',
};

/** Resources whose permission does not follow `<resource>.<verb>`: one permission, listed actions. */
const SINGLE_PERMISSION: Readonly<Record<string, { permission: Permission; actions: readonly string[] }>> = {
  users: { permission: 'users.manage', actions: ['list', 'show', 'create', 'edit', 'delete'] },
  'audit-events': { permission: 'audit.read', actions: ['list', 'show'] },
  settings: { permission: 'settings.manage', actions: ['list', 'show', 'edit'] },
  /** « Sauvegardes »: the runs and the status; `create` starts a backup now. */
  backups: { permission: 'backups.manage', actions: ['list', 'create'] },
  /** Imports (history, wizard, undo), their saved mappings and the KoboToolbox feeds. */
  imports: { permission: 'imports.manage', actions: ['list', 'show', 'create', 'undo'] },
  'import-mappings': { permission: 'imports.manage', actions: ['list', 'show', 'create', 'edit', 'delete'] },
  'kobo-feeds': { permission: 'imports.manage', actions: ['list', 'show', 'create', 'delete'] },
};

/**
 * Resources whose permissions do not follow `<resource>.<verb>` at all: each action named with its
 * permission. The legal pages: a case's public side (`list`, `show`) is read by communication, its
 * details (`details`: the other fields, deadlines, evidence, files) by admin and legal only.
 */
const ACTION_PERMISSIONS: Readonly<Record<string, Readonly<Record<string, Permission>>>> = {
  'legal-cases': {
    list: 'legalCases.read',
    show: 'legalCases.read',
    details: 'legalCases.readDetails',
    create: 'legalCases.create',
    edit: 'legalCases.update',
    delete: 'legalCases.delete',
    restore: 'legalCases.delete',
  },
  /** The « Échéances » page, across every case; a deadline is changed on its case. */
  deadlines: { list: 'legalCases.readDetails', show: 'legalCases.readDetails', edit: 'legalCases.update' },
  'legal-rules': { list: 'legalRules.read', show: 'legalRules.read', confirm: 'legalRules.confirm' },
  /** A case dossier: generated and read by the roles that work on the cases. */
  'case-dossiers': { list: 'reports.caseDossier', create: 'reports.caseDossier' },
  /** The « Exports » page: the research level for every role that exports, the internal one for some. */
  exports: { list: 'exports.research', internal: 'exports.internal' },
  /** A case's chronology is public with the case; changing it is changing the case. */
  'legal-cases/:caseId/events': caseChild('legalCases.read'),
  'legal-cases/:caseId/deadlines': caseChild('legalCases.readDetails'),
  'legal-cases/:caseId/evidence': caseChild('legalCases.readDetails'),
};

function caseChild(read: Permission): Readonly<Record<string, Permission>> {
  const write: Permission = 'legalCases.update';
  return { list: read, show: read, create: write, edit: write, delete: write, restore: write };
}

/**
 * The permission of `@vigie/domain` a react-admin action needs, or null when no role may do it.
 * Fails closed: an unknown resource or action needs a permission nobody has.
 */
export function permissionFor(resource: string, action: string): Permission | null {
  const single = SINGLE_PERMISSION[resource];
  if (single) return single.actions.includes(action) ? single.permission : null;
  // A case's sub-resources are named with the case's id (`legal-cases/<id>/events`).
  const byAction = ACTION_PERMISSIONS[resourceKey(resource)];
  if (byAction) return Object.hasOwn(byAction, action) ? (byAction[action] ?? null) : null;
  const verb = ACTION_VERBS[action];
  if (!verb) return null;
  const permission = `${resource}.${verb}`;
  return Object.hasOwn(PERMISSIONS, permission) ? (permission as Permission) : null;
}

/** What the console shows a role; the API checks the same table again (and row-level rules). */
export function canAccessResource(role: Role, resource: string, action: string): boolean {
  const permission = permissionFor(resource, action);
  return permission !== null && can(role, permission);
}

/**
 * Whether the role reads restricted fields (an incident's testimony). The API removes them for the
 * others, so their forms must not offer to change what they cannot see (DESIGN §1.3).
 */
export function canReadRestricted(role: unknown): boolean {
  return typeof role === 'string' && (ROLES_SEEING_RESTRICTED as readonly string[]).includes(role);
}
