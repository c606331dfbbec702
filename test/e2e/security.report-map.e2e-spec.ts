import { mapSvg } from '@vigie/reporting';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportComposerRepository } from '../../apps/api/src/reports/composer/report-composer.repository';
import type { MapPoint } from '../../apps/api/src/stats/stats.repository';
import { type ApiClient, createObservation, signedInAs, useApi } from '../support/e2e-api';

/*
 * Issue 10, item 2, from the reader's side: the report preview (the HTML the PDF is printed from)
 * as communication, for July 2043 (a month no other test file writes to). One eviction alone at a
 * precise point of Calais must not be drawn at (or in the cell of) that point, and the three
 * evictions of one 500 m cell of Grande-Synthe are drawn at the cell's centre.
 */

const api = useApi();
const JULY = 'from=2043-07-01&to=2043-07-31';
const GRID = 500;

interface Metres {
  x: number;
  y: number;
}

let communication: ApiClient;
let repository: ReportComposerRepository;
let lonePlace: Metres;
let crowdedCell: Metres;
let calaisPoint: Metres;

async function lambert(lon: number, lat: number): Promise<Metres> {
  const [row] = (await api.dataSource.query(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 2154) p`,
    [lon, lat],
  )) as Metres[];
  return row as Metres;
}

async function wgs84({ x, y }: Metres): Promise<[number, number]> {
  const [row] = (await api.dataSource.query(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 2154), 4326) p`,
    [x, y],
  )) as { lon: number; lat: number }[];
  return [row?.lon as number, row?.lat as number];
}

async function validated(coordinates: [number, number], day: number): Promise<void> {
  const record = await createObservation(api, {
    startedAt: `2043-07-${String(day).padStart(2, '0')}T06:00:00+02:00`,
    endedAt: null,
    location: { type: 'Point', coordinates },
  });
  expect((await api.post(`/api/observations/${record.id}/submit`)).status).toBe(200);
  expect((await api.post(`/api/observations/${record.id}/validate`)).status).toBe(200);
}

function sitesGroup(html: string): string {
  const map = /<svg[^>]*class="map"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  return /<g class="sites">[\s\S]*?<\/g>/.exec(map)?.[0] ?? '';
}

/** The circles mapSvg draws for these points, on the frame of the report's whole-territory map. */
async function drawn(points: MapPoint[]): Promise<string[]> {
  const communes = (await repository.communeOutlines()).map((commune) => ({ ...commune, highlighted: true }));
  const svg = mapSvg(communes, points, { width: 640, height: 330, legendTitle: '', formatCount: String });
  return sitesGroup(svg.markup).match(/<circle cx="[^"]+" cy="[^"]+"/g) ?? [];
}

beforeAll(async () => {
  communication = await signedInAs(api, 'communication');
  repository = new ReportComposerRepository(api.dataSource);
  // Lone: 1.2 km south-west of central Calais, 170 m and 140 m off its cell's corner.
  const calais = await lambert(1.8587, 50.9513);
  lonePlace = {
    x: Math.floor(calais.x / GRID) * GRID - 1000 + 170,
    y: Math.floor(calais.y / GRID) * GRID - 700 + 140,
  };
  await validated(await wgs84(lonePlace), 3);
  const grandeSynthe = await lambert(2.303, 51.0136);
  crowdedCell = {
    x: (Math.floor(grandeSynthe.x / GRID) + 0.5) * GRID,
    y: (Math.floor(grandeSynthe.y / GRID) + 0.5) * GRID,
  };
  for (const [day, dx, dy] of [
    [5, -120, 90],
    [6, 140, -60],
    [7, 30, 180],
  ] as const) {
    await validated(await wgs84({ x: crowdedCell.x + dx, y: crowdedCell.y + dy }), day);
  }
  const [row] = (await api.dataSource.query(
    `SELECT round(ST_X(p))::float8 AS x, round(ST_Y(p))::float8 AS y
       FROM communes, ST_Transform(ST_PointOnSurface(geometry), 2154) p WHERE code = '62193'`,
  )) as Metres[];
  calaisPoint = row as Metres;
});

describe('report preview map (communication)', () => {
  it('draws a lone eviction at its commune, a crowded cell at its centre, nothing at a recorded place', async () => {
    const response = await fetch(`${api.baseUrl}/api/reports/preview?kind=monthly-note&${JULY}&lang=fr`, {
      headers: { authorization: `Bearer ${communication.token}` },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('au centre d’une maille de 500 m, jamais à la position relevée');
    const printed = sitesGroup(html).match(/<circle cx="[^"]+" cy="[^"]+"/g) ?? [];

    expect(printed).toEqual(
      await drawn([
        { ...crowdedCell, count: 3 },
        { ...calaisPoint, count: 1 },
      ]),
    );
    // Where a map of recorded positions would draw the lone eviction, or its cell's centre.
    const [, atPlace, atCell] = await drawn([
      { ...crowdedCell, count: 3 },
      { ...lonePlace, count: 1 },
      {
        x: (Math.floor(lonePlace.x / GRID) + 0.5) * GRID,
        y: (Math.floor(lonePlace.y / GRID) + 0.5) * GRID,
        count: 1,
      },
    ]);
    expect(printed).not.toContain(atPlace);
    expect(printed).not.toContain(atCell);
    expect(Math.hypot(lonePlace.x - calaisPoint.x, lonePlace.y - calaisPoint.y)).toBeGreaterThan(1000);
  });
});
