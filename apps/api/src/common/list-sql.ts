import type { DataSource } from 'typeorm';
import type { ParsedListQuery } from './list-query/list-spec';
import type { GeoJsonResult, ListResult } from './list-result';

/** A statement and its bound values. */
export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** Where a list reads from: `from` is a trusted `table alias`, `record` the SQL of one row's JSON. */
export interface ListSource {
  from: string;
  record: string;
}

/** What a map reads: the feature id and geometry columns, and the properties' JSON. */
export interface FeatureSource {
  from: string;
  id: string;
  geometry: string;
  /** Decimals of the coordinates: as precise as the data, no more. */
  precision: number;
  properties: string;
}

export const EMPTY_COLLECTION = '{"type":"FeatureCollection","features":[]}';

/** One page of records, the filters' parameters followed by LIMIT and OFFSET. */
export function pageSql(source: ListSource, query: ParsedListQuery): SqlQuery {
  const n = query.params.length;
  return {
    text: `SELECT ${source.record} AS record FROM ${source.from}
            WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    values: [...query.params, query.limit, query.offset],
  };
}

export function countSql(from: string, query: ParsedListQuery): SqlQuery {
  return { text: `SELECT count(*)::int AS total FROM ${from} WHERE ${query.where}`, values: query.params };
}

/** The page as one FeatureCollection text built by PostgreSQL, with the number of features in it. */
export function featureCollectionSql(source: FeatureSource, query: ParsedListQuery): SqlQuery {
  const n = query.params.length;
  return {
    text: `SELECT json_build_object(
                    'type', 'FeatureCollection',
                    'features', coalesce(json_agg(json_build_object(
                      'type', 'Feature', 'id', page.id,
                      'geometry', ST_AsGeoJSON(page.geometry, ${source.precision})::json,
                      'properties', page.properties)), '[]'::json))::text AS body,
                  count(*)::int AS n
             FROM (SELECT ${source.id} AS id, ${source.geometry} AS geometry, ${source.properties} AS properties
                     FROM ${source.from} WHERE ${query.where}
                    ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}) AS page`,
    values: [...query.params, query.limit, query.offset],
  };
}

/** Runs the page and the count in parallel. */
export async function runList<T>(
  dataSource: DataSource,
  source: ListSource,
  query: ParsedListQuery,
): Promise<ListResult<T>> {
  const page = pageSql(source, query);
  const count = countSql(source.from, query);
  const [rows, counts] = await Promise.all([
    dataSource.query(page.text, page.values) as Promise<{ record: T }[]>,
    dataSource.query(count.text, count.values) as Promise<{ total: number }[]>,
  ]);
  return { rows: rows.map((row) => row.record), total: counts[0]?.total ?? 0 };
}

/** The features, and the total: counted separately only when the collection is full. */
export async function runFeatureCollection(
  dataSource: DataSource,
  source: FeatureSource,
  query: ParsedListQuery,
): Promise<GeoJsonResult> {
  const features = featureCollectionSql(source, query);
  const [row] = (await dataSource.query(features.text, features.values)) as { body: string; n: number }[];
  const body = row?.body ?? EMPTY_COLLECTION;
  const returned = row?.n ?? 0;
  if (returned < query.limit && (returned > 0 || query.offset === 0)) {
    return { body, total: query.offset + returned };
  }
  const count = countSql(source.from, query);
  const [counted] = (await dataSource.query(count.text, count.values)) as { total: number }[];
  return { body, total: counted?.total ?? 0 };
}
