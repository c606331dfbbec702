import { describe, expect, it } from 'vitest';
import { waitingEntry } from './entry';
import { backoffMs, nextToSend } from './schedule';
import type { OutboxEntry } from './types';

function entry(id: string, createdAt: string, extra: Partial<OutboxEntry> = {}): OutboxEntry {
  const operation = { type: 'create', resource: 'observations', body: { id } } as const;
  return { ...waitingEntry('u1', createdAt, { id, label: id, operation }), ...extra };
}

describe('the order in which the outbox sends', () => {
  it('sends the oldest entry first', () => {
    const entries = [entry('b', '2026-12-06T08:11:00.000Z'), entry('a', '2026-12-06T08:10:00.000Z')];
    expect(nextToSend(entries, 0).entry?.id).toBe('a');
  });

  it('never sends an incident before its observation, even when the incident is older', () => {
    const entries = [
      entry('incident', '2026-12-06T08:10:00.000Z', { dependsOn: ['observation'] }),
      entry('observation', '2026-12-06T08:12:00.000Z', { state: 'refused' }),
    ];
    // The observation was refused: its incident waits until it is fixed and sent.
    expect(nextToSend(entries, 0)).toEqual({ entry: null, wakeAt: null });
    // Once the observation has left the device (sent), the incident goes.
    expect(nextToSend(entries.slice(0, 1), 0).entry?.id).toBe('incident');
  });

  it('waits for the back-off unless the network just came back', () => {
    const entries = [entry('a', '2026-12-06T08:10:00.000Z', { attempts: 2, nextAttemptAt: 5_000 })];
    expect(nextToSend(entries, 1_000)).toEqual({ entry: null, wakeAt: 5_000 });
    expect(nextToSend(entries, 1_000, true).entry?.id).toBe('a');
    expect(nextToSend(entries, 5_000).entry?.id).toBe('a');
  });

  it('leaves refused entries and conflicts to the observer, and resumes one cut short while sending', () => {
    const entries = [
      entry('refused', '2026-12-06T08:10:00.000Z', { state: 'refused' }),
      entry('conflict', '2026-12-06T08:11:00.000Z', { state: 'conflict' }),
      entry('cut', '2026-12-06T08:12:00.000Z', { state: 'sending' }),
    ];
    expect(nextToSend(entries, 0).entry?.id).toBe('cut');
  });
});

describe('the back-off between tries', () => {
  it('doubles from 2 s, with jitter, up to 5 minutes', () => {
    expect(backoffMs(1, () => 0)).toBe(1_000);
    expect(backoffMs(1, () => 1)).toBe(2_000);
    expect(backoffMs(3, () => 1)).toBe(8_000);
    expect(backoffMs(30, () => 1)).toBe(300_000);
    expect(backoffMs(30, () => 0)).toBe(150_000);
  });
});
