import { FORCE_UNITS, OBSERVATION_KINDS } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { termKey, vocabularyChoices, vocabularyMessages } from './choices';

describe('vocabularyChoices', () => {
  it('gives one choice per code, named by its translation key', () => {
    expect(vocabularyChoices(OBSERVATION_KINDS)[0]).toEqual({
      id: 'eviction',
      name: 'vocab.observationKind.eviction',
    });
    expect(vocabularyChoices(OBSERVATION_KINDS)).toHaveLength(OBSERVATION_KINDS.codes.length);
  });
});

describe('vocabularyMessages', () => {
  it('takes the labels from @vigie/domain, in each language', () => {
    const fr = vocabularyMessages([OBSERVATION_KINDS, FORCE_UNITS], 'fr');
    const en = vocabularyMessages([OBSERVATION_KINDS, FORCE_UNITS], 'en');
    expect(fr.observationKind?.eviction).toBe('Expulsion');
    expect(en.observationKind?.eviction).toBe('Eviction');
    expect(fr.forceUnit?.gm).toBe('Gendarmerie mobile');
  });

  it('matches the keys of the choices', () => {
    expect(termKey(OBSERVATION_KINDS, 'dispersal')).toBe('vocab.observationKind.dispersal');
  });
});
