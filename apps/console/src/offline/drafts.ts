import { db } from './db';
import { currentOwnerId } from './identity';

/**
 * Half-filled forms, kept in IndexedDB under the signed-in user's name: a reload, a phone restart
 * or an app update (the service worker's new version reloads the page) loses nothing. A draft is
 * cleared when its form is queued, at logout and by « Effacer les données de l'appareil ».
 */
async function draftKey(key: string): Promise<{ id: string; ownerId: string }> {
  const ownerId = (await currentOwnerId()) ?? '';
  return { id: `${ownerId}:${key}`, ownerId };
}

export async function saveDraft(key: string, value: unknown): Promise<void> {
  const { id, ownerId } = await draftKey(key);
  await (await db()).put('drafts', { key: id, ownerId, savedAt: new Date().toISOString(), value });
}

export async function loadDraft<T>(key: string): Promise<T | null> {
  const { id } = await draftKey(key);
  try {
    return ((await (await db()).get('drafts', id))?.value as T | undefined) ?? null;
  } catch {
    return null;
  }
}

export async function clearDraft(key: string): Promise<void> {
  const { id } = await draftKey(key);
  await (await db()).delete('drafts', id);
}
