import { describe, expect, it } from 'vitest';
import {
  caseMapFrame,
  caseMapSvg,
  circleRadius,
  escapeXml,
  GEODATA_ATTRIBUTION,
  mapSvg,
  projectOutlines,
  roundDistance,
} from './map';

const square = (x: number, y: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

describe('mapSvg', () => {
  it('gives circles an area proportional to the count', () => {
    expect(circleRadius(100, 100, 16)).toBe(16);
    expect(circleRadius(25, 100, 16)).toBe(8);
    expect(circleRadius(0, 100, 16)).toBe(0);
  });

  it('draws the communes, one circle per point inside the frame, a legend and the licence', () => {
    const svg = mapSvg(
      [
        { code: 'a', name: 'Calais', highlighted: true, geometry: square(0, 0, 10_000) },
        { code: 'b', name: 'Marck & <Co>', highlighted: false, geometry: square(10_000, 0, 10_000) },
      ],
      [
        { x: 5_000, y: 5_000, count: 9 },
        { x: 15_000, y: 9_000, count: 1 },
      ],
      { width: 400, height: 200, legendTitle: 'Expulsions par lieu', formatCount: String },
    ).markup;
    expect(svg.match(/<path /g)).toHaveLength(2);
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/g)];
    // Two on the map (largest first), then the legend's reference circles.
    expect(circles.slice(0, 2).map((match) => Number(match[3]))).toEqual([16, 5.3]);
    for (const [, cx, cy] of circles.slice(0, 2)) {
      expect(Number(cx)).toBeGreaterThan(0);
      expect(Number(cx)).toBeLessThan(400 - 150);
      expect(Number(cy)).toBeGreaterThan(0);
      expect(Number(cy)).toBeLessThan(200);
    }
    // North is up: the point at y = 9 000 is drawn above the one at y = 5 000.
    expect(Number(circles[1]![2])).toBeLessThan(Number(circles[0]![2]));
    expect(svg).toContain('Marck &amp; &lt;Co&gt;');
    expect(svg).toContain(escapeXml(GEODATA_ATTRIBUTION));
    expect(svg).toContain('Expulsions par lieu');
  });

  it('draws the same map from outlines projected once as from the communes', () => {
    const communes = [
      { code: 'a', name: 'Calais', highlighted: true, geometry: square(0, 0, 10_000) },
      { code: 'b', name: 'Gravelines', highlighted: true, geometry: square(10_000, 0, 10_000) },
    ];
    const options = { width: 400, height: 200, legendTitle: 'Légende', formatCount: String };
    const outlines = projectOutlines(communes, options);
    for (const points of [[{ x: 5_000, y: 5_000, count: 9 }], [{ x: 15_000, y: 2_000, count: 40 }], []]) {
      expect(mapSvg(outlines, points, options).markup).toBe(mapSvg(communes, points, options).markup);
    }
    expect(() => mapSvg(outlines, [], { ...options, width: 500 })).toThrow(/another frame/);
  });
});

describe('caseMapSvg', () => {
  const options = {
    width: 640,
    height: 420,
    legend: { perimeter: 'Périmètre <i>', observation: 'Observation', incident: 'Incident' },
    formatDistance: (metres: number) => `${metres} m`,
  };

  it('frames the perimeter and the records with a margin, and at least 2 km across', () => {
    expect(caseMapFrame(null, [])).toBeNull();
    expect(caseMapFrame(null, [{ x: 10_000, y: 20_000 }])).toEqual({
      minX: 9_000,
      minY: 19_000,
      maxX: 11_000,
      maxY: 21_000,
    });
    expect(caseMapFrame(square(0, 0, 10_000), [{ x: 12_000, y: 5_000 }])).toEqual({
      minX: -1_800,
      minY: -1_800,
      maxX: 13_800,
      maxY: 11_800,
    });
    expect([roundDistance(80), roundDistance(430), roundDistance(2_600)]).toEqual([50, 200, 2_000]);
  });

  it('draws the communes around (named), the perimeter and one numbered marker per record, in the frame', () => {
    const svg = caseMapSvg(
      [{ code: 'a', name: 'Calais & <Co>', highlighted: false, geometry: square(-20_000, -20_000, 60_000) }],
      square(0, 0, 2_000),
      [
        { x: 500, y: 500, label: '1', kind: 'observation' },
        { x: 1_500, y: 1_800, label: 'I1', kind: 'incident' },
        // Outside the perimeter: the frame still takes it in.
        { x: 4_000, y: -1_000, label: '2', kind: 'observation' },
      ],
      options,
    )!.markup;
    expect(svg).toContain('class="map case-map"');
    expect(svg.match(/<g class="perimeter"><path /g)).toHaveLength(1);
    expect(svg).toContain('Calais &amp; &lt;Co&gt;');
    expect(svg).toContain('Périmètre &lt;i&gt;');
    const markers = [
      ...svg.matchAll(
        /<g class="marker (\w+)">.*?<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<\/text><\/g>/g,
      ),
    ];
    expect(markers.map((match) => [match[1], match[4]])).toEqual([
      ['observation', '1'],
      ['incident', 'I1'],
      ['observation', '2'],
    ]);
    for (const [, , x, y] of markers) {
      expect(Number(x)).toBeGreaterThan(0);
      expect(Number(x)).toBeLessThan(640 - 150);
      expect(Number(y)).toBeGreaterThan(0);
      expect(Number(y)).toBeLessThan(420);
    }
    // North is up: the incident (y = 1 800) is above the first observation (y = 500).
    expect(Number(markers[1]![3])).toBeLessThan(Number(markers[0]![3]));
    expect(svg).toMatch(/<g class="scale"[^>]*>.*?<text[^>]*>\d+ m<\/text>/);
    expect(svg).toContain(escapeXml(GEODATA_ATTRIBUTION));
  });

  it('draws nothing without a perimeter or a located record', () => {
    expect(caseMapSvg([], null, [], options)).toBeNull();
  });
});
