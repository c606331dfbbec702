import { cachedIdentity, forgetIdentity, rememberIdentity } from '../offline/identity';
import { AuthFailure, authApi, type Credentials, type SessionUser } from './authApi';

/**
 * The signed-in user, kept in memory for this page only (the session itself is the httpOnly
 * cookie). Asked once from `GET /api/auth/me` after a reload; shared by checkAuth, canAccess and
 * getIdentity so that a page does not call `/me` once per button.
 *
 * Offline (the server cannot be reached, which is not a 401), the identity of the last successful
 * sign-in or `/me`, kept on the device, stands in: the field app opens after a reload without
 * network (issue 13). The API itself still requires the session for every call.
 */
let current: Promise<SessionUser | null> | null = null;

/** The user of the session cookie, or null when there is none (or it has ended). */
export function currentUser(): Promise<SessionUser | null> {
  if (!current) {
    const pending = authApi.me().then(
      async (user) => {
        await rememberIdentity(user);
        return user;
      },
      async (error: unknown) => {
        if (unreachable(error)) return cachedIdentity();
        await forgetIdentity();
        return null;
      },
    );
    current = pending;
    // A failed `/me` is not remembered: the next check asks again (after a login, for instance).
    void pending.then((user) => {
      if (user === null && current === pending) current = null;
    });
  }
  return current;
}

export async function signIn(credentials: Credentials): Promise<SessionUser> {
  const user = await authApi.login(credentials);
  await rememberIdentity(user);
  current = Promise.resolve(user);
  return user;
}

export async function signOut(): Promise<void> {
  current = null;
  await forgetIdentity();
  try {
    await authApi.logout();
  } catch {
    // The session may already be over (expired, revoked): there is nothing left to end.
  }
}

/** Asks `/me` again, after a change to the account (second factor set up or removed). */
export async function reloadUser(): Promise<SessionUser | null> {
  current = null;
  return currentUser();
}

/** The API answered 403 `totp_enrollment_required`: nothing but enrolment until it is done. */
export function markEnrollmentRequired(): void {
  if (!current) return;
  current = current.then((user) => (user ? { ...user, totpEnrollmentRequired: true } : null));
}

/** No answer from the server (offline, or a gateway with the API down): not a refusal. */
function unreachable(error: unknown): boolean {
  return error instanceof AuthFailure && (error.status === 0 || error.status >= 502);
}
