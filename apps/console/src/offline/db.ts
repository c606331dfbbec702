import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { SessionUser } from '../auth/authApi';
import type { OutboxEntry, ReferenceData } from './types';

/**
 * The one IndexedDB database of the console (issue 13). What it holds is what the phone keeps:
 * - `outbox`: the signed-in users' unsent entries (photos as Blobs), removed once the server has them;
 * - `reference`: sites with aliases and communes, for offline suggestions (never observations);
 * - `drafts`: half-filled forms, so that a reload or an app update loses nothing;
 * - `meta`: the identity of the last successful sign-in, so that the app opens offline.
 * The API's answers are never put in Cache Storage by the service worker: what is kept here is under
 * the app's control and goes with « Effacer les données de l'appareil » (`wipeDevice`).
 */
export interface VigieOfflineDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { byOwner: string } };
  reference: { key: 'current'; value: ReferenceData };
  drafts: { key: string; value: { key: string; ownerId: string; savedAt: string; value: unknown } };
  meta: { key: 'identity'; value: SessionUser };
}

export const DB_NAME = 'vigie-offline';
const DB_VERSION = 1;
export const STORES = ['outbox', 'reference', 'drafts', 'meta'] as const;

let database: Promise<IDBPDatabase<VigieOfflineDb>> | null = null;

/** Opens the database once per page; a later version (an app update) closes this connection. */
export function db(): Promise<IDBPDatabase<VigieOfflineDb>> {
  if (!database) {
    const opening = openDB<VigieOfflineDb>(DB_NAME, DB_VERSION, {
      upgrade(upgrading) {
        const outbox = upgrading.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('byOwner', 'ownerId');
        upgrading.createObjectStore('reference');
        upgrading.createObjectStore('drafts', { keyPath: 'key' });
        upgrading.createObjectStore('meta');
      },
      blocking() {
        // A newer version of the app wants to upgrade the schema: let it, and reopen next time.
        void opening.then((open) => open.close());
        database = null;
      },
      terminated() {
        database = null;
      },
    });
    database = opening;
    // A failed open (private mode, storage refused) is not remembered: the next call tries again.
    opening.catch(() => {
      if (database === opening) database = null;
    });
  }
  return database;
}
