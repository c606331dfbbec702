import {
  addYears,
  AREAS,
  type Area,
  isLocalDate,
  LIMITS,
  STATS_GROUP_BYS,
  STATS_METRIC_NAMES,
  type StatsGroupBy,
  type StatsInterval,
  type StatsMetric,
} from '@vigie/domain';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { statsErrors } from './stats.errors';
import { groupByAllowed } from './stats-metrics';
import { bucketCount } from './stats-period';

/** The longest period a request may cover: `to` must come before `from` + 10 years. */
export const MAX_SPAN_YEARS = 10;
/** The most buckets a series may have (about 2.7 years of days). */
export const MAX_BUCKETS = 1000;

const INTERVALS: readonly StatsInterval[] = ['day', 'week', 'month'];

/** What every statistics request counts over. */
export interface StatsScope {
  /** Paris local dates, both included. */
  from: string;
  to: string;
  area: Area | null;
  communeCode: string | null;
  includeUnvalidated: boolean;
  /**
   * Set by the service for the roles under the research rules (DESIGN §7): nothing from
   * `embargoFrom` (a Paris local date) on, incidents only with research consent. Never a parameter.
   */
  research?: { embargoFrom: string } | null;
}

export interface SummaryQuery extends StatsScope {
  /** Also count the comparison periods (`periods.previous`, `periods.yearBefore`). */
  compare: boolean;
}

export interface SeriesQuery extends StatsScope {
  interval: StatsInterval;
  metric: StatsMetric;
  groupBy: StatsGroupBy | null;
}

const SCOPE_PARAMS = ['from', 'to', 'area', 'communeCode', 'includeUnvalidated'] as const;
const SUMMARY_PARAMS = [...SCOPE_PARAMS, 'compare'] as const;
const SERIES_PARAMS = [...SCOPE_PARAMS, 'interval', 'metric', 'groupBy'] as const;

type Reader = (name: string) => string | null;

/** Field → message, without a prototype: a parameter named `__proto__` is reported like any other. */
function newErrors(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/**
 * Every parameter is checked: an unknown one, a repeated one or a bad value is a 400 naming it,
 * never ignored (a misspelt `comuneCode` silently dropped would publish the whole territory's
 * figures as one commune's).
 */
function reader(query: RawQuery, allowed: readonly string[], errors: Record<string, string>): Reader {
  for (const key of Object.keys(query)) {
    if (query[key] !== undefined && !allowed.includes(key)) {
      errors[key] = `unknown parameter; allowed: ${allowed.join(', ')}`;
    }
  }
  return (name) => {
    const raw = query[name];
    if (raw === undefined) return null;
    if (Array.isArray(raw)) {
      if (raw.length !== 1) {
        errors[name] = 'must be given once';
        return null;
      }
      return raw[0] as string;
    }
    return raw;
  };
}

function oneOf<T extends string>(
  value: string | null,
  name: string,
  allowed: readonly T[],
  errors: Record<string, string>,
): T | null {
  if (value === null) return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  errors[name] = `must be one of: ${allowed.join(', ')}`;
  return null;
}

function parseScope(read: Reader, errors: Record<string, string>): StatsScope {
  const dates: Partial<Record<'from' | 'to', string>> = {};
  for (const name of ['from', 'to'] as const) {
    const value = read(name);
    if (value === null) {
      errors[name] ??= 'is required (a Paris local date, YYYY-MM-DD)';
    } else if (!isLocalDate(value)) {
      errors[name] = 'must be a date YYYY-MM-DD (Paris local), between 1900 and 2999';
    } else {
      dates[name] = value;
    }
  }
  const { from, to } = dates;
  if (from !== undefined && to !== undefined) {
    if (to < from) errors.to = 'must not be before from';
    else if (to >= addYears(from, MAX_SPAN_YEARS)) {
      errors.to = `the period must be shorter than ${MAX_SPAN_YEARS} years`;
    }
  }

  const communeCode = read('communeCode');
  if (communeCode !== null && (communeCode === '' || communeCode.length > LIMITS.shortText)) {
    errors.communeCode = 'must be an INSEE commune code';
  }
  const includeUnvalidated = oneOf(
    read('includeUnvalidated'),
    'includeUnvalidated',
    ['true', 'false'],
    errors,
  );
  return {
    from: from ?? '',
    to: to ?? '',
    area: oneOf(read('area'), 'area', AREAS.codes, errors),
    communeCode: errors.communeCode === undefined ? communeCode : null,
    includeUnvalidated: includeUnvalidated === 'true',
  };
}

export function parseSummaryQuery(query: RawQuery): SummaryQuery {
  const errors = newErrors();
  const read = reader(query, SUMMARY_PARAMS, errors);
  const scope = parseScope(read, errors);
  const compare = oneOf(read('compare'), 'compare', ['true', 'false'], errors);
  if (Object.keys(errors).length > 0) throw statsErrors.invalidQuery(errors);
  return { ...scope, compare: compare === 'true' };
}

/** The scope of the figures a map of a period draws (`StatsService.mapPoints`): the summary's. */
export function parseScopeQuery(query: RawQuery): StatsScope {
  const errors = newErrors();
  const scope = parseScope(reader(query, SCOPE_PARAMS, errors), errors);
  if (Object.keys(errors).length > 0) throw statsErrors.invalidQuery(errors);
  return scope;
}

export function parseSeriesQuery(query: RawQuery): SeriesQuery {
  const errors = newErrors();
  const read = reader(query, SERIES_PARAMS, errors);
  const scope = parseScope(read, errors);
  const interval = oneOf(read('interval'), 'interval', INTERVALS, errors);
  if (read('interval') === null) errors.interval ??= `is required: ${INTERVALS.join(', ')}`;
  const metric = oneOf(read('metric'), 'metric', STATS_METRIC_NAMES, errors);
  if (read('metric') === null) errors.metric ??= `is required: ${STATS_METRIC_NAMES.join(', ')}`;
  const groupBy = oneOf(read('groupBy'), 'groupBy', STATS_GROUP_BYS, errors);
  if (metric && groupBy && !groupByAllowed(metric, groupBy)) {
    errors.groupBy = `cannot group ${metric} by ${groupBy}: ${
      groupBy === 'kind' ? 'kind applies to observation metrics' : 'type applies to incident metrics'
    }`;
  }
  if (interval && errors.from === undefined && errors.to === undefined) {
    const count = bucketCount(scope.from, scope.to, interval);
    if (count > MAX_BUCKETS) {
      errors.interval = `gives ${count} buckets, at most ${MAX_BUCKETS}: choose a longer interval or a shorter period`;
    }
  }
  if (Object.keys(errors).length > 0) throw statsErrors.invalidQuery(errors);
  return { ...scope, interval: interval as StatsInterval, metric: metric as StatsMetric, groupBy };
}
