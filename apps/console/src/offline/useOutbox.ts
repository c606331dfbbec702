import { useEffect, useState } from 'react';
import { subscribe } from './events';
import { listOutbox } from './outbox';
import { signInNeeded } from './sender';
import type { OutboxEntry } from './types';

export interface OutboxView {
  /** The signed-in user's entries, oldest first. */
  entries: OutboxEntry[];
  /** Entries not yet sent: the badge. */
  pending: number;
  /** What the browser says of the network (`navigator.onLine`). */
  online: boolean;
  /** The session ended while entries were waiting: sign in again to send them. */
  signInNeeded: boolean;
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** The outbox, live: read again whenever it changes in this tab or another one. */
export function useOutbox(): OutboxView {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [online, setOnline] = useState(browserOnline);
  const [needsSignIn, setNeedsSignIn] = useState(signInNeeded);

  useEffect(() => {
    let active = true;
    let reading = Promise.resolve();
    const read = () => {
      // One read at a time, in order: a slow read never overwrites a newer one.
      reading = reading.then(async () => {
        const list = await listOutbox().catch(() => null);
        if (active && list) setEntries(list);
        if (active) setNeedsSignIn(signInNeeded());
      });
    };
    const unsubscribe = subscribe((event) => {
      if (event === 'signInNeeded') setNeedsSignIn(true);
      read();
    });
    const onNetwork = () => setOnline(browserOnline());
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    read();
    return () => {
      active = false;
      unsubscribe();
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
    };
  }, []);

  return {
    entries,
    pending: entries.filter((entry) => entry.state !== 'sent').length,
    online,
    signInNeeded: needsSignIn,
  };
}
