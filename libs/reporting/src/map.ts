import { geoIdentity, geoPath } from 'd3-geo';
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

export function mapSvg(
  communes: readonly MapCommune[],
  points: readonly MapPoint[],
  options: MapOptions,
): TrustedMarkup {
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
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<g class="communes">',
  ];
  for (const commune of communes) {
    const d = path(commune.geometry);
    if (!d) continue;
    const fill = commune.highlighted ? '#e3e9f0' : '#f4f4f4';
    parts.push(
      `<path d="${d}" fill="${fill}" stroke="#9aa5b1" stroke-width="0.5"><title>${escapeXml(commune.name)}</title></path>`,
    );
  }
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
