/**
 * The two requests the benchmark times, each with the statements the API runs for it, so that the
 * same work can be timed in psql.
 */
import type { CompiledApp, ParsedListQuery, RawQuery } from './compiled.mts';
import type { TimedResponse } from './http.mts';
import type { SqlQuery } from './psql.mts';
import { withClient } from './database.mts';

export interface ScenarioRequest {
  /** Path and query string, as sent. */
  path: string;
  query: RawQuery;
  /** Statements for this request: the features or page first, then the count. */
  sql: { main: SqlQuery; count: SqlQuery };
  /**
   * Whether the API runs the count too: a list always does (in parallel with the page); a GeoJSON
   * request only when the collection is full, since otherwise the features are the total.
   */
  countRuns: boolean;
}

export interface Scenario {
  name: 'page' | 'geojson';
  title: string;
  /** Requests used in turn, iteration i sends requests[i % length]. */
  requests: ScenarioRequest[];
  target: { p95Ms: number; ratio: number };
  /** Throws when a response is not what the scenario expects; returns what it found. */
  check(response: TimedResponse, full: boolean): { items: number; total: number };
  notes: string[];
}

/** Calais (INSEE 62193): by far the commune with the most observations. */
export const PAGE_COMMUNE = '62193';

/** Successive quarters inside the data set's period, as Paris local dates (inclusive). */
export const PAGE_PERIODS: readonly [string, string][] = [
  ['2025-01-01', '2025-03-31'],
  ['2025-04-01', '2025-06-30'],
  ['2025-07-01', '2025-09-30'],
  ['2025-10-01', '2025-12-31'],
  ['2026-01-01', '2026-03-31'],
  ['2026-04-01', '2026-06-30'],
  ['2026-07-01', '2026-09-30'],
];

/** A map viewport over Calais and its five camps. */
export const GEOJSON_BBOX = '1.80,50.92,1.95,50.97';
/** First day of the map's period; the last day is calibrated to reach about GEOJSON_FEATURES. */
export const GEOJSON_FROM = '2026-01-01';

function toPath(base: string, query: RawQuery): string {
  return `${base}?${new URLSearchParams(query).toString()}`;
}

function listRequest(app: CompiledApp, query: RawQuery): ScenarioRequest {
  const parsed = app.parseListQuery(query);
  return {
    path: toPath('/api/observations', query),
    query,
    sql: { main: app.observationPageSql(parsed), count: app.observationCountSql(parsed) },
    countRuns: true,
  };
}

function geojsonRequest(app: CompiledApp, query: RawQuery): ScenarioRequest & { parsed: ParsedListQuery } {
  const parsed = app.parseListQuery(query, app.geojsonOptions);
  return {
    path: toPath('/api/observations.geojson', query),
    query,
    parsed,
    sql: { main: app.observationGeoJsonSql(parsed), count: app.observationCountSql(parsed) },
    // The calibrated request returns about 5,000 features, under the 10,000 cap.
    countRuns: false,
  };
}

function parseTotal(response: TimedResponse): number {
  if (response.status !== 200) {
    throw new Error(`HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 500)}`);
  }
  const total = Number(response.totalCount);
  if (response.totalCount === null || !Number.isInteger(total)) {
    throw new Error(`Missing or invalid X-Total-Count (${response.totalCount})`);
  }
  return total;
}

export function pageScenario(app: CompiledApp): Scenario {
  const requests = PAGE_PERIODS.map(([from, to]) =>
    listRequest(app, {
      communeCode: PAGE_COMMUNE,
      startedAt_gte: from,
      startedAt_lte: to,
      _sort: 'startedAt',
      _order: 'DESC',
      _start: '0',
      _end: '25',
    }),
  );
  return {
    name: 'page',
    title: 'Filtered, sorted page of 25 (commune + 3-month period)',
    requests,
    target: { p95Ms: 30, ratio: 3 },
    check(response) {
      const total = parseTotal(response);
      const rows: unknown = JSON.parse(response.body.toString('utf8'));
      if (!Array.isArray(rows) || rows.length !== 25) {
        throw new Error(`Expected 25 rows, got ${Array.isArray(rows) ? rows.length : typeof rows}`);
      }
      return { items: rows.length, total };
    },
    notes: [
      `The period rotates over ${PAGE_PERIODS.length} successive quarters (${PAGE_PERIODS[0]?.[0]} … ${
        PAGE_PERIODS[PAGE_PERIODS.length - 1]?.[1]
      }); iteration i uses quarter i mod ${PAGE_PERIODS.length}, in the API and in psql alike.`,
    ],
  };
}

/**
 * The GeoJSON request: the Calais viewport from GEOJSON_FROM to the day on which the count first
 * reaches `features` (the camps' points sit within 150 m of their site, so a bbox alone can only
 * reach a given count by cutting a camp in two).
 */
export async function geojsonScenario(app: CompiledApp, url: string, features: number): Promise<Scenario> {
  const base = { bbox: GEOJSON_BBOX, startedAt_gte: GEOJSON_FROM };
  const requestUntil = (to: string) => geojsonRequest(app, { ...base, startedAt_lte: to });
  const countUntil = (to: string): Promise<number> =>
    withClient(url, async (client) => {
      const { count } = requestUntil(to).sql;
      const result = await client.query<{ total: number }>(count.text, count.values);
      return result.rows[0]?.total ?? 0;
    });
  const day = (offset: number): string => {
    const date = new Date(`${GEOJSON_FROM}T12:00:00Z`);
    date.setUTCDate(date.getUTCDate() + offset);
    return date.toISOString().slice(0, 10);
  };
  // Smallest number of days whose count reaches the target (the count only grows with the period).
  let low = 0;
  let high = 300;
  if ((await countUntil(day(high))) < features) {
    throw new Error(`Even ${high + 1} days from ${GEOJSON_FROM} hold fewer than ${features} observations`);
  }
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((await countUntil(day(middle))) >= features) high = middle;
    else low = middle + 1;
  }
  const request = requestUntil(day(low));
  return {
    name: 'geojson',
    title: `Bbox GeoJSON of about ${features.toLocaleString('en')} points`,
    requests: [request],
    target: { p95Ms: 300, ratio: 3 },
    check(response, full) {
      const total = parseTotal(response);
      if (!response.contentType?.startsWith('application/geo+json')) {
        throw new Error(`Unexpected content type ${response.contentType}`);
      }
      if (!full) return { items: total, total };
      const body = JSON.parse(response.body.toString('utf8')) as { type?: string; features?: unknown[] };
      if (body.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
        throw new Error('The body is not a FeatureCollection');
      }
      if (body.features.length !== Math.min(total, request.parsed.limit)) {
        throw new Error(`${body.features.length} features for X-Total-Count ${total}`);
      }
      return { items: body.features.length, total };
    },
    notes: [
      `Calibrated once on this data set: bbox ${GEOJSON_BBOX} (Calais) from ${GEOJSON_FROM} to the first day on which the count reaches ${features.toLocaleString('en')} (${day(low)}).`,
    ],
  };
}
