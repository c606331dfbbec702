import { describe, expect, it } from 'vitest';
import {
  type AuditEventContent,
  ChainVerifier,
  type ChainVerdict,
  GENESIS_HASH,
  hashAuditEvent,
  type StoredAuditEvent,
} from './audit-chain';

const KNOWN_EVENT: AuditEventContent = {
  at: '2025-03-04T06:30:00.123Z',
  actorId: '0b6f3c1e-2d4a-4f5b-8c7d-9e0f1a2b3c4d',
  action: 'update',
  entity: 'observations',
  entityId: '6f1c0d3e-0000-4000-8000-000000000001',
  diff: { peopleEvicted: { before: 40, after: 55 }, description: { before: 'Expulsé', after: null } },
  context: { ip: '127.0.0.1', sessionId: 's-1' },
  prevHash: GENESIS_HASH,
};

/**
 * Pinned once: the hash of a stored event is evidence, so the hashing of a given event must never
 * change (a changed canonicalisation would make every existing chain fail verification).
 */
const KNOWN_HASH = 'a13d88cd323a3fdd0d4628b1711b9662efa2054547e9a4ac4f9f46f0e43fae94';

/** A valid chain of `length` events, ids 1…length, as the database would hand them back. */
function chain(length: number): StoredAuditEvent[] {
  const events: StoredAuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let index = 1; index <= length; index += 1) {
    const content: AuditEventContent = {
      at: new Date(Date.UTC(2025, 2, 4, 6, 30, 0, index)).toISOString(),
      actorId: index % 2 === 0 ? null : KNOWN_EVENT.actorId,
      action: index === 1 ? 'create' : 'update',
      entity: 'observations',
      entityId: KNOWN_EVENT.entityId,
      diff: { arrests: { before: index - 1, after: index } },
      context: null,
      prevHash,
    };
    const hash = hashAuditEvent(content);
    events.push({ ...content, id: String(index), hash });
    prevHash = hash;
  }
  return events;
}

function verify(events: readonly StoredAuditEvent[]): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.verdict();
}

describe(hashAuditEvent.name, () => {
  it('gives the same, known hash for a known event', () => {
    expect(hashAuditEvent(KNOWN_EVENT)).toBe(KNOWN_HASH);
  });

  it('hashes the content only, not the row id and own hash a stored event carries', () => {
    const stored: StoredAuditEvent = { ...KNOWN_EVENT, id: '42', hash: KNOWN_HASH };

    expect(hashAuditEvent(stored)).toBe(KNOWN_HASH);
  });

  it('does not depend on the order of keys, at any depth', () => {
    const reordered: AuditEventContent = {
      prevHash: KNOWN_EVENT.prevHash,
      context: { sessionId: 's-1', ip: '127.0.0.1' },
      diff: { description: { after: null, before: 'Expulsé' }, peopleEvicted: { after: 55, before: 40 } },
      entityId: KNOWN_EVENT.entityId,
      entity: KNOWN_EVENT.entity,
      action: KNOWN_EVENT.action,
      actorId: KNOWN_EVENT.actorId,
      at: KNOWN_EVENT.at,
    };

    expect(hashAuditEvent(reordered)).toBe(KNOWN_HASH);
  });

  it.each<[string, Partial<AuditEventContent>]>([
    ['at', { at: '2025-03-04T06:30:00.124Z' }],
    ['actorId', { actorId: null }],
    ['action', { action: 'delete' }],
    ['entity', { entity: 'sites' }],
    ['entityId', { entityId: '6f1c0d3e-0000-4000-8000-000000000002' }],
    [
      'diff (a nested value)',
      { diff: { peopleEvicted: { before: 40, after: 56 }, description: { before: 'Expulsé', after: null } } },
    ],
    ['context', { context: { ip: '127.0.0.2', sessionId: 's-1' } }],
    ['prevHash', { prevHash: '1'.repeat(64) }],
  ])('changes when %s changes', (_field, change) => {
    expect(hashAuditEvent({ ...KNOWN_EVENT, ...change })).not.toBe(KNOWN_HASH);
  });
});

describe(ChainVerifier.name, () => {
  it('accepts an empty chain, whose head is the genesis hash', () => {
    expect(verify([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('accepts a valid chain and reports its head', () => {
    const events = chain(5);

    expect(verify(events)).toEqual({ ok: true, count: 5, headHash: events[4]?.hash });
  });

  it('points at an event whose content was changed (hash mismatch)', () => {
    const events = chain(5);
    const altered = events.map((event) =>
      event.id === '3' ? { ...event, diff: { arrests: { before: 2, after: 30 } } } : event,
    );

    expect(verify(altered)).toEqual({ ok: false, count: 3, brokenAtId: '3', reason: 'hash_mismatch' });
  });

  it('points at the event after one deleted from the middle (broken link)', () => {
    const events = chain(5).filter((event) => event.id !== '3');

    expect(verify(events)).toEqual({ ok: false, count: 3, brokenAtId: '4', reason: 'broken_link' });
  });

  it('points at the first of a re-ordered pair', () => {
    const [first, second, third, fourth, fifth] = chain(5) as [
      StoredAuditEvent,
      StoredAuditEvent,
      StoredAuditEvent,
      StoredAuditEvent,
      StoredAuditEvent,
    ];

    expect(verify([first, second, fourth, third, fifth])).toEqual({
      ok: false,
      count: 3,
      brokenAtId: '4',
      reason: 'broken_link',
    });
  });

  it('points at an event whose hash was rewritten to match its altered content (next link breaks)', () => {
    const events = chain(4);
    const target = events[1] as StoredAuditEvent;
    const { id: _id, hash: _hash, ...content } = { ...target, action: 'delete' };
    const rewritten = { ...target, action: 'delete', hash: hashAuditEvent(content) };

    expect(verify([events[0] as StoredAuditEvent, rewritten, ...events.slice(2)])).toEqual({
      ok: false,
      count: 3,
      brokenAtId: '3',
      reason: 'broken_link',
    });
  });

  it('stops at the first break and refuses more events', () => {
    const verifier = new ChainVerifier();
    const [first, second] = chain(2) as [StoredAuditEvent, StoredAuditEvent];

    expect(verifier.push(second)).toBe(false);
    expect(verifier.push(first)).toBe(false);
    expect(verifier.verdict()).toEqual({ ok: false, count: 1, brokenAtId: '2', reason: 'broken_link' });
  });
});
