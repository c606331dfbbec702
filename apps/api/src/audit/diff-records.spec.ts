import { describe, expect, it } from 'vitest';
import { diffRecords, MASKED } from './audit.service';

describe('diffRecords', () => {
  it('lists every field a creation set, and none it left empty', () => {
    const after = {
      id: 'a',
      kind: 'eviction',
      description: null,
      forces: [{ unit: 'crs', vehicles: 2 }],
      arrests: 0,
      countsReliable: false,
      version: 1,
    };
    expect(diffRecords('observations', null, after)).toEqual({
      id: { before: null, after: 'a' },
      kind: { before: null, after: 'eviction' },
      forces: { before: null, after: [{ unit: 'crs', vehicles: 2 }] },
      // Zero and false are values, not absence.
      arrests: { before: null, after: 0 },
      countsReliable: { before: null, after: false },
    });
  });

  it('lists what changed, field by field, equal nested values left out', () => {
    const before = { kind: 'eviction', forces: [{ unit: 'crs' }], site: { id: 's' }, note: 'x', gone: 'y' };
    const after = { kind: 'dispersal', forces: [{ unit: 'crs' }], site: { id: 's' }, note: null };
    expect(diffRecords('observations', before, after)).toEqual({
      kind: { before: 'eviction', after: 'dispersal' },
      note: { before: 'x', after: null },
      gone: { before: 'y', after: null },
    });
  });

  it('masks restricted values, saying only whether there was one', () => {
    expect(diffRecords('incidents', { testimony: null }, { testimony: 'secret' })).toEqual({
      testimony: { before: null, after: MASKED },
    });
    expect(diffRecords('incidents', { testimony: 'old' }, { testimony: 'new' })).toEqual({
      testimony: { before: MASKED, after: MASKED },
    });
  });
});
