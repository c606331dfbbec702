import type { OutboxEntry } from './types';

/** First retry after 2 s, then doubling up to 5 minutes. */
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

/**
 * How long to wait before try number `attempts + 1`: exponential, capped, with "equal jitter"
 * (half fixed, half random) so that phones coming back online together do not all call at once.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** Oldest first; entries made in the same millisecond keep the order they were stored in. */
export function byCreation(a: OutboxEntry, b: OutboxEntry): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

/**
 * The entry to send now, or when to look again. An entry waits for every entry it depends on to be
 * sent (sent entries leave the device, so a dependency still in the outbox is not sent yet: an
 * incident never reaches the server before its observation). `sending` is taken as `waiting`: the
 * sender holds a lock while it sends, so an entry still `sending` was cut short (tab closed).
 * `ignoreBackoff`: the network just came back, or the app just started: try now.
 */
export function nextToSend(
  entries: readonly OutboxEntry[],
  now: number,
  ignoreBackoff = false,
): { entry: OutboxEntry | null; wakeAt: number | null } {
  const present = new Set(entries.map((entry) => entry.id));
  let wakeAt: number | null = null;
  for (const entry of [...entries].sort(byCreation)) {
    if (entry.state !== 'waiting' && entry.state !== 'sending') continue;
    if (entry.dependsOn.some((id) => id !== entry.id && present.has(id))) continue;
    if (ignoreBackoff || entry.nextAttemptAt === null || entry.nextAttemptAt <= now) {
      return { entry, wakeAt: null };
    }
    wakeAt = wakeAt === null ? entry.nextAttemptAt : Math.min(wakeAt, entry.nextAttemptAt);
  }
  return { entry: null, wakeAt };
}
