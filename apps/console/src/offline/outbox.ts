import { db } from './db';
import { waitingEntry } from './entry';
import { notify } from './events';
import { currentOwnerId } from './identity';
import { wakeSender } from './sender';
import { byCreation } from './schedule';
import { sameValue } from './send';
import { mergeEdit } from './edit';
import { photoMaxPx, resizePhoto } from './photos';
import type { NewOutboxEntry, OutboxEntry, OutboxOperation } from './types';

/**
 * Stores the entry on the device first, then wakes the sender: what was entered survives a closed
 * tab, a flat battery or a refused request. Rejects only when nobody is signed in on the device or
 * the device cannot store it (the screen then keeps the form as it is).
 */
export async function enqueue(entry: NewOutboxEntry): Promise<OutboxEntry> {
  const ownerId = await currentOwnerId();
  if (!ownerId) throw new Error('Nobody is signed in on this device');
  if (entry.operation.type === 'update') {
    const merged = await mergeIntoUnsent(ownerId, entry.operation);
    if (merged) return merged;
  }
  const stored = waitingEntry(ownerId, new Date().toISOString(), {
    ...entry,
    operation: await smallerPhoto(entry.operation),
  });
  await (await db()).put('outbox', stored);
  notify('outbox');
  wakeSender();
  return stored;
}

/**
 * An edit of a record that already has an unsent entry on the device (edited twice offline, or
 * created offline): merged into that entry (`mergeEdit`), which keeps its place in the queue. A
 * conflict stays a conflict, now about the merged changes; a refused entry is tried again.
 * Undefined when there is no such entry.
 */
async function mergeIntoUnsent(
  ownerId: string,
  edit: Extract<OutboxOperation, { type: 'update' }>,
): Promise<OutboxEntry | undefined> {
  const database = await db();
  const existing = await database.get('outbox', edit.id);
  if (!existing || existing.ownerId !== ownerId) return undefined;
  const operation = mergeEdit(existing.operation, edit);
  if (operation === null) return undefined;
  if (operation.type === 'update' && Object.keys(operation.changes).length === 0) {
    // Every field is back to what the server has: nothing left to send.
    await database.delete('outbox', existing.id);
    notify('outbox');
    return { ...existing, operation, state: 'sent' };
  }
  const conflict = existing.state === 'conflict';
  const stored: OutboxEntry = {
    ...existing,
    operation,
    state: conflict ? 'conflict' : 'waiting',
    nextAttemptAt: conflict ? existing.nextAttemptAt : null,
    message: null,
    fieldErrors: {},
  };
  await database.put('outbox', stored);
  notify('outbox');
  wakeSender();
  return stored;
}

/** An upload's photo, resized when the deployment sets a largest size (`photos.ts`). */
async function smallerPhoto(operation: OutboxOperation): Promise<OutboxOperation> {
  const maxPx = photoMaxPx();
  if (operation.type !== 'upload' || maxPx === null) return operation;
  const file = await resizePhoto(operation.file, maxPx);
  if (file === operation.file) return operation;
  return { ...operation, file, filename: operation.filename.replace(/\.[^.]*$/, '') + '.jpg' };
}

/** The signed-in user's entries, oldest first (nobody else's, even on a shared phone). */
export async function listOutbox(): Promise<OutboxEntry[]> {
  const ownerId = await currentOwnerId();
  if (!ownerId) return [];
  const entries = await (await db()).getAllFromIndex('outbox', 'byOwner', ownerId);
  return entries.sort(byCreation);
}

/**
 * Sends an entry again: a refused one the observer fixed (`body`: the corrected record of a create,
 * or the corrected changes of an update), or a waiting one now rather than after its back-off.
 */
export async function retryEntry(id: string, body?: Record<string, unknown>): Promise<void> {
  await change(id, (entry) => {
    const operation = entry.operation;
    if (body !== undefined && operation.type === 'create') {
      return { ...entry, operation: { ...operation, body: { ...body, id: operation.body.id } } };
    }
    if (body !== undefined && operation.type === 'update') {
      return { ...entry, operation: { ...operation, changes: body } };
    }
    return entry;
  });
}

/**
 * The observer's choice for a conflict (theirs, the server's, or field by field): what `body` says
 * is sent as a change of the record as the server has it now (its current version), and only the
 * fields that differ from it. Keeping the server's version entirely leaves nothing to send: the
 * entry is done.
 */
export async function resolveConflict(id: string, body: Record<string, unknown>): Promise<void> {
  const database = await db();
  const entry = await database.get('outbox', id);
  if (!entry || entry.operation.type !== 'update' || entry.server === null) return;
  const server = entry.server;
  const changes = Object.fromEntries(
    Object.entries(body).filter(
      ([field, value]) => field !== 'version' && field !== 'id' && !sameValue(value, server[field]),
    ),
  );
  if (Object.keys(changes).length === 0) {
    await database.delete('outbox', id);
    notify('outbox');
    return;
  }
  const operation = entry.operation;
  await change(id, (current) => ({
    ...current,
    operation: {
      ...operation,
      version: typeof server.version === 'number' ? server.version : operation.version,
      base: server,
      changes,
    },
    server: null,
  }));
}

/** Removes an entry from the device without sending it (the screen has asked first). */
export async function discardEntry(id: string): Promise<void> {
  const ownerId = await currentOwnerId();
  const database = await db();
  const entry = await database.get('outbox', id);
  if (!entry || entry.ownerId !== ownerId) return;
  await database.delete('outbox', id);
  notify('outbox');
}

/** Puts an entry back in the queue, as waiting and due now, after `edit`. */
async function change(id: string, edit: (entry: OutboxEntry) => OutboxEntry): Promise<void> {
  const ownerId = await currentOwnerId();
  const database = await db();
  const entry = await database.get('outbox', id);
  if (!entry || entry.ownerId !== ownerId) return;
  await database.put('outbox', {
    ...edit(entry),
    state: 'waiting',
    attempts: 0,
    nextAttemptAt: null,
    message: null,
    fieldErrors: {},
  });
  notify('outbox');
  wakeSender();
}
