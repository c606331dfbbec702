import { describe, expect, it } from 'vitest';
import { dashboardMessages } from './i18n';
import { publicationMessages } from '../publications/i18n';
import { readChoice, searchOf } from './choice';

const NOW = new Date('2025-03-31T21:30:00Z'); // 23:30 on 31 March, Paris time.

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe('the period and area of the dashboard, from its address', () => {
  it('opens on the current Paris month of the whole territory', () => {
    expect(readChoice('', NOW)).toEqual({
      mode: 'month',
      month: '2025-03',
      period: { from: '2025-03-01', to: '2025-03-31' },
      area: null,
      valid: true,
    });
  });

  it('reads a month, custom dates and an area; ignores an unknown area', () => {
    expect(readChoice('?month=2024-02&area=dunkerquois', NOW)).toMatchObject({
      period: { from: '2024-02-01', to: '2024-02-29' },
      area: 'dunkerquois',
    });
    expect(readChoice('?from=2025-03-15&to=2025-04-14&area=paris', NOW)).toMatchObject({
      mode: 'custom',
      period: { from: '2025-03-15', to: '2025-04-14' },
      area: null,
      valid: true,
    });
  });

  it('says so, and keeps showing a real period, when the dates are reversed or not real', () => {
    for (const search of [
      '?from=2025-04-14&to=2025-03-15',
      '?from=2025-02-30&to=2025-03-15',
      '?from=2025-03-01',
    ]) {
      expect(readChoice(search, NOW)).toMatchObject({
        mode: 'custom',
        valid: false,
        period: { from: '2025-03-01', to: '2025-03-31' },
      });
    }
    expect(readChoice('?month=2025-13', NOW).month).toBe('2025-03');
  });

  it('writes only the filters that are set', () => {
    expect(searchOf({ month: '2025-03', area: null })).toBe('?month=2025-03');
  });
});

describe('dashboard and publication messages', () => {
  it('say every word in both French and English', () => {
    for (const messages of [dashboardMessages, publicationMessages]) {
      expect(keys(messages.en).sort()).toEqual(keys(messages.fr).sort());
    }
  });
});
