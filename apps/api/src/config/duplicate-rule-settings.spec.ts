import { describe, expect, it } from 'vitest';
import { loadConfig } from './app-config';
import { DEFAULT_DUPLICATE_RULE, loadDuplicateRule } from './duplicate-rule-settings';

const DATABASE_URL = 'postgres://vigie@localhost/vigie';

describe(loadDuplicateRule.name, () => {
  it('uses 300 m and 120 minutes when nothing is set, or set empty', () => {
    expect(loadDuplicateRule({})).toEqual({ radiusM: 300, windowMinutes: 120 });
    expect(loadDuplicateRule({ VIGIE_DUPLICATE_RADIUS_M: '', VIGIE_DUPLICATE_WINDOW_MINUTES: '' })).toEqual(
      DEFAULT_DUPLICATE_RULE,
    );
  });

  it('reads the thresholds from the environment', () => {
    expect(
      loadDuplicateRule({ VIGIE_DUPLICATE_RADIUS_M: '150', VIGIE_DUPLICATE_WINDOW_MINUTES: '45' }),
    ).toEqual({ radiusM: 150, windowMinutes: 45 });
  });

  it('accepts the bounds and refuses what lies beyond them', () => {
    expect(
      loadDuplicateRule({ VIGIE_DUPLICATE_RADIUS_M: '10', VIGIE_DUPLICATE_WINDOW_MINUTES: '1440' }),
    ).toEqual({ radiusM: 10, windowMinutes: 1440 });
    expect(() => loadDuplicateRule({ VIGIE_DUPLICATE_RADIUS_M: '9' })).toThrow(
      'VIGIE_DUPLICATE_RADIUS_M must be at least 10 (metres)',
    );
    expect(() => loadDuplicateRule({ VIGIE_DUPLICATE_RADIUS_M: '5001' })).toThrow(
      'VIGIE_DUPLICATE_RADIUS_M must be at most 5000 (metres)',
    );
    expect(() => loadDuplicateRule({ VIGIE_DUPLICATE_WINDOW_MINUTES: '4' })).toThrow(
      'VIGIE_DUPLICATE_WINDOW_MINUTES must be at least 5 (minutes)',
    );
  });

  it('lists every problem in one message', () => {
    let message = '';
    try {
      loadDuplicateRule({ VIGIE_DUPLICATE_RADIUS_M: '300 m', VIGIE_DUPLICATE_WINDOW_MINUTES: '-1' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration:\n {2}- /);
    expect(message).toContain('VIGIE_DUPLICATE_RADIUS_M must be an integer (metres)');
    expect(message).toContain('VIGIE_DUPLICATE_WINDOW_MINUTES must be at least 5 (minutes)');
  });
});

describe('the API configuration', () => {
  it('carries the duplicate thresholds, validated at start with the rest', () => {
    const config = loadConfig({ DATABASE_URL, VIGIE_DUPLICATE_WINDOW_MINUTES: '90' });
    expect(config.VIGIE_DUPLICATE_RADIUS_M).toBe(300);
    expect(config.VIGIE_DUPLICATE_WINDOW_MINUTES).toBe(90);
    expect(() => loadConfig({ DATABASE_URL, VIGIE_DUPLICATE_RADIUS_M: '0', PORT: 'x' })).toThrow(
      /PORT must be an integer[^]*VIGIE_DUPLICATE_RADIUS_M must be at least 10|VIGIE_DUPLICATE_RADIUS_M must be at least 10[^]*PORT must be an integer/,
    );
  });
});
