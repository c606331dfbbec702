import { describe, expect, it } from 'vitest';
import { importCounts } from './importCounts';
import { sampleValues, stepOf } from './wizardSteps';

describe('stepOf', () => {
  it('opens an import at the first step its status has not done', () => {
    expect(stepOf('uploaded')).toBe('mapping');
    expect(stepOf('mapped')).toBe('mapping');
    expect(stepOf('checked')).toBe('check');
    expect(stepOf('committed')).toBe('commit');
    expect(stepOf('undone')).toBe('commit');
  });
});

describe('sampleValues', () => {
  it('shows a few distinct, non-empty values of one column', () => {
    const rows = [
      ['a', ' CRS '],
      ['b', ''],
      ['c', 'CRS'],
      ['d', 'GM'],
      ['e', 'PN'],
      ['f', 'PAF'],
    ];
    expect(sampleValues(rows, 1)).toEqual(['CRS', 'GM', 'PN']);
    expect(sampleValues(rows, 5)).toEqual([]);
  });
});

describe('importCounts', () => {
  const base = { rowCount: 12, summary: null, result: null };

  it('says what the commit did once there is a result, else what the dry run said, else the rows', () => {
    const summary = { create: 8, update: 1, unchanged: 0, rejected: 3 };
    const result = { created: 8, updated: 1, unchanged: 0, skipped: 3 };
    expect(importCounts({ ...base, summary, result })).toEqual({
      key: 'vigie.imports.counts.result',
      values: result,
    });
    expect(importCounts({ ...base, summary })).toEqual({
      key: 'vigie.imports.counts.summary',
      values: summary,
    });
    expect(importCounts(base)).toEqual({ key: 'vigie.imports.counts.rows', values: { smart_count: 12 } });
  });
});
