import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { Area, StatsInterval, StatsMetric, StatsSeries, StatsSummary } from '@vigie/domain';
import { retryTransient } from '../api/hooks';
import type { VigieDataProvider } from '../dataProvider';

/** A period (Paris local dates, both included) and an area (null: the whole territory). */
export interface StatsFilter {
  from: string;
  to: string;
  area: Area | null;
}

/**
 * When a 401 has signed the user out, react-admin's data provider resolves with an empty `data`
 * while it goes to the login page: nothing to show then (null), rather than a half-empty object.
 */
const present = <T extends object>(data: T, key: keyof T): T | null => (key in data ? data : null);

/**
 * `GET /api/stats/summary` for a period and an area; with `compare`, the figures of the periods the
 * API compares it with too (`periods`, `comparisons`): the console never works them out itself.
 */
export function useStatsSummary(filter: StatsFilter, { compare = false }: { compare?: boolean } = {}) {
  const dataProvider = useDataProvider<VigieDataProvider>();
  return useQuery<StatsSummary | null>({
    queryKey: ['stats', 'summary', filter, compare],
    queryFn: async ({ signal }) =>
      present((await dataProvider.getStatsSummary({ ...filter, compare, signal })).data, 'evictions'),
    retry: retryTransient,
  });
}

/** `GET /api/stats/series` of one metric over a period, in buckets of `interval`. */
export function useStatsSeries(filter: StatsFilter, interval: StatsInterval, metric: StatsMetric) {
  const dataProvider = useDataProvider<VigieDataProvider>();
  return useQuery<StatsSeries | null>({
    queryKey: ['stats', 'series', filter, interval, metric],
    queryFn: async ({ signal }) =>
      present((await dataProvider.getStatsSeries({ ...filter, interval, metric, signal })).data, 'buckets'),
    retry: retryTransient,
  });
}
