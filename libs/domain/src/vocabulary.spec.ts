import { describe, expect, it } from 'vitest';
import { defineVocabulary } from './vocabulary';
import { FORCE_UNITS, OBSERVATION_KINDS, SEIZURE_ITEMS } from './vocabularies';

describe('defineVocabulary', () => {
  const colours = defineVocabulary('colour', [
    { code: 'red', fr: 'Rouge', en: 'Red' },
    { code: 'blue', fr: 'Bleu', en: 'Blue' },
  ]);

  it('labels a code in French by default and in English on request', () => {
    expect(colours.label('red')).toBe('Rouge');
    expect(colours.label('red', 'en')).toBe('Red');
  });

  it('knows its codes and nothing else', () => {
    expect(colours.codes).toEqual(['red', 'blue']);
    expect(colours.has('blue')).toBe(true);
    expect(colours.has('green')).toBe(false);
    expect(colours.has(3)).toBe(false);
  });

  it('refuses duplicate codes', () => {
    expect(() =>
      defineVocabulary('twice', [
        { code: 'a', fr: 'A', en: 'A' },
        { code: 'a', fr: 'B', en: 'B' },
      ]),
    ).toThrow(/duplicate/);
  });
});

describe('the vocabularies of DESIGN §3', () => {
  it('hold the codes of the contract', () => {
    expect(OBSERVATION_KINDS.codes).toEqual(['eviction', 'large_eviction', 'site_works', 'dispersal']);
    expect(FORCE_UNITS.codes).toEqual([
      'crs',
      'gm',
      'pn',
      'bac',
      'paf',
      'gd',
      'pm',
      'pts',
      'other',
      'unknown',
    ]);
    expect(SEIZURE_ITEMS.codes).toContain('sleeping_bag');
  });

  it('label every code in both languages', () => {
    for (const vocabulary of [OBSERVATION_KINDS, FORCE_UNITS, SEIZURE_ITEMS]) {
      for (const term of vocabulary.terms) {
        expect(term.fr.trim(), `${vocabulary.name}.${term.code} fr`).not.toBe('');
        expect(term.en.trim(), `${vocabulary.name}.${term.code} en`).not.toBe('');
      }
    }
  });
});
