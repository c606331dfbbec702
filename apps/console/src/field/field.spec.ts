import { describe, expect, it } from 'vitest';
import { makeTranslate } from './i18n';
import { routeOf } from './router';

describe('the light field app', () => {
  it('says the console’s messages, with their counts and values, in French and English', () => {
    const fr = makeTranslate('fr');
    const en = makeTranslate('en');
    expect(fr('vigie.terrain.photoCount', { smart_count: 1 })).toBe('1 photo');
    expect(fr('vigie.terrain.photoCount', { smart_count: 3 })).toBe('3 photos');
    expect(en('vigie.terrain.photoCount', { smart_count: 0 })).not.toBe(
      fr('vigie.terrain.photoCount', { smart_count: 0 }),
    );
    expect(fr('vigie.terrain.accuracy', { metres: 15 })).toContain('15 m');
    expect(fr('vigie.auth.signIn')).toBe('Se connecter');
    expect(en('vigie.field.console')).toBe('Full console');
    expect(fr('vigie.nothing.here', { _: 'repli' })).toBe('repli');
    expect(fr('vigie.nothing.here')).toBe('vigie.nothing.here');
  });

  it('finds the screen from the address', () => {
    expect(routeOf('')).toEqual({ screen: 'terrain' });
    expect(routeOf('#/terrain')).toEqual({ screen: 'terrain' });
    expect(routeOf('#/outbox')).toEqual({ screen: 'outbox' });
    expect(routeOf('#/outbox/a%2Fb')).toEqual({ screen: 'entry', id: 'a/b' });
  });
});
