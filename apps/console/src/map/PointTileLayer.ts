import { VectorTile } from '@mapbox/vector-tile';
import L from 'leaflet';
import { PbfReader } from 'pbf';

export type TileProperties = Record<string, number | string | boolean>;

/** A point of a loaded tile, in the tile's own pixels. */
interface TilePoint {
  x: number;
  y: number;
  properties: TileProperties;
}

export interface PointTileLayerOptions extends L.GridLayerOptions {
  /** `/api/<resource>/tiles/{z}/{x}/{y}.mvt?<filters>`. */
  template: string;
  /** The fill colour of a point. */
  colorOf: (properties: TileProperties) => string;
  /** Called once per tile the server refused or could not be reached for. */
  onTileError?: (error: Error) => void;
  /** Called with how many of the loaded tiles the server cut (`X-Tile-Capped`), when that changes. */
  onCappedChange?: (capped: number) => void;
}

const RADIUS = 6;
/** How far from a point's centre (screen pixels) a click still picks it. */
const HIT_RADIUS = 9;

const tileKey = ({ x, y, z }: L.Coords) => `${z}/${x}/${y}`;

/**
 * Points of the API's vector tiles (`ST_AsMVT`) drawn on canvas tiles: the map stays fluid with any
 * number of records, as each tile holds only what falls in it and is drawn once. Clicks are matched
 * to the nearest point of the tile under the cursor (`pointAt`), so a popup can say what it is.
 */
export class PointTileLayer extends L.GridLayer {
  declare options: PointTileLayerOptions;
  private readonly points = new Map<string, TilePoint[]>();
  private readonly requests = new Map<string, AbortController>();
  /** Loaded tiles the server cut to its most features: zooming in shows what they left out. */
  private readonly capped = new Set<string>();

  constructor(options: PointTileLayerOptions) {
    super(options);
    L.Util.setOptions(this, options);
    this.on('tileunload', (event: L.TileEvent) => {
      const key = tileKey(event.coords);
      this.requests.get(key)?.abort();
      this.requests.delete(key);
      this.points.delete(key);
      this.markCapped(key, false);
    });
  }

  override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    const key = tileKey(coords);
    const controller = new AbortController();
    this.requests.set(key, controller);
    const url = L.Util.template(this.options.template, { x: coords.x, y: coords.y, z: coords.z });
    void fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        if (response.status === 204) return [];
        if (!response.ok) throw new Error(`tile ${key}: HTTP ${response.status}`);
        this.markCapped(key, response.headers.get('x-tile-capped') === 'true');
        return readPoints(await response.arrayBuffer(), size);
      })
      .then((points) => {
        this.points.set(key, points);
        draw(canvas, points, ratio, this.options.colorOf);
        canvas.dataset.points = String(points.length);
        done(undefined, canvas);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof Error ? error : new Error(String(error));
        this.options.onTileError?.(failure);
        done(failure, canvas);
      })
      .finally(() => {
        if (this.requests.get(key) === controller) this.requests.delete(key);
      });
    return canvas;
  }

  private markCapped(key: string, capped: boolean): void {
    if (capped === this.capped.has(key)) return;
    if (capped) this.capped.add(key);
    else this.capped.delete(key);
    this.options.onCappedChange?.(this.capped.size);
  }

  /** The loaded point nearest to a place on the map, if one is drawn under it. */
  pointAt(latlng: L.LatLng): { latlng: L.LatLng; properties: TileProperties } | null {
    const map = (this as unknown as { _map?: L.Map })._map;
    if (!map) return null;
    const zoom = Math.round(map.getZoom());
    const size = this.getTileSize();
    const pixel = map.project(latlng, zoom);
    const tile = { x: Math.floor(pixel.x / size.x), y: Math.floor(pixel.y / size.y), z: zoom };
    const localX = pixel.x - tile.x * size.x;
    const localY = pixel.y - tile.y * size.y;
    let best: TilePoint | null = null;
    let bestDistance = HIT_RADIUS * HIT_RADIUS;
    for (const point of this.points.get(tileKey(tile as L.Coords)) ?? []) {
      const distance = (point.x - localX) ** 2 + (point.y - localY) ** 2;
      if (distance <= bestDistance) {
        best = point;
        bestDistance = distance;
      }
    }
    if (!best) return null;
    const at = map.unproject([tile.x * size.x + best.x, tile.y * size.y + best.y], zoom);
    return { latlng: at, properties: best.properties };
  }
}

function readPoints(bytes: ArrayBuffer, size: L.Point): TilePoint[] {
  const tile = new VectorTile(new PbfReader(bytes));
  const points: TilePoint[] = [];
  for (const layer of Object.values(tile.layers)) {
    for (let index = 0; index < layer.length; index += 1) {
      const feature = layer.feature(index);
      for (const ring of feature.loadGeometry()) {
        for (const point of ring) {
          points.push({
            x: (point.x / layer.extent) * size.x,
            y: (point.y / layer.extent) * size.y,
            properties: feature.properties,
          });
        }
      }
    }
  }
  return points;
}

function draw(
  canvas: HTMLCanvasElement,
  points: TilePoint[],
  ratio: number,
  colorOf: (properties: TileProperties) => string,
): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.scale(ratio, ratio);
  context.lineWidth = 1.5;
  context.strokeStyle = '#ffffff';
  context.globalAlpha = 0.9;
  for (const point of points) {
    context.beginPath();
    context.arc(point.x, point.y, RADIUS, 0, 2 * Math.PI);
    context.fillStyle = colorOf(point.properties);
    context.fill();
    context.stroke();
  }
}
