import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  FORCE_UNITS,
  OBSERVER_INCIDENT_TYPES,
  parisDayEnd,
  parisDayStart,
  SEIZURE_ITEMS,
  TIME_ZONE,
} from '@vigie/domain';
import { DataSource } from 'typeorm';
import type { StatsGroupBy } from '@vigie/domain';
import { gridCellSql, gridCentreSql } from '../common/location-grid';
import { type MetricSpec, STATS_METRICS } from './stats-metrics';
import type { SeriesQuery, StatsScope } from './stats-query';

/** Aggregates as SQL returns them; the service fills in the codes that did not occur. */
export interface SummaryRow {
  totals: {
    total: number;
    outsideAreas: number;
    distinctSites: number;
    withoutSite: number;
    peopleEvicted: number;
    peopleEvictedReported: number;
    minorsSeen: number;
    arrests: number;
    peopleSheltered: number;
    withoutInterpreters: number;
    interpretersKnown: number;
    withShelterOffered: number;
    shelterOfferedKnown: number;
    withObservationObstructed: number;
    observationObstructedKnown: number;
  };
  byArea: Record<string, number>;
  byKind: Record<string, number>;
  byCommune: { code: string; name: string; count: number }[];
  bySite: { siteId: string; name: string; deleted: boolean; count: number }[];
  seizures: Record<string, { quantity: number; destroyed: number }>;
  forces: Record<string, { observations: number; vehicles: number; officers: number }>;
  incidents: Record<string, number>;
}

/** De-identification of the points of a map (VIGIE_LOCATION_GRID_METRES, VIGIE_REPORT_MAP_MIN_COUNT). */
export interface MapPrivacy {
  /** Side of a grid cell, in metres. */
  gridMetres: number;
  /** Fewest evictions a cell must hold to be drawn at its centre, rather than at its commune. */
  minCount: number;
}

/** A circle of a map: a grid cell's centre or a commune's point, never a recorded position. */
export interface MapPoint {
  /** Lambert-93 (EPSG:2154) coordinates. */
  x: number;
  y: number;
  count: number;
}

export interface SeriesRow {
  bucket: string;
  grp: string | null;
  value: number;
}

class Params {
  readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The conditions every figure shares: live records (deleted and merged ones never count), the Paris
 * local period [first instant of `from`, first instant of the day after `to`), the area or commune,
 * validated records unless asked otherwise, and the research rules when the scope carries them. The (area|commune_code, time) partial indexes serve
 * them.
 */
function scopeConditions(
  alias: 'o' | 'i',
  scope: StatsScope,
  params: Params,
  bounds: { start: string; end: string },
): string {
  const time = alias === 'o' ? 'o.started_at' : 'i.occurred_at';
  const conditions = [`${alias}.deleted_at IS NULL`, `${time} >= ${bounds.start}`, `${time} < ${bounds.end}`];
  if (scope.area) conditions.push(`${alias}.area = ${params.bind(scope.area)}`);
  if (scope.communeCode) conditions.push(`${alias}.commune_code = ${params.bind(scope.communeCode)}`);
  if (!scope.includeUnvalidated) conditions.push(`${alias}.status = 'validated'`);
  if (scope.research) {
    // Research level (DESIGN §7): nothing from the embargo window, incidents with research consent.
    conditions.push(`${time} < ${params.bind(parisDayStart(scope.research.embargoFrom))}`);
    if (alias === 'i') conditions.push('i.consent_research');
  }
  return conditions.join(' AND ');
}

function bindPeriod(scope: StatsScope, params: Params): { start: string; end: string } {
  return { start: params.bind(parisDayStart(scope.from)), end: params.bind(parisDayEnd(scope.to)) };
}

const GROUP_COLUMNS: Record<StatsGroupBy, { o: string; i: string; f: string }> = {
  area: { o: 'o.area', i: 'i.area', f: 'f.area' },
  commune: { o: 'o.commune_code', i: 'i.commune_code', f: 'f.commune_code' },
  kind: { o: 'o.kind', i: 'NULL::text', f: 'f.kind' },
  type: { o: 'NULL::text', i: 'i.type', f: 'NULL::text' },
};

/**
 * Where the observation figures are read: `facts`, the daily facts the writing transaction keeps
 * current (db/migrations/1795429000000-ObservationDailyFacts.ts), or `records`, the aggregate of
 * the observations themselves: the reference the facts are tested against
 * (test/integration/stats-facts.spec.ts). Incidents are always counted from their records.
 */
export type StatsSource = 'facts' | 'records';

/**
 * `scopeConditions` over a table of daily facts `f`: the Paris local days of the period, the area or
 * commune, validated facts unless asked otherwise, and the research embargo (whole days too).
 */
function factConditions(scope: StatsScope, params: Params): string {
  const conditions = [`f.day >= ${params.bind(scope.from)}::date`, `f.day <= ${params.bind(scope.to)}::date`];
  if (scope.area) conditions.push(`f.area = ${params.bind(scope.area)}`);
  if (scope.communeCode) conditions.push(`f.commune_code = ${params.bind(scope.communeCode)}`);
  if (!scope.includeUnvalidated) conditions.push('f.validated');
  if (scope.research) conditions.push(`f.day < ${params.bind(scope.research.embargoFrom)}::date`);
  return conditions.join(' AND ');
}

@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A year of the whole territory joins ~100,000 observations with several hundred thousand seizure
   * and force rows: with the default 4 MB of `work_mem` the hashes and aggregates spill to disk. The statement gets more memory for itself only (`SET LOCAL`), in a
   * read-only transaction.
   */
  private aggregate<T>(sql: string, params: unknown[]): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      await manager.query(`SET LOCAL work_mem = '32MB'`);
      return manager.query(sql, params) as Promise<T>;
    });
  }

  /** The commune's area, or undefined when the code names no commune. */
  async communeArea(code: string): Promise<{ area: string | null } | undefined> {
    const rows: { area: string | null }[] = await this.dataSource.query(
      `SELECT area FROM communes WHERE code = $1`,
      [code],
    );
    return rows[0];
  }

  async communeNames(codes: string[]): Promise<Map<string, string>> {
    const rows: { code: string; name: string }[] = await this.dataSource.query(
      `SELECT code, name FROM communes WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row.name]));
  }

  /**
   * Every figure of the summary in one statement: the matching observations are read once into a
   * CTE and aggregated several ways. The seizure and force rows are joined to the same conditions
   * written out again rather than to the CTE: a CTE carries no statistics, and the planner then
   * hashed all 480,000 seizure rows of the benchmark set even for a month. Incidents on their own.
   */
  async summary(scope: StatsScope, source: StatsSource = 'facts'): Promise<SummaryRow> {
    if (source === 'facts') return this.summaryFromFacts(scope);
    const params = new Params();
    const period = bindPeriod(scope, params);
    const observations = scopeConditions('o', scope, params, period);
    const incidents = scopeConditions('i', scope, params, period);
    const [row]: { summary: SummaryRow }[] = await this.aggregate(
      `WITH o AS MATERIALIZED (
         SELECT o.id, o.kind, o.area, o.commune_code, o.site_id, o.people_evicted, o.minors_seen, o.arrests,
                o.people_sheltered, o.interpreters_present, o.shelter_offered, o.observation_obstructed
           FROM observations o
          WHERE ${observations}
       )
       SELECT json_build_object(
         'totals', (SELECT json_build_object(
             'total', count(*),
             'outsideAreas', count(*) FILTER (WHERE area IS NULL),
             'distinctSites', (SELECT count(*) FROM (SELECT DISTINCT site_id FROM o WHERE site_id IS NOT NULL) sites),
             'withoutSite', count(*) FILTER (WHERE site_id IS NULL),
             'peopleEvicted', coalesce(sum(people_evicted), 0),
             'peopleEvictedReported', count(people_evicted),
             'minorsSeen', coalesce(sum(minors_seen), 0),
             'arrests', coalesce(sum(arrests), 0),
             'peopleSheltered', coalesce(sum(people_sheltered), 0),
             'withoutInterpreters', count(*) FILTER (WHERE interpreters_present = false),
             'interpretersKnown', count(interpreters_present),
             'withShelterOffered', count(*) FILTER (WHERE shelter_offered),
             'shelterOfferedKnown', count(shelter_offered),
             'withObservationObstructed', count(*) FILTER (WHERE observation_obstructed),
             'observationObstructedKnown', count(observation_obstructed)) FROM o),
         'byArea', (SELECT coalesce(json_object_agg(area, n), '{}') FROM
             (SELECT area, count(*) AS n FROM o WHERE area IS NOT NULL GROUP BY area) x),
         'byKind', (SELECT coalesce(json_object_agg(kind, n), '{}') FROM
             (SELECT kind, count(*) AS n FROM o GROUP BY kind) x),
         'byCommune', (SELECT coalesce(json_agg(json_build_object('code', c.code, 'name', c.name, 'count', x.n)
                                                ORDER BY x.n DESC, c.code), '[]')
             FROM (SELECT commune_code, count(*) AS n FROM o WHERE commune_code IS NOT NULL GROUP BY commune_code) x
             JOIN communes c ON c.code = x.commune_code),
         'bySite', (SELECT coalesce(json_agg(json_build_object('siteId', s.id, 'name', s.name,
                                                               'deleted', s.deleted_at IS NOT NULL, 'count', x.n)
                                                ORDER BY x.n DESC, s.name, s.id), '[]')
             FROM (SELECT site_id, count(*) AS n FROM o WHERE site_id IS NOT NULL GROUP BY site_id) x
             JOIN sites s ON s.id = x.site_id),
         'seizures', (SELECT coalesce(json_object_agg(item, json_build_object('quantity', q, 'destroyed', d)), '{}')
             FROM (SELECT s.item, sum(s.quantity) AS q, coalesce(sum(s.quantity) FILTER (WHERE s.destroyed), 0) AS d
                     FROM observations o JOIN observation_seizures s ON s.observation_id = o.id
                    WHERE ${observations} GROUP BY s.item) x),
         'forces', (SELECT coalesce(json_object_agg(unit,
                              json_build_object('observations', n, 'vehicles', v, 'officers', p)), '{}')
             FROM (SELECT unit, count(*) AS n, coalesce(sum(v), 0) AS v, coalesce(sum(p), 0) AS p
                     FROM (SELECT f.unit, sum(f.vehicles) AS v, sum(f.officers) AS p
                             FROM observations o JOIN observation_forces f ON f.observation_id = o.id
                            WHERE ${observations}
                            GROUP BY f.unit, f.observation_id) per_observation
                    GROUP BY unit) x),
         'incidents', (SELECT coalesce(json_object_agg(type, n), '{}') FROM
             (SELECT i.type, count(*) AS n FROM incidents i WHERE ${incidents} GROUP BY i.type) x)
       ) AS summary`,
      params.values,
    );
    return (row as { summary: SummaryRow }).summary;
  }

  /**
   * The summary's figures from the daily facts: a year reads a few thousand rows per table whatever
   * the number of observations. Same definitions as the records' aggregate above, term for term:
   * the facts hold the same counts and sums per day, so adding them up over the days of the period
   * gives the same totals; a commune or site is listed when its count over the period is > 0 (a fact
   * row may hold 0 once its records have moved), and `distinctSites` counts those sites.
   */
  private async summaryFromFacts(scope: StatsScope): Promise<SummaryRow> {
    const params = new Params();
    const facts = factConditions(scope, params);
    const incidents = scopeConditions('i', scope, params, bindPeriod(scope, params));
    const [row]: { summary: SummaryRow }[] = await this.aggregate(
      `WITH o AS MATERIALIZED (
         SELECT f.area, f.commune_code, f.kind, sum(f.observations) AS n, sum(f.without_site) AS without_site,
                sum(f.people_evicted) AS people_evicted, sum(f.people_evicted_reported) AS people_evicted_reported,
                sum(f.minors_seen) AS minors_seen, sum(f.arrests) AS arrests,
                sum(f.people_sheltered) AS people_sheltered, sum(f.without_interpreters) AS without_interpreters,
                sum(f.interpreters_known) AS interpreters_known, sum(f.with_shelter_offered) AS with_shelter_offered,
                sum(f.shelter_offered_known) AS shelter_offered_known,
                sum(f.with_observation_obstructed) AS with_observation_obstructed,
                sum(f.observation_obstructed_known) AS observation_obstructed_known
           FROM observation_daily_facts f
          WHERE ${facts}
          GROUP BY f.area, f.commune_code, f.kind
       ), site_counts AS MATERIALIZED (
         SELECT f.site_id, sum(f.observations) AS n
           FROM observation_daily_site_facts f
          WHERE ${facts}
          GROUP BY f.site_id
         HAVING sum(f.observations) > 0
       )
       SELECT json_build_object(
         'totals', (SELECT json_build_object(
             'total', coalesce(sum(n), 0),
             'outsideAreas', coalesce(sum(n) FILTER (WHERE area IS NULL), 0),
             'distinctSites', (SELECT count(*) FROM site_counts),
             'withoutSite', coalesce(sum(without_site), 0),
             'peopleEvicted', coalesce(sum(people_evicted), 0),
             'peopleEvictedReported', coalesce(sum(people_evicted_reported), 0),
             'minorsSeen', coalesce(sum(minors_seen), 0),
             'arrests', coalesce(sum(arrests), 0),
             'peopleSheltered', coalesce(sum(people_sheltered), 0),
             'withoutInterpreters', coalesce(sum(without_interpreters), 0),
             'interpretersKnown', coalesce(sum(interpreters_known), 0),
             'withShelterOffered', coalesce(sum(with_shelter_offered), 0),
             'shelterOfferedKnown', coalesce(sum(shelter_offered_known), 0),
             'withObservationObstructed', coalesce(sum(with_observation_obstructed), 0),
             'observationObstructedKnown', coalesce(sum(observation_obstructed_known), 0)) FROM o),
         'byArea', (SELECT coalesce(json_object_agg(area, n), '{}') FROM
             (SELECT area, sum(n) AS n FROM o WHERE area IS NOT NULL GROUP BY area) x),
         'byKind', (SELECT coalesce(json_object_agg(kind, n), '{}') FROM
             (SELECT kind, sum(n) AS n FROM o GROUP BY kind) x),
         'byCommune', (SELECT coalesce(json_agg(json_build_object('code', c.code, 'name', c.name, 'count', x.n)
                                                ORDER BY x.n DESC, c.code), '[]')
             FROM (SELECT commune_code, sum(n) AS n FROM o WHERE commune_code IS NOT NULL
                    GROUP BY commune_code HAVING sum(n) > 0) x
             JOIN communes c ON c.code = x.commune_code),
         'bySite', (SELECT coalesce(json_agg(json_build_object('siteId', s.id, 'name', s.name,
                                                               'deleted', s.deleted_at IS NOT NULL, 'count', x.n)
                                                ORDER BY x.n DESC, s.name, s.id), '[]')
             FROM site_counts x JOIN sites s ON s.id = x.site_id),
         'seizures', (SELECT json_build_object(${SEIZURE_ITEMS.codes
           .map(
             (item) => `'${item}', json_build_object('quantity', coalesce(sum(f.seized_${item}), 0),
                                                     'destroyed', coalesce(sum(f.destroyed_${item}), 0))`,
           )
           .join(', ')})
             FROM observation_daily_seizure_facts f WHERE ${facts}),
         'forces', (SELECT json_build_object(${FORCE_UNITS.codes
           .map(
             (unit) => `'${unit}', json_build_object('observations', coalesce(sum(f.${unit}_observations), 0),
                                                     'vehicles', coalesce(sum(f.${unit}_vehicles), 0),
                                                     'officers', coalesce(sum(f.${unit}_officers), 0))`,
           )
           .join(', ')})
             FROM observation_daily_force_facts f WHERE ${facts}),
         'incidents', (SELECT coalesce(json_object_agg(type, n), '{}') FROM
             (SELECT i.type, count(*) AS n FROM incidents i WHERE ${incidents} GROUP BY i.type) x)
       ) AS summary`,
      params.values,
    );
    return (row as { summary: SummaryRow }).summary;
  }

  /**
   * The evictions of the scope on a map, never at a recorded position (DESIGN §6, and
   * docs/decisions.md "Report maps"): each eviction is placed at its site's position, else at its
   * own, then counted in its cell of the Lambert-93 grid (`gridMetres`, origin 0,0). A cell with at
   * least `minCount` evictions is drawn at the cell's centre; the evictions of smaller cells are
   * drawn at their commune's point on surface (the commune of the observation, as in the summary's
   * `byCommune`; outside every commune, the nearest one). The rows are those of the summary's
   * `evictions.total` (same conditions), so the circles add up to it.
   */
  async mapPoints(scope: StatsScope, privacy: MapPrivacy): Promise<MapPoint[]> {
    const params = new Params();
    const observations = scopeConditions('o', scope, params, bindPeriod(scope, params));
    const grid = params.bind(privacy.gridMetres);
    const minCount = params.bind(privacy.minCount);
    // The grid of the research exports too (common/location-grid.ts).
    const cell = gridCellSql('point', grid);
    const centre = gridCentreSql({ cx: 'cx', cy: 'cy' }, grid);
    const rows: { x: number; y: number; count: string }[] = await this.aggregate(
      `WITH placed AS (
         SELECT ST_Transform(coalesce(s.location, o.location), 2154) AS point,
                coalesce(o.commune_code,
                         (SELECT c.code FROM communes c ORDER BY c.geometry <-> o.location LIMIT 1)) AS commune_code
           FROM observations o
           LEFT JOIN sites s ON s.id = o.site_id
          WHERE ${observations}
       ), celled AS (
         SELECT ${cell.cx} AS cx, ${cell.cy} AS cy,
                commune_code
           FROM placed
       ), counted AS (
         SELECT cx, cy, commune_code, count(*) OVER (PARTITION BY cx, cy) AS in_cell FROM celled
       )
       SELECT ${centre.x} AS x, ${centre.y} AS y, count(*) AS count
         FROM counted
        WHERE in_cell >= ${minCount}
        GROUP BY cx, cy
       UNION ALL
       SELECT round(ST_X(p.point))::float8, round(ST_Y(p.point))::float8, x.count
         FROM (SELECT commune_code, count(*) AS count FROM counted
                WHERE in_cell < ${minCount} GROUP BY commune_code) x
         JOIN communes c ON c.code = x.commune_code
        CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(c.geometry), 2154) AS point) p
        ORDER BY count DESC, x, y`,
      params.values,
    );
    return rows.map((row) => ({ x: row.x, y: row.y, count: Number(row.count) }));
  }

  /** One row per (bucket, group) that has rows; the buckets are Paris local days, weeks or months. */
  async series(query: SeriesQuery, source: StatsSource = 'facts'): Promise<SeriesRow[]> {
    const metric = STATS_METRICS[query.metric];
    const spec: MetricSpec = metric;
    // The seizure facts have no kind: grouped by kind, seizures are counted from the records.
    const byFacts = spec.fact !== undefined && !(spec.seizureItems && query.groupBy === 'kind');
    if (source === 'facts' && byFacts) return this.seriesFromFacts(query);
    const params = new Params();
    const period = bindPeriod(query, params);
    const alias = metric.source === 'observations' ? 'o' : 'i';
    const time = alias === 'o' ? 'o.started_at' : 'i.occurred_at';
    const conditions = [scopeConditions(alias, query, params, period)];
    let from = metric.source === 'observations' ? 'observations o' : 'incidents i';
    if ('seizureItems' in metric) {
      from += ` JOIN observation_seizures s ON s.observation_id = o.id AND s.item = ANY(${params.bind(metric.seizureItems)}::text[])`;
    }
    if ('incidentCondition' in metric) {
      conditions.push(
        metric.incidentCondition.replace('$types', `${params.bind(OBSERVER_INCIDENT_TYPES)}::text[]`),
      );
    }
    const group = query.groupBy ? GROUP_COLUMNS[query.groupBy][alias] : 'NULL::text';
    return this.aggregate(
      `SELECT to_char(date_trunc(${params.bind(query.interval)}, ${time} AT TIME ZONE ${params.bind(TIME_ZONE)}),
                      'YYYY-MM-DD') AS bucket,
              ${group} AS grp,
              (${metric.value})::float8 AS value
         FROM ${from}
        WHERE ${conditions.join(' AND ')}
        GROUP BY 1, 2`,
      params.values,
    );
  }

  /** `series` for an observation metric, from the daily facts: the days of a bucket added up. */
  private seriesFromFacts(query: SeriesQuery): Promise<SeriesRow[]> {
    const params = new Params();
    const metric: MetricSpec = STATS_METRICS[query.metric];
    const conditions = [factConditions(query, params)];
    let table = 'observation_daily_facts';
    if (metric.seizureItems) table = 'observation_daily_seizure_facts';
    const group = query.groupBy ? GROUP_COLUMNS[query.groupBy].f : 'NULL::text';
    return this.aggregate(
      `SELECT to_char(date_trunc(${params.bind(query.interval)}, f.day::timestamp), 'YYYY-MM-DD') AS bucket,
              ${group} AS grp,
              (${metric.fact})::float8 AS value
         FROM ${table} f
        WHERE ${conditions.join(' AND ')}
        GROUP BY 1, 2`,
      params.values,
    );
  }
}
