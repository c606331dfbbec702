import { describe, expect, it } from 'vitest';
import { circleRadius, escapeXml, GEODATA_ATTRIBUTION, mapSvg } from './map';

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
});
