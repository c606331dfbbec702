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

/**
 * Set when a sign-out could not reach the server (offline): the session cookie is httpOnly, so the
 * page cannot drop it, and the server session would otherwise come back at the next online start —
 * on a shared phone, signed in as the previous user. Until the server has ended it, no one is
 * signed in on this device.
 */
const SIGN_OUT_PENDING = 'vigie.signOutPending';

function signOutPending(): boolean {
  try {
    return localStorage.getItem(SIGN_OUT_PENDING) !== null;
  } catch {
    return false;
  }
}

function setSignOutPending(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(SIGN_OUT_PENDING, '1');
    else localStorage.removeItem(SIGN_OUT_PENDING);
  } catch {
    // No storage (private mode): the sign-out is as good as the network was.
  }
}

/**
 * Ends on the server the session of a sign-out made offline. True when nothing is left to end
 * (ended now, or already over); false while the server still cannot be reached.
 */
async function settlePendingSignOut(): Promise<boolean> {
  if (!signOutPending()) return true;
  try {
    await authApi.logout();
  } catch (error) {
    if (unreachable(error)) return false;
    // 401: the session was already over.
  }
  setSignOutPending(false);
  return true;
}

/** The user of the session cookie, or null when there is none (or it has ended). */
export function currentUser(): Promise<SessionUser | null> {
  if (!current) {
    // A sign-out still to be sent: whatever the cookie says, nobody is signed in.
    const pending = signOutPending() ? settlePendingSignOut().then(() => null) : askServer();
    current = pending;
    // A failed `/me` is not remembered: the next check asks again (after a login, for instance).
    void pending.then((user) => {
      if (user === null && current === pending) current = null;
    });
  }
  return current;
}

/** `/me`, remembered on the device; offline, the identity remembered last. */
function askServer(): Promise<SessionUser | null> {
  return authApi.me().then(
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
}

export async function signIn(credentials: Credentials): Promise<SessionUser> {
  // The previous user's session, signed out offline, ends before another begins.
  await settlePendingSignOut();
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
    setSignOutPending(false);
  } catch (error) {
    // Offline: ended at the next start with network (settlePendingSignOut). Otherwise the session
    // was already over (expired, revoked): there is nothing left to end.
    setSignOutPending(unreachable(error));
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
