import { describe, expect, it } from 'vitest';
import { fr } from '../i18n/fr';
import { fieldLabel, formatValue } from './display';
import { terrainMessages } from './i18n';

/** The French console's words, looked up as polyglot would (`vigie.terrain.*` from this folder). */
function translate(key: string, options?: Record<string, unknown>): string {
  const tree: unknown = key.startsWith('vigie.terrain.')
    ? terrainMessages.fr
    : (fr as unknown as Record<string, unknown>);
  const path = key.startsWith('vigie.terrain.') ? key.slice('vigie.terrain.'.length) : key;
  const found = path
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  return typeof found === 'string' ? found : String(options?._ ?? key);
}

describe('formatValue', () => {
  it('shows codes as their French labels and yes/no/nothing in words', () => {
    expect(formatValue('kind', 'large_eviction', translate, 'fr')).toBe('Expulsion de grande ampleur');
    expect(formatValue('type', 'tear_gas', translate, 'fr')).toBe('Gaz lacrymogène');
    expect(formatValue('shelterOffered', true, translate, 'fr')).toBe('Oui');
    expect(formatValue('shelterOffered', false, translate, 'fr')).toBe('Non');
    expect(formatValue('shelterOffered', null, translate, 'fr')).toBe('—');
    expect(formatValue('description', '', translate, 'fr')).toBe('—');
  });

  it('shows times in Paris time and points as latitude, longitude', () => {
    expect(formatValue('startedAt', '2025-03-04T07:31:00Z', translate, 'fr')).toBe('04/03/2025 08:31');
    expect(formatValue('location', { type: 'Point', coordinates: [1.8587, 50.9513] }, translate, 'fr')).toBe(
      '50.95130, 1.85870',
    );
  });

  it('spells out forces, seizures, perpetrators and consent', () => {
    expect(formatValue('forces', [{ unit: 'crs', vehicles: 3, officers: null }], translate, 'fr')).toBe(
      'CRS (Véhicules 3, Agents ?)',
    );
    expect(formatValue('seizures', [{ item: 'tent', quantity: 5, destroyed: true }], translate, 'fr')).toBe(
      'Tentes × 5 (Détruit sur place)',
    );
    expect(formatValue('perpetrators', ['crs', 'pm'], translate, 'fr')).toBe('CRS, Police municipale');
    expect(
      formatValue('consent', { publication: false, litigation: true, research: true }, translate, 'fr'),
    ).toBe('Contentieux, Recherche');
  });
});

describe('fieldLabel', () => {
  it('names a field as the console’s forms do, or by its name when they do not', () => {
    expect(fieldLabel('observations', 'peopleEvicted', translate)).toBe('Personnes expulsées (estimation)');
    expect(fieldLabel('incidents', 'victimCount', translate)).toBe('Victimes (nombre)');
    expect(fieldLabel('observations', 'somethingNew', translate)).toBe('somethingNew');
  });
});
