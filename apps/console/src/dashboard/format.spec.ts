import { describe, expect, it } from 'vitest';
import { formatPeriod } from './format';

describe('the dashboard’s period names', () => {
  // The words of libs/reporting's `period` helper (helpers.spec.ts): a publication and the
  // dashboard name the same period the same way (test/browser/dashboard.spec.ts compares them).
  it('name a whole month or calendar year by its name, any other period by both ends', () => {
    expect(formatPeriod({ from: '2025-02-01', to: '2025-02-28' }, 'fr')).toBe('février 2025');
    expect(formatPeriod({ from: '2024-02-01', to: '2024-02-29' }, 'en')).toBe('February 2024');
    expect(formatPeriod({ from: '2025-01-01', to: '2025-12-31' }, 'en')).toBe('2025');
    expect(formatPeriod({ from: '2024-11-01', to: '2025-10-31' }, 'fr')).toBe(
      '1 novembre 2024 – 31 octobre 2025',
    );
    expect(formatPeriod({ from: '2025-03-15', to: '2025-04-14' }, 'en')).toBe(
      '15 March 2025 – 14 April 2025',
    );
  });
});
