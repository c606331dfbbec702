import { describe, expect, it } from 'vitest';
import { terrainMessages } from './i18n';

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe('field screen messages', () => {
  it('say every word in both French and English', () => {
    expect(keys(terrainMessages.en).sort()).toEqual(keys(terrainMessages.fr).sort());
  });

  it('name the screen and its outbox in French', () => {
    expect(terrainMessages.fr).toMatchObject({
      title: 'Terrain',
      save: 'Enregistrer',
      outbox: { title: 'Envoi en attente' },
    });
  });
});
