import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/domain-error';
import { parseSeriesQuery, parseSummaryQuery } from './stats-query';

function errorsOf(parse: () => unknown): Record<string, string> {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details.errors ?? {};
  }
  throw new Error('expected the query to be refused');
}

describe(parseSummaryQuery.name, () => {
  it('reads the period, the area, the commune and includeUnvalidated', () => {
    expect(
      parseSummaryQuery({
        from: '2025-03-01',
        to: '2025-03-31',
        area: 'calaisis',
        includeUnvalidated: 'true',
      }),
    ).toEqual({
      from: '2025-03-01',
      to: '2025-03-31',
      area: 'calaisis',
      communeCode: null,
      includeUnvalidated: true,
      compare: false,
    });
  });

  it('reads compare=true|false, and names any other value', () => {
    expect(parseSummaryQuery({ from: '2025-03-01', to: '2025-03-31', compare: 'true' }).compare).toBe(true);
    expect(
      errorsOf(() => parseSummaryQuery({ from: '2025-03-01', to: '2025-03-31', compare: 'yes' })),
    ).toEqual({
      compare: 'must be one of: true, false',
    });
  });

  it('names every bad parameter', () => {
    expect(Object.keys(errorsOf(() => parseSummaryQuery({})))).toEqual(['from', 'to']);
    expect(
      errorsOf(() => parseSummaryQuery({ from: '2025-13-01', to: '2025-03-31', area: 'x', foo: '1' })),
    ).toEqual({
      foo: expect.stringContaining('unknown parameter'),
      from: expect.any(String),
      area: expect.stringContaining('calaisis'),
    });
    expect(
      errorsOf(() => parseSummaryQuery({ from: ['2025-03-01', '2025-03-02'], to: '2025-03-31' })),
    ).toEqual({
      from: 'must be given once',
    });
  });

  it('accepts a period shorter than ten years, refuses ten years or more', () => {
    expect(parseSummaryQuery({ from: '2015-01-01', to: '2024-12-31' }).to).toBe('2024-12-31');
    expect(errorsOf(() => parseSummaryQuery({ from: '2015-01-01', to: '2025-01-01' }))).toHaveProperty('to');
    expect(errorsOf(() => parseSummaryQuery({ from: '2025-03-02', to: '2025-03-01' }))).toHaveProperty('to');
  });
});

describe(parseSeriesQuery.name, () => {
  it('requires an interval and a metric, and a grouping that fits the metric', () => {
    expect(Object.keys(errorsOf(() => parseSeriesQuery({ from: '2025-03-01', to: '2025-03-31' })))).toEqual([
      'interval',
      'metric',
    ]);
    const base = { from: '2025-03-01', to: '2025-03-31', interval: 'week' };
    expect(
      errorsOf(() => parseSeriesQuery({ ...base, metric: 'incidents', groupBy: 'kind' })),
    ).toHaveProperty('groupBy');
    expect(parseSeriesQuery({ ...base, metric: 'incidents', groupBy: 'type' })).toMatchObject({
      interval: 'week',
      metric: 'incidents',
      groupBy: 'type',
    });
  });

  it('refuses more than 1000 buckets', () => {
    expect(
      errorsOf(() =>
        parseSeriesQuery({ from: '2020-01-01', to: '2023-01-01', interval: 'day', metric: 'arrests' }),
      ),
    ).toHaveProperty('interval');
    expect(
      parseSeriesQuery({ from: '2020-01-01', to: '2023-01-01', interval: 'week', metric: 'arrests' })
        .interval,
    ).toBe('week');
  });
});
