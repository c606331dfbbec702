import { describe, expect, it } from 'vitest';
import { chooseAll, differingFields, mergeChoices, myVersion, sameValue } from './conflict';

const update = (changes: Record<string, unknown>) => ({
  operation: {
    type: 'update' as const,
    resource: 'observations' as const,
    id: 'o1',
    version: 3,
    base: {},
    changes,
  },
});

describe('sameValue', () => {
  it('compares JSON values, whatever the key order of objects', () => {
    expect(sameValue({ unit: 'crs', officers: 3 }, { officers: 3, unit: 'crs' })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue(false, null)).toBe(false);
    expect(sameValue(0, null)).toBe(false);
  });
});

describe('differingFields', () => {
  const server = {
    id: 'o1',
    version: 4,
    updatedAt: '2025-03-04T10:00:00Z',
    peopleEvicted: 30,
    description: 'Vu par une autre équipe',
    forces: [{ unit: 'crs', vehicles: 2, officers: 10 }],
    shelterOffered: null,
  };

  it('lists only the fields I wrote that the server holds differently, in the order written', () => {
    const mine = myVersion(
      update({
        description: 'Tentes lacérées',
        peopleEvicted: 30,
        forces: [{ officers: 12, unit: 'crs', vehicles: 2 }],
        shelterOffered: false,
      }),
    );
    expect(differingFields(mine, server)).toEqual([
      { field: 'description', mine: 'Tentes lacérées', server: 'Vu par une autre équipe' },
      {
        field: 'forces',
        mine: [{ officers: 12, unit: 'crs', vehicles: 2 }],
        server: [{ unit: 'crs', vehicles: 2, officers: 10 }],
      },
      { field: 'shelterOffered', mine: false, server: null },
    ]);
  });

  it('never compares the fields the server manages', () => {
    expect(differingFields({ id: 'x', version: 1, status: 'draft', updatedAt: 'then' }, server)).toEqual([]);
  });

  it('compares a whole record for a create', () => {
    const entry = {
      operation: {
        type: 'create' as const,
        resource: 'incidents' as const,
        body: { id: 'i1', type: 'arrest' },
      },
    };
    expect(differingFields(myVersion(entry), { id: 'i1', type: 'tear_gas' })).toEqual([
      { field: 'type', mine: 'arrest', server: 'tear_gas' },
    ]);
  });
});

describe('mergeChoices', () => {
  const mine = { description: 'mine', peopleEvicted: 40, arrests: 2 };
  const server = { description: 'theirs', peopleEvicted: 30, arrests: 1, version: 4 };

  it('takes the server value for each field where it was chosen, mine elsewhere', () => {
    expect(mergeChoices(mine, server, { description: 'server', peopleEvicted: 'mine' })).toEqual({
      description: 'theirs',
      peopleEvicted: 40,
      arrests: 2,
    });
  });

  it('keeps all mine or all the server’s', () => {
    const differences = differingFields(mine, server);
    expect(mergeChoices(mine, server, chooseAll(differences, 'mine'))).toEqual(mine);
    expect(mergeChoices(mine, server, chooseAll(differences, 'server'))).toEqual({
      description: 'theirs',
      peopleEvicted: 30,
      arrests: 1,
    });
  });

  it('writes nothing I did not write, and never a managed field', () => {
    expect(mergeChoices(mine, server, { version: 'server', legalBasis: 'server' })).toEqual(mine);
  });

  it('takes a field the server emptied as null', () => {
    expect(mergeChoices({ description: 'mine' }, {}, { description: 'server' })).toEqual({
      description: null,
    });
  });
});
