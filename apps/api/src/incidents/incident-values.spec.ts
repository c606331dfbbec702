import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/domain-error';
import { assertCounts, incidentValues } from './incident-values';

describe(incidentValues.name, () => {
  it('gives a whole-record update the defaults of what it leaves out: no consent, no perpetrators', () => {
    const values = incidentValues({ type: 'arrest', occurredAt: '2025-03-04T07:45:00+01:00' }, 'replace');
    expect(values).toMatchObject({
      type: 'arrest',
      location: null,
      observationId: null,
      perpetrators: [],
      testimony: null,
      consentPublication: false,
      consentLitigation: false,
      consentResearch: false,
    });
    expect(values.occurredAt).toEqual(new Date('2025-03-04T06:45:00Z'));
  });

  it('writes only the fields and consent scopes a patch sends', () => {
    expect(incidentValues({ injured: true, consent: { research: true } }, 'patch')).toEqual({
      injured: true,
      consentResearch: true,
    });
  });

  it('refuses null for the fields that always have a value', () => {
    expect(() => incidentValues({ perpetrators: null as unknown as [] }, 'patch')).toThrow(DomainError);
    expect(() => incidentValues({ consent: null as unknown as object }, 'patch')).toThrow(DomainError);
  });
});

describe(assertCounts.name, () => {
  it('refuses more minors than victims, the stored counts filling in what a patch leaves out', () => {
    expect(() => assertCounts(null, { victimCount: 2, minorCount: 3 })).toThrow(DomainError);
    expect(() => assertCounts({ victimCount: 5, minorCount: 1 }, { minorCount: 6 })).toThrow(DomainError);
    expect(() => assertCounts({ victimCount: 5, minorCount: 1 }, { victimCount: 0 })).toThrow(DomainError);
    expect(() => assertCounts({ victimCount: 5, minorCount: 1 }, { victimCount: null })).not.toThrow();
    expect(() => assertCounts(null, { victimCount: 3, minorCount: 3 })).not.toThrow();
  });
});
