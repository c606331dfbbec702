import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@vigie/domain';

export const PERMISSION_KEY = 'vigie:permission';
export const PUBLIC_KEY = 'vigie:public';
export const AUTHENTICATED_KEY = 'vigie:authenticated';

/** The permission a route needs. A route without one of these decorators is refused (fail closed). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Reachable without a session: only health and login. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Any signed-in user, whatever the role (own session, own profile). */
export const Authenticated = () => SetMetadata(AUTHENTICATED_KEY, true);
