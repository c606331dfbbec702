import { can, PERMISSIONS, ROLES_SEEING_RESTRICTED, type Permission, type Role } from '@vigie/domain';

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
};

/**
 * The permission of `@vigie/domain` a react-admin action needs, or null when no role may do it.
 * Fails closed: an unknown resource or action needs a permission nobody has.
 */
export function permissionFor(resource: string, action: string): Permission | null {
  const single = SINGLE_PERMISSION[resource];
  if (single) return single.actions.includes(action) ? single.permission : null;
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
