import { createHash } from 'node:crypto';
import { LIMITS } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import type { FastifyReply } from 'fastify';
import { DomainError } from './domain-error';
import { featurePropertiesColumns, type FeatureProperty } from './feature-properties';
import type { RawQuery } from './list-query/parse-list-query';
import type { ParsedListQuery } from './list-query/list-spec';
import type { SqlQuery } from './list-sql';

/*
 * Mapbox vector tiles (`GET /api/<resource>/tiles/{z}/{x}/{y}.mvt`) of a map resource, with the
 * filters of its list, cut by PostGIS (`ST_AsMVT`) from a stored Web-Mercator point (docs/api.md
 * "Vector tiles", docs/decisions.md "Vector tiles on a stored Web-Mercator column").
 */

export enum TileErrorCode {
  Invalid = 'invalid_tile',
}

/** Deepest zoom served: a tile then spans about 10 m, past any map's use. */
export const MAX_TILE_ZOOM = 22;

/** Tile grid (`ST_AsMVT`'s default) and the margin kept around it, so symbols at an edge are not cut. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

/** Most features in one tile, the newest kept: the same bound as a GeoJSON collection. */
export const TILE_MAX_FEATURES = LIMITS.geojsonFeatures;

/**
 * Browsers may keep a tile a minute: the data changes (reviews, new records) and differs by role,
 * so `private` (never a shared cache) and `Vary` on the credentials (another user signing in on the
 * same browser never gets the previous one's tiles from its cache).
 */
export const TILE_CACHE_CONTROL = 'private, max-age=60';
const TILE_VARY = 'Cookie, Authorization';
export const TILE_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

export interface TileCoordinates {
  z: number;
  x: number;
  y: number;
}

/** What a tile reads: the stored Web-Mercator point and the feature's properties. */
export interface TileSource {
  from: string;
  /** Name of the tile's one layer. */
  layer: string;
  /** The stored EPSG:3857 point, GiST-indexed (`location_3857`). */
  geometry: string;
  /** The feature's properties: those of its GeoJSON feature, only what the role may read. */
  properties: readonly FeatureProperty[];
  /** Which features a full tile keeps first (the newest). */
  orderBy: string;
}

/** The tile's bytes (empty when no feature falls in it), and whether features were left out. */
export interface TileResult {
  body: Buffer;
  capped: boolean;
}

/** `z`, `x`, `y` of the path: integers, `0 ≤ z ≤ 22`, `0 ≤ x, y < 2^z`; else a 400 naming them. */
export function parseTile(raw: { z: string; x: string; y: string }): TileCoordinates {
  const errors = Object.create(null) as Record<string, string>;
  const integer = (value: string): number | null => (/^\d{1,7}$/.test(value) ? Number(value) : null);
  const z = integer(raw.z);
  if (z === null || z > MAX_TILE_ZOOM) errors.z = `must be an integer from 0 to ${MAX_TILE_ZOOM}`;
  const x = integer(raw.x);
  const y = integer(raw.y);
  const size = z !== null && z <= MAX_TILE_ZOOM ? 2 ** z : null;
  for (const [name, value] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (value === null || (size !== null && value >= size)) {
      errors[name] = size === null ? 'must be an integer' : `must be an integer from 0 to ${size - 1}`;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new DomainError(
      'invalid',
      TileErrorCode.Invalid,
      `Invalid tile: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      { errors },
    );
  }
  return { z: z as number, x: x as number, y: y as number };
}

/** Paging and sorting mean nothing to a tile: refused (400) rather than silently ignored. */
const PAGE_PARAMETERS = ['_start', '_end', '_sort', '_order'];

/** The list query of a tile: the list's filters, without paging or sorting. */
export function tileFilters(query: RawQuery): RawQuery {
  const errors = Object.create(null) as Record<string, string>;
  for (const key of PAGE_PARAMETERS) {
    if (query[key] !== undefined) errors[key] = 'not available on tiles (a tile holds every match)';
  }
  if (Object.keys(errors).length > 0) {
    throw new DomainError(
      'invalid',
      TileErrorCode.Invalid,
      `Invalid tile query: ${Object.keys(errors).join(', ')} not available on tiles`,
      {
        errors,
      },
    );
  }
  return query;
}

/**
 * One tile: the features whose point falls in the tile or its margin (an index range on the
 * stored Web-Mercator point), at most `TILE_MAX_FEATURES` of them, encoded by `ST_AsMVT` in one
 * layer; `n` counts up to one more, to tell a capped tile.
 *
 * The tile's envelope is written into the statement as literals, not bound: `z`, `x` and `y` are
 * integers checked by `parseTile`, and a constant envelope is what lets the planner weigh the
 * tile's extent. Bound, a statement prepared once falls back after five runs to a generic plan
 * that cannot tell a street from the whole coast (a z12 tile went from 0.5 s to 4 s).
 */
export function tileSql(source: TileSource, query: ParsedListQuery, tile: TileCoordinates): SqlQuery {
  const [z, x, y] = [tile.z, tile.x, tile.y].map((value) => {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`tile coordinate ${value}`);
    return String(value);
  }) as [string, string, string];
  const limit = `$${query.params.length + 1}`;
  return {
    text: `WITH features AS MATERIALIZED (
             SELECT ST_AsMVTGeom(${source.geometry}, ST_TileEnvelope(${z}, ${x}, ${y}),
                                 ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom,
                    ${featurePropertiesColumns(source.properties)}
               FROM ${source.from}
              WHERE ${source.geometry} && ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${TILE_BUFFER / TILE_EXTENT})
                AND (${query.where})
              ORDER BY ${source.orderBy}
              LIMIT ${limit} + 1)
           SELECT (SELECT ST_AsMVT(tile, '${source.layer}', ${TILE_EXTENT}, 'geom')
                     FROM (SELECT * FROM features WHERE geom IS NOT NULL LIMIT ${limit}) AS tile) AS tile,
                  (SELECT count(*)::int FROM features) AS n`,
    values: [...query.params, TILE_MAX_FEATURES],
  };
}

export async function runTile(
  dataSource: DataSource,
  source: TileSource,
  query: ParsedListQuery,
  tile: TileCoordinates,
): Promise<TileResult> {
  const sql = tileSql(source, query, tile);
  const [row] = (await dataSource.query(sql.text, sql.values)) as { tile: Buffer | null; n: number }[];
  return { body: row?.tile ?? Buffer.alloc(0), capped: (row?.n ?? 0) > TILE_MAX_FEATURES };
}

/**
 * Sends a tile: 204 when it is empty, else its bytes with a strong ETag (their digest), and 304
 * when the client already holds them. `X-Tile-Capped: true` when features were left out.
 */
export function sendTile(reply: FastifyReply, result: TileResult, ifNoneMatch: string | undefined): void {
  void reply.header('cache-control', TILE_CACHE_CONTROL).header('vary', TILE_VARY);
  if (result.body.length === 0) {
    void reply.status(204).send();
    return;
  }
  const etag = `"${createHash('sha256').update(result.body).digest('base64url').slice(0, 32)}"`;
  void reply.header('etag', etag);
  if (result.capped) {
    void reply.header('X-Tile-Capped', 'true').header('Access-Control-Expose-Headers', 'X-Tile-Capped');
  }
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.header('content-type', TILE_CONTENT_TYPE).send(result.body);
}
