import { db } from './db';
import { sameOperation } from './edit';
import { notify, subscribe } from './events';
import { currentOwnerId } from './identity';
import { backoffMs, nextToSend } from './schedule';
import { sendEntry, type SendOutcome } from './send';
import type { OutboxEntry } from './types';

/**
 * The sender: one entry at a time, oldest first, each after the entries it depends on. It runs
 * while the app is open (`startSender`), on start, when the browser says it is back online, when an
 * entry is queued, and after each back-off. Every tab may run one: a Web Lock lets one send at a
 * time, and each reads the outbox afresh, so no entry is ever sent twice at once.
 */
let started = 0;
let busy = false;
let again = false;
let forceNext = false;
let timer: ReturnType<typeof setTimeout> | null = null;
/** The session ended while entries were waiting: nothing is sent until the user signs in again. */
let needsSignIn = false;

const LOCK = 'vigie-outbox-sender';

/** Starts sending (on load, on `online`, with back-off); returns the function that stops it. */
export function startSender(): () => void {
  started += 1;
  const onOnline = () => wakeSender(true);
  window.addEventListener('online', onOnline);
  listenForSignIn();
  wakeSender(true);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    started -= 1;
    window.removeEventListener('online', onOnline);
    if (started === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

let listeningForSignIn = false;

/**
 * A successful sign-in or `/me` (rememberIdentity) means the session is valid again. Listened to
 * for the page's whole life, not only while the sender runs: signing in again goes through the
 * login page, where the layout (and so the sender) is not mounted, and the `signedIn` said there
 * must still lift the stop.
 */
function listenForSignIn(): void {
  if (listeningForSignIn) return;
  listeningForSignIn = true;
  subscribe((event) => {
    if (event === 'signedIn') {
      needsSignIn = false;
      wakeSender(true);
    }
  });
}

/** Whether the sender is waiting for the user to sign in again (a 401 while sending). */
export function signInNeeded(): boolean {
  return needsSignIn;
}

/** Looks at the outbox now; `force`: regardless of back-off (back online, app started). */
export function wakeSender(force = false): void {
  if (started === 0) return;
  if (force) forceNext = true;
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  void (async () => {
    try {
      do {
        again = false;
        const force = forceNext;
        forceNext = false;
        await withLock(() => drain(force));
      } while (again && started > 0);
    } catch {
      // IndexedDB refused (storage evicted, private mode): try again on the next wake.
    } finally {
      busy = false;
    }
  })();
}

async function withLock(run: () => Promise<void>): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    await navigator.locks.request(LOCK, run);
  } else {
    await run();
  }
}

/** Sends until nothing is due, the network fails, or the session has ended. */
async function drain(force: boolean): Promise<void> {
  let ignoreBackoff = force;
  while (started > 0 && !needsSignIn) {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
    const ownerId = await currentOwnerId();
    if (!ownerId) return;
    const entries = await (await db()).getAllFromIndex('outbox', 'byOwner', ownerId);
    const now = Date.now();
    const { entry, wakeAt } = nextToSend(entries, now, ignoreBackoff);
    if (!entry) {
      if (wakeAt !== null) schedule(wakeAt - now);
      return;
    }
    const outcome = await sendOne(entry);
    if (outcome.kind === 'retry') {
      // The network or the server is failing: everything waits for this entry's back-off.
      ignoreBackoff = false;
      continue;
    }
  }
}

async function sendOne(entry: OutboxEntry): Promise<SendOutcome> {
  const database = await db();
  await database.put('outbox', { ...entry, state: 'sending' });
  notify('outbox');
  const outcome = await sendEntry(entry);
  // The entry may have been discarded or wiped while the request was on its way.
  const stored = await database.get('outbox', entry.id);
  if (!stored) {
    notify('outbox');
    return outcome;
  }
  if (!sameOperation(stored.operation, entry.operation)) {
    // Edited again on the device meanwhile (`enqueue` merged a second edit): this answer is not
    // about what it holds now, which is sent next (a 409 then shows what the server has).
    await database.put('outbox', { ...stored, state: stored.state === 'conflict' ? 'conflict' : 'waiting' });
    if (outcome.kind === 'signIn') {
      needsSignIn = true;
      notify('signInNeeded');
    }
    notify('outbox');
    return outcome;
  }
  switch (outcome.kind) {
    case 'sent':
      // Confirmed by the server: off the device at once (a photo's bytes with it).
      await database.delete('outbox', entry.id);
      break;
    case 'retry': {
      const attempts = entry.attempts + 1;
      const delay = Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts));
      await database.put('outbox', {
        ...entry,
        state: 'waiting',
        attempts,
        nextAttemptAt: Date.now() + delay,
      });
      break;
    }
    case 'signIn':
      await database.put('outbox', { ...entry, state: 'waiting' });
      needsSignIn = true;
      notify('signInNeeded');
      break;
    case 'refused':
      await database.put('outbox', {
        ...entry,
        state: 'refused',
        attempts: entry.attempts + 1,
        nextAttemptAt: null,
        message: outcome.message,
        fieldErrors: outcome.fieldErrors,
      });
      break;
    case 'conflict':
      await database.put('outbox', {
        ...entry,
        state: 'conflict',
        attempts: entry.attempts + 1,
        nextAttemptAt: null,
        server: outcome.server,
      });
      break;
  }
  notify('outbox');
  return outcome;
}

function schedule(delayMs: number): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(
    () => {
      timer = null;
      wakeSender();
    },
    Math.max(0, delayMs),
  );
}
