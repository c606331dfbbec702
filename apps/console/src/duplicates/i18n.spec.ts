import { describe, expect, it } from 'vitest';
import { evidenceMessages } from '../evidence/i18n';
import { duplicateMessages } from './i18n';

/** Every key path of a message tree, sorted. */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree)
    .flatMap(([key, value]) =>
      typeof value === 'object' && value !== null
        ? keys(value as object, `${prefix}${key}.`)
        : [`${prefix}${key}`],
    )
    .sort();
}

describe('the messages of the evidence and duplicates panels', () => {
  it.each([
    ['evidence', evidenceMessages],
    ['duplicates', duplicateMessages],
  ])('say the same things in French and in English (%s)', (_name, messages) => {
    expect(keys(messages.en)).toEqual(keys(messages.fr));
    for (const lang of ['fr', 'en'] as const) {
      for (const path of keys(messages[lang])) {
        const value = path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], messages[lang]);
        expect(typeof value === 'string' && value.trim() !== '', `${lang} ${path}`).toBe(true);
      }
    }
  });
});
