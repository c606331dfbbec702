/**
 * "The outbox changed", "sign in again", "signed in": told to this page's listeners at once and to the app's other tabs through a
 * BroadcastChannel, so that every open list and badge reads the outbox again (`useOutbox`).
 */
export type OfflineEvent = 'outbox' | 'signInNeeded' | 'signedIn';

const EVENTS: readonly unknown[] = ['outbox', 'signInNeeded', 'signedIn'] satisfies OfflineEvent[];

type Listener = (event: OfflineEvent) => void;

const listeners = new Set<Listener>();
const CHANNEL = 'vigie-offline';

let channel: BroadcastChannel | null = null;

function broadcastChannel(): BroadcastChannel | null {
  if (channel === null && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (message: MessageEvent<unknown>) => {
      if (EVENTS.includes(message.data)) tell(message.data as OfflineEvent);
    };
  }
  return channel;
}

function tell(event: OfflineEvent): void {
  for (const listener of listeners) listener(event);
}

/** Tells this page and the other tabs. */
export function notify(event: OfflineEvent): void {
  tell(event);
  broadcastChannel()?.postMessage(event);
}

/** Listens until the returned function is called. */
export function subscribe(listener: Listener): () => void {
  broadcastChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
