import { describe, expect, it } from 'vitest';
import { validateEndedAt, validTimestamp } from './validation';

const started = '2025-03-31T22:00:00.000+02:00';

describe('validateEndedAt', () => {
  it('accepts no end, an end after the start, and an end exactly 24 h later', () => {
    expect(validateEndedAt(null, { startedAt: started })).toBeUndefined();
    expect(validateEndedAt('2025-04-01T01:00:00.000+02:00', { startedAt: started })).toBeUndefined();
    expect(validateEndedAt('2025-04-01T22:00:00.000+02:00', { startedAt: started })).toBeUndefined();
  });

  it('refuses an end before the start', () => {
    expect(validateEndedAt('2025-03-31T21:59:00.000+02:00', { startedAt: started })).toBe(
      'vigie.validation.endedBeforeStart',
    );
  });

  it('refuses an end more than 24 h after the start', () => {
    expect(validateEndedAt('2025-04-01T22:01:00.000+02:00', { startedAt: started })).toBe(
      'vigie.validation.endedTooLate',
    );
  });

  it('compares instants, whatever the offsets', () => {
    expect(validateEndedAt('2025-03-31T20:30:00Z', { startedAt: started })).toBeUndefined();
  });

  it('leaves the missing start to the start field', () => {
    expect(validateEndedAt('2025-03-31T20:30:00Z', { startedAt: null })).toBeUndefined();
  });
});

describe('validTimestamp', () => {
  it('accepts an ISO timestamp and leaves empty to required', () => {
    expect(validTimestamp('2025-03-31T22:00:00.000+02:00', {})).toBeUndefined();
    expect(validTimestamp(null, {})).toBeUndefined();
  });

  it('refuses nonsense', () => {
    expect(validTimestamp('yesterday', {})).toBe('vigie.validation.invalidDate');
  });
});
