import type { AuthProvider, UserIdentity } from 'react-admin';
import { isPlainObject } from '../api/payload';
import { canAccessResource } from './access';
import type { Credentials } from './authApi';
import { ACCOUNT_SECURITY_PATH } from './paths';
import { currentUser, markEnrollmentRequired, signIn, signOut } from './session';

/** What `checkError` decides for a failed API call. */
export type ErrorVerdict = 'session_over' | 'enrolment_required' | 'keep_going';

/**
 * 401: the session is over (expired, revoked, logged out elsewhere). 403 `totp_enrollment_required`:
 * the role needs a second factor first. Any other 403 is a refusal for this role only: it is shown
 * by the page that asked, and the user stays signed in.
 */
export function errorVerdict(error: unknown): ErrorVerdict {
  const status =
    isPlainObject(error) || error instanceof Error ? (error as { status?: unknown }).status : null;
  if (status === 401) return 'session_over';
  if (status === 403) {
    const body = (error as { body?: unknown }).body;
    if (isPlainObject(body) && body.code === 'totp_enrollment_required') return 'enrolment_required';
  }
  return 'keep_going';
}

export interface VigieIdentity extends UserIdentity {
  id: string;
  fullName: string;
  email: string;
  role: string;
  totpEnabled: boolean;
  totpEnrollmentRequired: boolean;
}

export const authProvider: AuthProvider = {
  async login(params: Credentials) {
    const user = await signIn(params);
    return user.totpEnrollmentRequired ? { redirectTo: ACCOUNT_SECURITY_PATH } : undefined;
  },

  async logout() {
    await signOut();
  },

  async checkAuth() {
    if (!(await currentUser())) {
      // Arriving without a session is not an error worth a message: the login page says enough.
      throw { message: false };
    }
  },

  async checkError(error: unknown) {
    switch (errorVerdict(error)) {
      case 'session_over':
        throw { message: 'vigie.errors.unauthenticated' };
      case 'enrolment_required':
        markEnrollmentRequired();
        throw { logoutUser: false, redirectTo: ACCOUNT_SECURITY_PATH, message: false };
      case 'keep_going':
        return;
    }
  },

  async getIdentity(): Promise<VigieIdentity> {
    const user = await currentUser();
    if (!user) throw new Error('Not signed in');
    return {
      id: user.id,
      fullName: user.name,
      email: user.email,
      role: user.role,
      totpEnabled: user.totpEnabled,
      totpEnrollmentRequired: user.totpEnrollmentRequired,
    };
  },

  async getPermissions() {
    return (await currentUser())?.role ?? null;
  },

  async canAccess({ resource, action }) {
    const user = await currentUser();
    if (!user || user.totpEnrollmentRequired) return false;
    return canAccessResource(user.role, resource, action);
  },
};
