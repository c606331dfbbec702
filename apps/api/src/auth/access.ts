import { can, type Permission } from '@vigie/domain';
import type { Actor } from './actor';
import { authErrors } from './auth.errors';

/** The first line of every service entry point: the guard checked it, the service checks again. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw authErrors.forbidden();
}
