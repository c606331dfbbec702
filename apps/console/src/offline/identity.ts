import type { SessionUser } from '../auth/authApi';
import { db } from './db';
import { notify } from './events';

/**
 * The identity of the last successful sign-in or `/me`, kept on the device so that the console
 * opens offline after a reload (checkAuth, getIdentity, getPermissions) and so that the outbox knows
 * whose entries to send. It holds what `/me` says, never a token (the session is the httpOnly cookie).
 */
export async function rememberIdentity(user: SessionUser): Promise<void> {
  try {
    await (await db()).put('meta', user, 'identity');
    notify('signedIn');
  } catch {
    // A device that cannot store (private mode) still works online.
  }
}

export async function cachedIdentity(): Promise<SessionUser | null> {
  try {
    return (await (await db()).get('meta', 'identity')) ?? null;
  } catch {
    return null;
  }
}

/** The session is over (401) or the user signed out: the device no longer opens as them. */
export async function forgetIdentity(): Promise<void> {
  try {
    await (await db()).delete('meta', 'identity');
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/** Whose entries the outbox lists and sends now, or null when nobody is signed in on the device. */
export async function currentOwnerId(): Promise<string | null> {
  return (await cachedIdentity())?.id ?? null;
}
