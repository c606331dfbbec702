import { describe, expect, it } from 'vitest';
import { OBSERVATION_LIST_SPEC } from '../observations/observations.list-spec';
import { parseExportFilters, parseExportParameters, researchSpec } from './exports-query';

function parameters(query: Record<string, string | string[]>, csv = true) {
  const errors: Record<string, string> = {};
  return { parsed: parseExportParameters(query, csv, errors), errors };
}

describe(parseExportParameters.name, () => {
  it('defaults to the research level and a comma', () => {
    expect(parameters({ from: '2025-01-01', to: '2025-12-31' })).toEqual({
      parsed: { level: 'research', from: '2025-01-01', to: '2025-12-31', delimiter: ',' },
      errors: {},
    });
  });

  it('takes sep=semicolon for CSV only', () => {
    expect(parameters({ from: '2025-01-01', to: '2025-01-01', sep: 'semicolon' }).parsed.delimiter).toBe(';');
    expect(parameters({ from: '2025-01-01', to: '2025-01-01', sep: 'semicolon' }, false).errors).toEqual({
      sep: 'is only available for CSV files',
    });
  });

  it('names every mistake at once', () => {
    expect(parameters({ level: 'public', to: '2025-13-01' }).errors).toEqual({
      level: 'must be one of: internal, research',
      from: 'is required (YYYY-MM-DD, Paris time)',
      to: 'must be a date YYYY-MM-DD (Paris time)',
    });
  });

  it('refuses a period that ends before it starts, or of 20 years or more', () => {
    expect(parameters({ from: '2025-02-01', to: '2025-01-31' }).errors).toEqual({
      to: 'must not be before from',
    });
    expect(parameters({ from: '2000-01-01', to: '2019-12-31' }).errors).toEqual({});
    expect(parameters({ from: '2000-01-01', to: '2020-01-01' }).errors).toEqual({
      to: 'must be less than 20 years after from',
    });
  });
});

describe(parseExportFilters.name, () => {
  it('passes the list filters on and refuses paging', () => {
    const errors: Record<string, string> = {};
    const parsed = parseExportFilters(
      { from: 'x', kind: 'eviction', _end: '10' },
      OBSERVATION_LIST_SPEC,
      errors,
    );
    expect(errors).toEqual({ _end: 'is not available on exports (an export has every matching row)' });
    expect(parsed?.where).toContain('o.kind = $1');
  });

  it('keeps at research level only the filters named, without search, map or trash', () => {
    const errors: Record<string, string> = {};
    const spec = researchSpec(OBSERVATION_LIST_SPEC, ['kind', 'area']);
    parseExportFilters({ q: 'tente', bbox: '1,50,2,51', deleted: 'true', siteId: 'x' }, spec, errors);
    expect(Object.keys(errors).sort()).toEqual(['bbox', 'deleted', 'q', 'siteId']);
  });
});
