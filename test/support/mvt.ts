import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { expect } from 'vitest';
import type { ApiClient } from './e2e-api';

/*
 * What a tile holds, read with the decoder the console draws tiles with (`@mapbox/vector-tile`):
 * its layers, and their point features with their attributes.
 */

export type MvtValue = string | number | boolean;

export interface MvtFeature {
  /** 1 point, 2 line, 3 polygon. */
  type: number;
  properties: Record<string, MvtValue>;
  /** The first point, in tile coordinates (0 … extent, y downwards). */
  point: [number, number] | null;
}

export interface MvtLayer {
  name: string;
  version: number;
  extent: number;
  features: MvtFeature[];
}

/** The layers of a tile. */
export function decodeTile(bytes: Uint8Array): MvtLayer[] {
  const tile = new VectorTile(new PbfReader(bytes));
  return Object.values(tile.layers).map((layer) => ({
    name: layer.name,
    version: layer.version,
    extent: layer.extent,
    features: Array.from({ length: layer.length }, (_, index) => {
      const feature = layer.feature(index);
      const first = feature.loadGeometry()[0]?.[0];
      return {
        type: feature.type,
        properties: { ...feature.properties },
        point: first ? ([first.x, first.y] as [number, number]) : null,
      };
    }),
  }));
}

/** The tile `{z}/{x}/{y}` that holds a WGS84 point (the Web-Mercator "slippy map" scheme). */
export function tileOf(
  [lon, lat]: readonly [number, number],
  z: number,
): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

/** WGS84 of a point in tile coordinates (the inverse of the projection `tileOf` cuts by). */
export function lonLatOf(
  tile: { z: number; x: number; y: number },
  [px, py]: [number, number],
  extent: number,
): [number, number] {
  const n = 2 ** tile.z;
  const lon = ((tile.x + px / extent) / n) * 360 - 180;
  const mercatorY = Math.PI * (1 - (2 * (tile.y + py / extent)) / n);
  return [lon, (Math.atan(Math.sinh(mercatorY)) * 180) / Math.PI];
}

export interface TileResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  /** The layers, when the answer is a tile (200). */
  layers: MvtLayer[];
  /** The JSON error, when it is not. */
  error: unknown;
}

/** Fetches a tile as `client` (its bytes as they are: the JSON client would decode them as text). */
export async function getTile(
  client: ApiClient,
  path: string,
  headers: Record<string, string> = {},
): Promise<TileResponse> {
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: { ...(client.token ? { authorization: `Bearer ${client.token}` } : {}), ...headers },
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const isTile = response.status === 200;
  let error: unknown = null;
  if (!isTile && bytes.length > 0) error = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  if (isTile) {
    expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  }
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    layers: isTile ? decodeTile(bytes) : [],
    error,
  };
}
