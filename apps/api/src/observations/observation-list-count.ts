import { isLocalDate } from '@vigie/domain';
import type { RawQuery } from '../common/list-query/parse-list-query';
import type { SqlQuery } from '../common/list-sql';

/*
 * The total of an observation list (`X-Total-Count`) read from the daily facts the statistics keep
 * (db/migrations/1795429000000-ObservationDailyFacts.ts) instead of counted from the records, when
 * the list's filters are dimensions of the facts: a quarter of a commune is a few hundred fact rows
 * instead of ~20,000 index entries (issue 16: the list's count, under 20 concurrent clients). The
 * facts are kept in the writing transaction by triggers, so the total is exact, as before;
 * test/integration/stats-facts.spec.ts compares it with the records' count.
 */

/** Paging and sorting: they do not change the total. */
const PAGE_KEYS = new Set(['_start', '_end', '_sort', '_order']);

/** The filters the facts answer, with the facts' column each one reads. */
const DIMENSIONS: Record<string, string> = {
  kind: 'kind',
  area: 'area',
  communeCode: 'commune_code',
};

/**
 * The count of live observations matching `raw` from the facts, or null when a filter is not one
 * of theirs (text search, a site, a time of day, deleted records, several values…). `raw` must be
 * a query the list parser accepted (its values are valid). `validatedOnly`: the caller sees
 * validated observations only.
 */
export function observationFactsCount(raw: RawQuery, validatedOnly: boolean): SqlQuery | null {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  let validated = validatedOnly;
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || PAGE_KEYS.has(key)) continue;
    if (typeof value !== 'string') return null;
    const column = DIMENSIONS[key];
    if (column !== undefined) {
      conditions.push(`${column} = ${bind(value)}`);
    } else if (key === 'status') {
      // The facts tell validated from the rest only.
      if (value !== 'validated') return null;
      validated = true;
    } else if (key === 'deleted') {
      // The facts hold live records only: the trash is counted from the records.
      if (value !== 'false') return null;
    } else if (key === 'startedAt' || key === 'startedAt_gte' || key === 'startedAt_lte') {
      // A Paris day, as the facts' `day` is; an instant within a day needs the records.
      if (!isLocalDate(value)) return null;
      const op = key === 'startedAt' ? '=' : key === 'startedAt_gte' ? '>=' : '<=';
      conditions.push(`day ${op} ${bind(value)}::date`);
    } else {
      return null;
    }
  }
  if (validated) conditions.push('validated');
  return {
    text: `SELECT coalesce(sum(observations), 0)::int AS total FROM observation_daily_facts
            WHERE ${conditions.length > 0 ? conditions.join(' AND ') : 'TRUE'}`,
    values,
  };
}
