import { type GeoIdentityTransform, geoIdentity, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { TrustedMarkup } from './trusted-markup';

/*
 * The territory map as inline SVG. Geometries arrive already projected to Lambert-93 (EPSG:2154,
 * metres, done by PostGIS), so the drawing is planar: a y-flip and a fit to the frame, no spherical
 * maths and no winding-order pitfalls.
 */

/** Attribution required by the licence of the commune outlines (db/seeds/README.md). */
export const GEODATA_ATTRIBUTION =
  'Contours : IGN Admin Express ; codes : INSEE COG — Licence Ouverte Etalab';

export interface MapCommune {
  code: string;
  name: string;
  /** Whether the commune is in the report's area (drawn darker). */
  highlighted: boolean;
  /** Lambert-93 outline. */
  geometry: Polygon | MultiPolygon;
}

export interface MapPoint {
  /** Lambert-93 coordinates of the site (or of the place, for observations without a site). */
  x: number;
  y: number;
  count: number;
}

export interface MapOptions {
  width: number;
  height: number;
  /** Legend title, e.g. "Expulsions par lieu de vie" (plain text: escaped here). */
  legendTitle: string;
  /** Format of a count in the document's language. */
  formatCount: (count: number) => string;
  maxRadius?: number;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text placed in SVG markup, escaped (commune names and labels come from data). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Circle areas proportional to the count: radius ∝ √count. */
export function circleRadius(count: number, maxCount: number, maxRadius: number): number {
  if (count <= 0 || maxCount <= 0) return 0;
  return Math.max(1.5, maxRadius * Math.sqrt(count / maxCount));
}

/**
 * The communes of a territory map drawn once: the projection fitted to them and their outlines as
 * SVG paths. Outlines are reference data, the same for every report and every reader, so the
 * composer keeps one per territory (all areas, or one area) and frame; only the points change.
 */
export interface ProjectedOutlines {
  width: number;
  height: number;
  maxRadius: number;
  projection: GeoIdentityTransform;
  /** The `<path>` elements of the communes, in order. */
  paths: string;
}

export function projectOutlines(
  communes: readonly MapCommune[],
  options: Pick<MapOptions, 'width' | 'height' | 'maxRadius'>,
): ProjectedOutlines {
  const { width, height } = options;
  const maxRadius = options.maxRadius ?? 16;
  const legendWidth = 150;
  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: communes.map((commune): Feature<Polygon | MultiPolygon> => ({
      type: 'Feature',
      properties: {},
      geometry: commune.geometry,
    })),
  };
  const projection = geoIdentity()
    .reflectY(true)
    .fitExtent(
      [
        [maxRadius, maxRadius],
        [width - legendWidth - maxRadius, height - 20 - maxRadius],
      ],
      collection,
    );
  const path = geoPath(projection);
  const parts: string[] = [];
  for (const commune of communes) {
    const d = path(commune.geometry);
    if (!d) continue;
    const fill = commune.highlighted ? '#e3e9f0' : '#f4f4f4';
    parts.push(
      `<path d="${d}" fill="${fill}" stroke="#9aa5b1" stroke-width="0.5"><title>${escapeXml(commune.name)}</title></path>`,
    );
  }
  return { width, height, maxRadius, projection, paths: parts.join('') };
}

/**
 * The territory map: the communes (or outlines already projected for this frame) and the points,
 * sized by count, with a legend and the licence of the outlines.
 */
export function mapSvg(
  communes: readonly MapCommune[] | ProjectedOutlines,
  points: readonly MapPoint[],
  options: MapOptions,
): TrustedMarkup {
  const { width, height } = options;
  const maxRadius = options.maxRadius ?? 16;
  const legendWidth = 150;
  const outlines = 'paths' in communes ? communes : projectOutlines(communes, options);
  if (outlines.width !== width || outlines.height !== height || outlines.maxRadius !== maxRadius) {
    throw new Error('mapSvg: the outlines were projected for another frame');
  }
  const { projection } = outlines;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<g class="communes">',
    outlines.paths,
  ];
  parts.push('</g><g class="sites">');
  const maxCount = Math.max(0, ...points.map((point) => point.count));
  // Largest first, so that small circles stay visible on top.
  for (const point of [...points].sort((a, b) => b.count - a.count)) {
    const projected = projection([point.x, point.y]);
    if (!projected) continue;
    const radius = circleRadius(point.count, maxCount, maxRadius);
    parts.push(
      `<circle cx="${round(projected[0])}" cy="${round(projected[1])}" r="${round(radius)}" ` +
        'fill="#c0392b" fill-opacity="0.55" stroke="#7b241c" stroke-width="0.6"/>',
    );
  }
  parts.push('</g>');
  parts.push(legend(maxCount, maxRadius, width - legendWidth + 10, options));
  parts.push(
    `<text x="${width - 4}" y="${height - 4}" text-anchor="end" font-family="Noto Sans" font-size="7" fill="#555">` +
      `${escapeXml(GEODATA_ATTRIBUTION)}</text>`,
    '</svg>',
  );
  return new TrustedMarkup(parts.join(''));
}

function legend(maxCount: number, maxRadius: number, x: number, options: MapOptions): string {
  const parts = [
    `<g class="legend" font-family="Noto Sans" font-size="8" fill="#222">`,
    `<text x="${x}" y="14" font-weight="bold">${escapeXml(options.legendTitle)}</text>`,
  ];
  const steps = [...new Set([maxCount, Math.round(maxCount / 4), 1].filter((n) => n > 0))];
  let y = 26;
  for (const count of steps) {
    const radius = circleRadius(count, maxCount, maxRadius);
    y += radius;
    parts.push(
      `<circle cx="${x + maxRadius}" cy="${round(y)}" r="${round(radius)}" fill="#c0392b" fill-opacity="0.55" stroke="#7b241c" stroke-width="0.6"/>`,
      `<text x="${x + 2 * maxRadius + 6}" y="${round(y + 3)}">${escapeXml(options.formatCount(count))}</text>`,
    );
    y += radius + 6;
  }
  parts.push('</g>');
  return parts.join('');
}

/** A numbered record on a case's map: an observation or an incident, at its own position. */
export interface CaseMapMarker {
  /** Lambert-93 coordinates. */
  x: number;
  y: number;
  /** What the tables call it, e.g. `1` or `I1`. */
  label: string;
  kind: 'observation' | 'incident';
}

export interface CaseMapOptions {
  width: number;
  height: number;
  /** Legend texts in the document's language (plain text: escaped here). */
  legend: { perimeter: string; observation: string; incident: string };
  /** A distance in the document's language, for the scale bar (`500 m`, `2 km`). */
  formatDistance: (metres: number) => string;
}

/** A rectangle in Lambert-93 metres. */
export interface MapFrame {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function positions(geometry: Polygon | MultiPolygon): number[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
}

/**
 * What a case's map shows: the perimeter and the records, with a margin (15 %, at least 400 m)
 * and at least 2 km across, so that a lone point still shows the streets and communes around it.
 * Null when there is nothing to place.
 */
export function caseMapFrame(
  perimeter: Polygon | MultiPolygon | null,
  markers: readonly Pick<CaseMapMarker, 'x' | 'y'>[],
): MapFrame | null {
  const points = [...(perimeter ? positions(perimeter) : []), ...markers.map((m) => [m.x, m.y])];
  if (points.length === 0) return null;
  const xs = points.map((point) => point[0] as number);
  const ys = points.map((point) => point[1] as number);
  let [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const margin = Math.max(400, 0.15 * Math.max(maxX - minX, maxY - minY));
  minX -= margin;
  maxX += margin;
  minY -= margin;
  maxY += margin;
  for (const [low, high] of [
    ['minX', 'maxX'],
    ['minY', 'maxY'],
  ] as const) {
    const frame = { minX, maxX, minY, maxY };
    const missing = 2000 - (frame[high] - frame[low]);
    if (missing > 0) {
      frame[low] -= missing / 2;
      frame[high] += missing / 2;
      ({ minX, maxX, minY, maxY } = frame);
    }
  }
  return { minX, minY, maxX, maxY };
}

/** The frame as a polygon, for fitting the projection. */
function framePolygon(frame: MapFrame): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [frame.minX, frame.minY],
        [frame.maxX, frame.minY],
        [frame.maxX, frame.maxY],
        [frame.minX, frame.maxY],
        [frame.minX, frame.minY],
      ],
    ],
  };
}

/** A round distance (1, 2 or 5 × 10^n metres) close to `metres`, for the scale bar. */
export function roundDistance(metres: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(metres, 1)));
  const step = [5, 2, 1].find((factor) => factor * power <= metres) ?? 1;
  return step * power;
}

const PERIMETER_STYLE =
  'fill="#c0392b" fill-opacity="0.12" stroke="#c0392b" stroke-width="1.4" stroke-dasharray="5 3"';
const OBSERVATION_FILL = '#1f4e79';
const INCIDENT_FILL = '#b9770e';

function markerShape(kind: CaseMapMarker['kind'], cx: number, cy: number, size: number): string {
  if (kind === 'observation') {
    return `<circle cx="${round(cx)}" cy="${round(cy)}" r="${size}" fill="${OBSERVATION_FILL}" stroke="#fff" stroke-width="1"/>`;
  }
  return (
    `<rect x="${round(cx - size)}" y="${round(cy - size)}" width="${2 * size}" height="${2 * size}" ` +
    `fill="${INCIDENT_FILL}" stroke="#fff" stroke-width="1"/>`
  );
}

/**
 * The map of a case dossier: the communes around (named), the challenged act's perimeter, and the
 * linked observations and incidents as numbered markers (the numbers of the dossier's tables), with
 * a legend, a scale bar and the licence of the outlines. Lambert-93 in, planar drawing out, clipped
 * to the frame.
 */
export function caseMapSvg(
  communes: readonly MapCommune[],
  perimeter: Polygon | MultiPolygon | null,
  markers: readonly CaseMapMarker[],
  options: CaseMapOptions,
): TrustedMarkup | null {
  const frame = caseMapFrame(perimeter, markers);
  if (!frame) return null;
  const { width, height } = options;
  const legendWidth = 150;
  const mapWidth = width - legendWidth;
  const mapHeight = height - 16;
  const projection = geoIdentity()
    .reflectY(true)
    .fitExtent(
      [
        [4, 4],
        [mapWidth - 4, mapHeight - 4],
      ],
      framePolygon(frame),
    )
    .clipExtent([
      [0, 0],
      [mapWidth, mapHeight],
    ]);
  const path = geoPath(projection);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="map case-map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0" y="0" width="${mapWidth}" height="${mapHeight}" fill="#fbfbfb" stroke="#9aa5b1" stroke-width="0.5"/>`,
    '<g class="communes">',
  ];
  const names: string[] = [];
  for (const commune of communes) {
    const d = path(commune.geometry);
    if (!d) continue;
    parts.push(
      `<path d="${d}" fill="${commune.highlighted ? '#e3e9f0' : '#f1f1f1'}" stroke="#9aa5b1" stroke-width="0.6"><title>${escapeXml(commune.name)}</title></path>`,
    );
    const [cx, cy] = path.centroid(commune.geometry);
    if (Number.isFinite(cx) && cx > 30 && cx < mapWidth - 30 && cy > 12 && cy < mapHeight - 12) {
      names.push(
        `<text x="${round(cx)}" y="${round(cy)}" text-anchor="middle" font-family="Noto Sans" font-size="8" fill="#6b7785">${escapeXml(commune.name)}</text>`,
      );
    }
  }
  parts.push('</g><g class="commune-names">', ...names, '</g>');
  if (perimeter) {
    const d = path(perimeter);
    if (d) parts.push(`<g class="perimeter"><path d="${d}" ${PERIMETER_STYLE}/></g>`);
  }
  parts.push('<g class="records">');
  for (const marker of markers) {
    const projected = projection([marker.x, marker.y]);
    if (!projected) continue;
    const [cx, cy] = projected;
    if (cx < 0 || cx > mapWidth || cy < 0 || cy > mapHeight) continue;
    const size = marker.label.length > 2 ? 9 : 7;
    parts.push(
      `<g class="marker ${marker.kind}">${markerShape(marker.kind, cx, cy, size)}` +
        `<text x="${round(cx)}" y="${round(cy + 2.6)}" text-anchor="middle" font-family="Noto Sans" font-size="7" font-weight="bold" fill="#fff">${escapeXml(marker.label)}</text></g>`,
    );
  }
  parts.push('</g>');
  parts.push(scaleBar(projection.scale(), mapHeight, options));
  parts.push(caseLegend(mapWidth + 10, perimeter !== null, options));
  parts.push(
    `<text x="${width - 4}" y="${height - 4}" text-anchor="end" font-family="Noto Sans" font-size="7" fill="#555">` +
      `${escapeXml(GEODATA_ATTRIBUTION)}</text>`,
    '</svg>',
  );
  return new TrustedMarkup(parts.join(''));
}

/** A bar of a round distance at the bottom left; `pixelsPerMetre` is the projection's scale. */
function scaleBar(pixelsPerMetre: number, mapHeight: number, options: CaseMapOptions): string {
  const metres = roundDistance(80 / pixelsPerMetre);
  const length = round(metres * pixelsPerMetre);
  const y = mapHeight - 10;
  return (
    `<g class="scale" font-family="Noto Sans" font-size="7" fill="#222">` +
    `<rect x="10" y="${y}" width="${length}" height="3" fill="#222"/>` +
    `<text x="10" y="${y - 3}">${escapeXml(options.formatDistance(metres))}</text></g>`
  );
}

function caseLegend(x: number, withPerimeter: boolean, options: CaseMapOptions): string {
  const parts = [`<g class="legend" font-family="Noto Sans" font-size="8" fill="#222">`];
  let y = 14;
  if (withPerimeter) {
    parts.push(
      `<rect x="${x}" y="${y - 8}" width="16" height="10" ${PERIMETER_STYLE}/>`,
      `<text x="${x + 22}" y="${y}">${escapeXml(options.legend.perimeter)}</text>`,
    );
    y += 18;
  }
  parts.push(
    markerShape('observation', x + 8, y - 3, 6),
    `<text x="${x + 22}" y="${y}">${escapeXml(options.legend.observation)}</text>`,
  );
  y += 18;
  parts.push(
    markerShape('incident', x + 8, y - 3, 6),
    `<text x="${x + 22}" y="${y}">${escapeXml(options.legend.incident)}</text>`,
  );
  parts.push('</g>');
  return parts.join('');
}
