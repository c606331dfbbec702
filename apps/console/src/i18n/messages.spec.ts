import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';

/** Every leaf key of a message tree: `vigie.incident.add`, `resources.incidents.fields.type`… */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe('console messages', () => {
  it('say every word of the console in both French and English', () => {
    for (const section of ['vigie', 'resources', 'vocab'] as const) {
      const french = keys(fr[section]).sort();
      const english = keys(en[section]).sort();
      expect(english.filter((key) => !french.includes(key))).toEqual([]);
      expect(french.filter((key) => !english.includes(key))).toEqual([]);
    }
  });

  it('name the incidents, their review page and their consent in French', () => {
    expect(keys(fr.resources)).toEqual(expect.arrayContaining(['incidents.fields.consent.publication']));
    expect(fr.vigie).toMatchObject({
      menu: { review: 'À relire' },
      incident: { add: 'Ajouter un incident' },
    });
  });
});
