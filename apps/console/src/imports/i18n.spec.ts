import { describe, expect, it } from 'vitest';
import { canAccessResource } from '../auth/access';
import { koboFeedMessages } from '../koboFeeds/i18n';
import { importMessages } from './i18n';

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

describe('the messages of the import and Kobo feed pages', () => {
  it.each([
    ['imports', importMessages],
    ['koboFeeds', koboFeedMessages],
  ])('say the same things in French and in English (%s)', (_name, messages) => {
    expect(keys(messages.en)).toEqual(keys(messages.fr));
  });
});

describe('access to the import pages', () => {
  it.each(['imports', 'kobo-feeds', 'import-mappings'])(
    'is for admins and coordinators only (%s)',
    (resource) => {
      expect(canAccessResource('admin', resource, 'list')).toBe(true);
      expect(canAccessResource('coordinator', resource, 'create')).toBe(true);
      for (const role of ['observer', 'legal', 'communication', 'researcher'] as const) {
        expect(canAccessResource(role, resource, 'list')).toBe(false);
      }
    },
  );
});
