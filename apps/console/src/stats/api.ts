import { useEffect, useState } from 'react';
import { fetchUtils } from 'react-admin';
import type { Area, StatsInterval, StatsSeries, StatsSummary } from '@vigie/domain';
import type { Period } from './period';

export interface StatsFilter extends Period {
  area: Area | null;
}

/** The query string of a statistics request: absent filters are left out (the API refuses empty ones). */
export function statsQuery(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value != null && value !== '') search.set(key, value);
  return search.toString();
}

async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const { json } = await fetchUtils.fetchJson(path, { credentials: 'same-origin', signal });
  return json as T;
}

export function fetchSummary({ from, to, area }: StatsFilter, signal: AbortSignal): Promise<StatsSummary> {
  return getJson(`/api/stats/summary?${statsQuery({ from, to, area })}`, signal);
}

export function fetchSeries(
  { from, to, area }: StatsFilter,
  interval: StatsInterval,
  metric: string,
  signal: AbortSignal,
): Promise<StatsSeries> {
  return getJson(`/api/stats/series?${statsQuery({ from, to, area, interval, metric })}`, signal);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
}

/** Runs `load` again whenever `key` changes; the request in flight is cancelled. */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { key?: string }>({
    data: undefined,
    error: undefined,
    isPending: true,
  });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, isPending: true }));
    load(controller.signal).then(
      (data) => setState({ data, error: undefined, isPending: false, key }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error, isPending: false, key });
      },
    );
    return () => controller.abort();
    // `load` is rebuilt on every render; `key` says when its result would change.
  }, [key]);
  return state;
}
