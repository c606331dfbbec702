import { db, STORES } from './db';
import { notify } from './events';
import { currentOwnerId, forgetIdentity } from './identity';

/**
 * « Effacer les données de l'appareil » (a lost or shared phone): every IndexedDB store (unsent
 * entries of every user included) and every Cache Storage cache. The service worker never puts API
 * answers there, so this is the app shell only; it goes too (the app reloads it at the next online
 * visit). The service worker stays registered: it holds no data.
 */
export async function wipeDevice(): Promise<void> {
  const database = await db();
  const transaction = database.transaction([...STORES], 'readwrite');
  await Promise.all([...STORES.map((store) => transaction.objectStore(store).clear()), transaction.done]);
  if (typeof caches !== 'undefined') {
    await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  }
  notify('outbox');
}

/** How many of the signed-in user's entries are still on the device, unsent (logout asks first). */
export async function unsentCount(): Promise<number> {
  const ownerId = await currentOwnerId();
  if (!ownerId) return 0;
  return (await (await db()).getAllKeysFromIndex('outbox', 'byOwner', ownerId)).length;
}

/**
 * What signing out leaves behind: nothing of this user. Their unsent entries (the logout dialog
 * has said how many and the user agreed), the drafts, the reference data and the cached identity.
 * Other users' unsent entries on a shared phone stay until they sign in (or the device is wiped).
 */
export async function clearOnLogout(): Promise<void> {
  const ownerId = await currentOwnerId();
  const database = await db();
  const transaction = database.transaction(['outbox', 'drafts', 'reference'], 'readwrite');
  const outbox = transaction.objectStore('outbox');
  const own = ownerId ? await outbox.index('byOwner').getAllKeys(ownerId) : [];
  await Promise.all([
    ...own.map((id) => outbox.delete(id)),
    transaction.objectStore('drafts').clear(),
    transaction.objectStore('reference').clear(),
    transaction.done,
  ]);
  await forgetIdentity();
  notify('outbox');
}
