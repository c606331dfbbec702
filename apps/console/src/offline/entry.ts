import type { NewOutboxEntry, OutboxEntry } from './types';

/**
 * A new entry as the outbox stores it: waiting, never tried, no answer yet. Pure (no IndexedDB),
 * so that the tests build their entries with the very shape `enqueue` stores.
 */
export function waitingEntry(ownerId: string, createdAt: string, entry: NewOutboxEntry): OutboxEntry {
  return {
    id: entry.id,
    ownerId,
    createdAt,
    dependsOn: entry.dependsOn ?? [],
    operation: entry.operation,
    state: 'waiting',
    attempts: 0,
    nextAttemptAt: null,
    message: null,
    fieldErrors: {},
    server: null,
    label: entry.label,
  };
}
