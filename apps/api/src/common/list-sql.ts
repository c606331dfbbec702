import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { QueryFailedError, type DataSource, type QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
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

/**
 * The page as one FeatureCollection text built by PostgreSQL, with the number of features in it:
 * each feature is concatenated as text from `ST_AsGeoJSON` and its properties' JSON text, and the
 * features are joined by `string_agg`, so nothing is parsed again, in PostgreSQL (no `::json` of
 * the geometry, no `json_agg`) nor in Node (the text goes to the reply as it is).
 */
export function featureCollectionSql(source: FeatureSource, query: ParsedListQuery): SqlQuery {
  const n = query.params.length;
  return {
    text: `SELECT '{"type":"FeatureCollection","features":[' || coalesce(string_agg(
                    '{"type":"Feature","id":' || to_json(page.id)::text
                    || ',"geometry":' || coalesce(ST_AsGeoJSON(page.geometry, ${source.precision}), 'null')
                    || ',"properties":' || coalesce(page.properties::text, 'null') || '}', ','), '') || ']}' AS body,
                  count(*)::int AS n
             FROM (SELECT ${source.id} AS id, ${source.geometry} AS geometry, ${source.properties} AS properties
                     FROM ${source.from} WHERE ${query.where}
                    ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}) AS page`,
    values: [...query.params, query.limit, query.offset],
  };
}

/**
 * Most distinct statement texts given a name (prepared once per connection); later ones run
 * unnamed. A text is fixed by the filters, sort and view a request uses (values are parameters),
 * so a few dozen cover the console; the bound keeps what each connection holds (node-postgres'
 * and PostgreSQL's prepared statements) finite whatever the requests.
 */
export const MAX_PREPARED_STATEMENTS = 200;
const preparedNames = new Map<string, string>();

/** The statement's name, derived from its text (the same on every connection); null past the bound. */
export function preparedStatementName(text: string): string | null {
  let name = preparedNames.get(text);
  if (name === undefined) {
    if (preparedNames.size >= MAX_PREPARED_STATEMENTS) return null;
    name = `vigie_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/**
 * Runs a list statement as a named prepared statement on one of the data source's pooled
 * connections: node-postgres parses it on the first use on that connection only, and PostgreSQL
 * keeps it for the connection's life (a generic plan when it is not worse than the custom ones,
 * the choice `plan_cache_mode = auto` makes after five runs). The list path sets nothing on the
 * session (no role, no `SET`), and a connection goes back to the pool as TypeORM's would: a
 * failure is a `QueryFailedError`, logged without its parameters like any other.
 */
export async function runPrepared<T>(dataSource: DataSource, statement: SqlQuery): Promise<T[]> {
  const name = preparedStatementName(statement.text);
  // Anything without a pooled PostgreSQL driver (a test's recorder) runs the statement unnamed.
  const pool = (dataSource.driver as Partial<PostgresDriver> | undefined)?.master as Pool | undefined;
  if (name === null || pool === undefined) return dataSource.query(statement.text, statement.values);
  const client = await pool.connect();
  try {
    const result = await client.query({ name, text: statement.text, values: statement.values });
    return result.rows as T[];
  } catch (error) {
    // As TypeORM's runner reports it (the logger reads `logging` from the runner's connection).
    const runner = { connection: dataSource } as unknown as QueryRunner;
    dataSource.logger.logQueryError(error as Error, statement.text, statement.values, runner);
    throw new QueryFailedError(statement.text, statement.values, error as Error);
  } finally {
    client.release();
  }
}

/**
 * Runs the page and the count in parallel, each a prepared statement. `count`, when given, is
 * another statement answering the same total (one column `total`), e.g. from maintained facts.
 */
export async function runList<T>(
  dataSource: DataSource,
  source: ListSource,
  query: ParsedListQuery,
  count: SqlQuery = countSql(source.from, query),
): Promise<ListResult<T>> {
  const page = pageSql(source, query);
  const [rows, counts] = await Promise.all([
    runPrepared<{ record: T }>(dataSource, page),
    runPrepared<{ total: number }>(dataSource, count),
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
