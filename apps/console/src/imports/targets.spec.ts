import { FORCE_UNITS, LEGAL_BASES, SEIZURE_ITEMS } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { findTarget, IGNORE, importTargets, targetChoices, UNKNOWN_VALUE, valueCodes } from './targets';

describe('import targets', () => {
  it('list the observation fields of the contract, one per force unit and seized item', () => {
    const ids = importTargets('observations').map((target) => target.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'kind',
        'startedAt',
        'startedAt.date',
        'startedAt.time',
        'endedAt.time',
        'site',
        'location.latitude',
        'forces',
        'forces.crs',
        'forces.gm.vehicles',
        'forces.pn.officers',
        'forces.paf.identifiers',
        'seizures.tent.quantity',
        'seizures.sleeping_bag.destroyed',
        'sourceId',
        IGNORE,
      ]),
    );
    expect(ids.filter((id) => /^forces\.[a-z]+\.vehicles$/.test(id))).toHaveLength(FORCE_UNITS.codes.length);
    expect(ids.filter((id) => id.startsWith('seizures.'))).toHaveLength(SEIZURE_ITEMS.codes.length * 2);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('list the incident fields, without the observation ones', () => {
    const ids = importTargets('incidents').map((target) => target.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'type',
        'occurredAt.time',
        'perpetrators',
        'consent.research',
        'testimony',
        IGNORE,
      ]),
    );
    expect(ids).not.toContain('startedAt');
    expect(findTarget('incidents', 'forces')).toBeUndefined();
  });

  it('label every target in French and in English', () => {
    expect(targetChoices('observations', 'fr')).toContainEqual({
      id: 'forces.crs.vehicles',
      name: 'CRS : véhicules',
    });
    expect(targetChoices('observations', 'en')).toContainEqual({ id: IGNORE, name: 'Column left out' });
  });

  it('offer a vocabulary’s codes for a coded field, yes/no/unknown for a boolean, none for free text', () => {
    expect(valueCodes(findTarget('observations', 'legalBasis')!).map((code) => code.id)).toEqual(
      LEGAL_BASES.codes,
    );
    expect(valueCodes(findTarget('observations', 'forces')!).map((code) => code.id)).toEqual(
      FORCE_UNITS.codes,
    );
    expect(valueCodes(findTarget('incidents', 'perpetrators')!).map((code) => code.id)).toEqual(
      FORCE_UNITS.codes,
    );
    expect(valueCodes(findTarget('observations', 'forces.gm')!).map((code) => code.id)).toEqual([
      'true',
      'false',
      UNKNOWN_VALUE,
    ]);
    expect(valueCodes(findTarget('incidents', 'consent.publication')!)).toHaveLength(3);
    expect(valueCodes(findTarget('observations', 'description')!)).toEqual([]);
    expect(valueCodes(findTarget('observations', 'seizures.tent.quantity')!)).toEqual([]);
  });
});
