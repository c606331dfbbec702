import { describe, expect, it } from 'vitest';
import { mergeEdit, offlineUpdate, sameOperation, serverUnreachable, type UpdateOperation } from './edit';

const fetched = {
  id: 'o1',
  version: 4,
  kind: 'eviction',
  description: 'Trois tentes',
  peopleEvicted: 10,
  arrests: 0,
  status: 'draft',
  communeCode: '62193',
  updatedAt: '2026-12-06T08:00:00.000Z',
  forces: [{ unit: 'crs', vehicles: 2, officers: null, identifiers: null }],
};

describe('an edit kept on the device when the server cannot be reached', () => {
  it('is offered only when no answer came (network cut, gateway with the API down)', () => {
    expect(serverUnreachable(0)).toBe(true);
    expect(serverUnreachable(502)).toBe(true);
    expect(serverUnreachable(504)).toBe(true);
    // The server's own answers: keeping the edit would not change them.
    for (const status of [400, 401, 403, 404, 409, 500]) expect(serverUnreachable(status)).toBe(false);
  });

  it('holds only the changed fields, the version the form was opened at and those fields as fetched', () => {
    const form = { ...fetched, description: 'Quatre tentes', peopleEvicted: 12, status: 'submitted' };
    expect(offlineUpdate('observations', 'o1', form, fetched)).toEqual({
      type: 'update',
      resource: 'observations',
      id: 'o1',
      version: 4,
      // Nothing else of the record stays on the phone.
      base: { description: 'Trois tentes', peopleEvicted: 10 },
      // `status` is read-only: never sent, whatever the form holds.
      changes: { description: 'Quatre tentes', peopleEvicted: 12 },
    });
  });

  it('treats an emptied text as null, as the online save does', () => {
    const form = { ...fetched, description: '' };
    expect(offlineUpdate('observations', 'o1', form, fetched)?.changes).toEqual({ description: null });
  });

  it('keeps nothing when nothing was changed', () => {
    expect(offlineUpdate('observations', 'o1', { ...fetched }, fetched)).toBeNull();
  });

  it('never adds to the base a field the record did not have (a field the role cannot read)', () => {
    const incident = { id: 'i1', version: 2, type: 'tear_gas', description: 'Gaz' };
    const form = { ...incident, description: 'Gaz lacrymogène', testimony: '' };
    const operation = offlineUpdate('incidents', 'i1', form, incident);
    expect(operation?.base).not.toHaveProperty('testimony');
    expect(operation?.changes).toEqual({ description: 'Gaz lacrymogène' });
  });
});

describe('a second edit of a record whose first edit is still on the device', () => {
  const first: UpdateOperation = {
    type: 'update',
    resource: 'observations',
    id: 'o1',
    version: 4,
    base: { description: 'Trois tentes', peopleEvicted: 10 },
    changes: { description: 'Quatre tentes', peopleEvicted: 12 },
  };

  it('is merged into it, against the version and base the server still has', () => {
    const second: UpdateOperation = {
      ...first,
      version: 4,
      base: { peopleEvicted: 12, arrests: 0 },
      changes: { peopleEvicted: 14, arrests: 1 },
    };
    expect(mergeEdit(first, second)).toEqual({
      ...first,
      // The first edit's fetched values stay: the server has not seen it.
      base: { description: 'Trois tentes', peopleEvicted: 10, arrests: 0 },
      changes: { description: 'Quatre tentes', peopleEvicted: 14, arrests: 1 },
    });
  });

  it('drops a field brought back to the server’s value', () => {
    const second: UpdateOperation = {
      ...first,
      base: { description: 'Quatre tentes' },
      changes: { description: 'Trois tentes' },
    };
    expect(mergeEdit(first, second)).toEqual({
      ...first,
      base: { peopleEvicted: 10 },
      changes: { peopleEvicted: 12 },
    });
  });

  it('goes into the body of a record created on the device and not sent yet', () => {
    const create = {
      type: 'create' as const,
      resource: 'observations' as const,
      body: { id: 'o1', description: 'Trois tentes' },
    };
    expect(mergeEdit(create, { ...first, changes: { description: 'Deux tentes', id: 'x' } })).toEqual({
      ...create,
      body: { id: 'o1', description: 'Deux tentes' },
    });
  });

  it('is told apart from what the sender had sent (the answer is then not about it)', () => {
    expect(sameOperation(first, { ...first, changes: { ...first.changes } })).toBe(true);
    expect(sameOperation(first, { ...first, changes: { description: 'Cinq tentes' } })).toBe(false);
  });
});
