import { describe, expect, it } from 'vitest';
import { outcomeOf } from './send';
import type { OutboxOperation } from './types';

const create: OutboxOperation = { type: 'create', resource: 'observations', body: { id: 'o1' } };
const update: OutboxOperation = {
  type: 'update',
  resource: 'observations',
  id: 'o1',
  version: 3,
  base: { id: 'o1', version: 3, description: 'avant', peopleEvicted: 10 },
  changes: { description: 'après' },
};

describe('what the server’s answer means for an outbox entry', () => {
  it('is sent on 200 (a retried create after a lost answer) as on 201', () => {
    expect(outcomeOf(create, 201, {})).toEqual({ kind: 'sent' });
    expect(outcomeOf(create, 200, {})).toEqual({ kind: 'sent' });
  });

  it('is tried again on a network failure or a server error, honouring Retry-After', () => {
    expect(outcomeOf(create, 0, null)).toEqual({ kind: 'retry', retryAfterMs: null });
    expect(outcomeOf(create, 503, null, '30')).toEqual({ kind: 'retry', retryAfterMs: 30_000 });
    expect(outcomeOf(create, 429, null, '5')).toEqual({ kind: 'retry', retryAfterMs: 5_000 });
  });

  it('asks to sign in again on 401', () => {
    expect(outcomeOf(create, 401, { message: 'Unauthorized' })).toEqual({ kind: 'signIn' });
  });

  it('is refused with the server’s field errors on 400', () => {
    const body = { message: 'Invalid observation', errors: { startedAt: 'must be in the past' } };
    expect(outcomeOf(create, 400, body)).toEqual({
      kind: 'refused',
      message: 'Invalid observation',
      fieldErrors: { startedAt: 'must be in the past' },
    });
  });

  it('is a conflict with the server’s current record when an update finds a newer version', () => {
    const current = { id: 'o1', version: 4, description: 'changé ailleurs', peopleEvicted: 12 };
    expect(outcomeOf(update, 409, { code: 'stale_version', current })).toEqual({
      kind: 'conflict',
      server: current,
    });
  });

  it('is sent when the newer version is our own change whose answer was lost', () => {
    const current = { id: 'o1', version: 4, description: 'après', peopleEvicted: 10 };
    expect(outcomeOf(update, 409, { code: 'stale_version', current })).toEqual({ kind: 'sent' });
  });

  it('is refused, not a conflict, when a create’s id is already used with other content', () => {
    const body = { code: 'idempotency_conflict', message: 'already exists', errors: { id: 'already used' } };
    expect(outcomeOf(create, 409, body)).toMatchObject({
      kind: 'refused',
      fieldErrors: { id: 'already used' },
    });
  });
});
