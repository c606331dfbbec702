import { mapSvg } from '@vigie/reporting';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CaseDossierComposer } from '../../apps/api/src/reports/composer/case-dossier/case-dossier-composer';
import { CaseDossierRepository } from '../../apps/api/src/reports/composer/case-dossier/case-dossier.repository';
import { LegalCasesRepository } from '../../apps/api/src/legal/cases/legal-cases.repository';
import { ReportComposer } from '../../apps/api/src/reports/composer/report-composer';
import { ReportComposerRepository } from '../../apps/api/src/reports/composer/report-composer.repository';
import { type MapPoint, type MapPrivacy, StatsRepository } from '../../apps/api/src/stats/stats.repository';
import { StatsService } from '../../apps/api/src/stats/stats.service';
import { connect, given, PLACES, type Point } from '../support/given';
import { TEST_ACTOR } from '../support/users';

/*
 * Issue 10, item 2: a report map never prints where an eviction was recorded. June 2029, a month no
 * other test file writes to: three evictions in one 500 m cell of Calais, one alone in another cell
 * of Calais, one at a site of Grande-Synthe. With the default minimum of 3, the first cell is drawn
 * at its centre and the two others at their commune's point on surface, never at their own place.
 */

const JUNE = { from: '2029-06-01', to: '2029-06-30', area: null } as const;
const GRID = 500;

let dataSource: DataSource;
let repository: ReportComposerRepository;
let stats: StatsService;
let composer: ReportComposer;

/** The points StatsService counts for the map of June, de-identified as the report's repository says. */
function mapPoints(privacy: MapPrivacy = repository.mapPrivacy): Promise<MapPoint[]> {
  return stats.mapPoints(TEST_ACTOR, { from: JUNE.from, to: JUNE.to }, privacy);
}

/** Lambert-93 (EPSG:2154) position of a WGS84 point. */
interface Metres {
  x: number;
  y: number;
}

let crowdedCell: Metres;
let lonePlace: Metres;
let lonePlaceCell: Metres;
let siteLocation: Metres;
let seaPlace: Metres;
let calaisPoint: Metres;
let grandeSynthePoint: Metres;
let grandeSyntheCode: string;
/** The commune nearest to the eviction at sea (outside every commune), and its point. */
let seaCommune: { code: string; point: Metres };

async function toLambert(point: Point): Promise<Metres> {
  const [row] = (await dataSource.query(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 2154) p`,
    [JSON.stringify(point)],
  )) as Metres[];
  return row as Metres;
}

async function toWgs84({ x, y }: Metres): Promise<Point> {
  const [row] = (await dataSource.query(
    `SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 2154), 4326), 15)::json AS point`,
    [x, y],
  )) as { point: Point }[];
  return (row as { point: Point }).point;
}

async function communePoint(code: string): Promise<Metres> {
  const [row] = (await dataSource.query(
    `SELECT round(ST_X(p))::float8 AS x, round(ST_Y(p))::float8 AS y
       FROM communes, ST_Transform(ST_PointOnSurface(geometry), 2154) p WHERE code = $1`,
    [code],
  )) as Metres[];
  return row as Metres;
}

const cellCentre = ({ x, y }: Metres): Metres => ({
  x: (Math.floor(x / GRID) + 0.5) * GRID,
  y: (Math.floor(y / GRID) + 0.5) * GRID,
});

const distance = (a: Metres, b: Metres) => Math.hypot(a.x - b.x, a.y - b.y);

/** Commune points with their counts (the eviction at sea added to its nearest commune), in map order. */
function communeCircles(counts: { code: string; point: Metres; count: number }[]): MapPoint[] {
  const byCode = new Map<string, MapPoint>();
  for (const { code, point, count } of [...counts, { ...seaCommune, count: 1 }]) {
    const known = byCode.get(code);
    byCode.set(code, { ...point, count: (known?.count ?? 0) + count });
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || a.x - b.x || a.y - b.y);
}

function validated(location: Point, day: number, siteId?: string): Promise<unknown> {
  return given.observationWithStatus(dataSource, 'validated', {
    startedAt: `2029-06-${String(day).padStart(2, '0')}T07:00:00+02:00`,
    location,
    ...(siteId ? { siteId } : {}),
  });
}

/** The `<g class="sites">` group of the composed map: the circles, as printed. */
function sitesGroup(html: string): string {
  const map = /<svg[^>]*class="map"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  return /<g class="sites">[\s\S]*?<\/g>/.exec(map)?.[0] ?? '';
}

/** The same group drawn by mapSvg for the given points, on the same frame as the report's map. */
async function drawn(points: MapPoint[]): Promise<string> {
  const communes = (await repository.communeOutlines()).map((commune) => ({ ...commune, highlighted: true }));
  const svg = mapSvg(communes, points, {
    width: 640,
    height: 330,
    legendTitle: '',
    formatCount: String,
  }).markup;
  return sitesGroup(svg);
}

function circles(group: string): { cx: string; cy: string }[] {
  return [...group.matchAll(/<circle cx="([^"]+)" cy="([^"]+)"/g)].map((m) => ({
    cx: m[1] as string,
    cy: m[2] as string,
  }));
}

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
  repository = new ReportComposerRepository(dataSource);
  stats = new StatsService(new StatsRepository(dataSource));
  composer = new ReportComposer(
    stats,
    repository,
    new CaseDossierComposer(
      new LegalCasesRepository(dataSource),
      new CaseDossierRepository(dataSource),
      repository,
    ),
  );

  const calais = await toLambert(PLACES.calais);
  crowdedCell = cellCentre(calais);
  // Three evictions in one cell, none at its centre.
  const crowded = [
    { x: crowdedCell.x - 180, y: crowdedCell.y - 130 },
    { x: crowdedCell.x + 150, y: crowdedCell.y - 170 },
    { x: crowdedCell.x + 60, y: crowdedCell.y - 190 },
  ];
  for (const [index, place] of crowded.entries()) await validated(await toWgs84(place), 2 + index);
  // One eviction alone, 1.5 km west and 1 km south, off its cell's centre.
  lonePlace = { x: crowdedCell.x - 1500 + 170, y: crowdedCell.y - 1000 - 160 };
  lonePlaceCell = cellCentre(lonePlace);
  await validated(await toWgs84(lonePlace), 10);
  // One eviction at a living site of Grande-Synthe (the site's position places it).
  const site = await given.site(dataSource, { location: PLACES.grandeSynthe });
  siteLocation = await toLambert(PLACES.grandeSynthe);
  await validated(PLACES.grandeSynthe, 12, site.id);
  // One eviction outside every commune (the sea off Calais): drawn at the nearest commune.
  seaPlace = await toLambert(PLACES.sea);
  await validated(PLACES.sea, 14);
  const [nearest] = (await dataSource.query(
    `SELECT code FROM communes ORDER BY geometry <-> ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) LIMIT 1`,
    [JSON.stringify(PLACES.sea)],
  )) as { code: string }[];
  seaCommune = {
    code: (nearest as { code: string }).code,
    point: await communePoint((nearest as { code: string }).code),
  };

  calaisPoint = await communePoint('62193');
  const [grandeSynthe] = (await dataSource.query(
    `SELECT commune_code AS code FROM observations WHERE site_id = $1`,
    [site.id],
  )) as { code: string }[];
  grandeSyntheCode = (grandeSynthe as { code: string }).code;
  grandeSynthePoint = await communePoint(grandeSyntheCode);
}, 120_000);

afterAll(async () => {
  await dataSource?.destroy();
});

describe('report map privacy', () => {
  it('sets up places that a leak would show: in Calais, far from the commune point', async () => {
    const [row] = (await dataSource.query(
      `SELECT commune_code FROM observations WHERE started_at = '2029-06-10T05:00:00Z'`,
    )) as { commune_code: string }[];
    expect(row?.commune_code).toBe('62193');
    const crowded = (await dataSource.query(
      `SELECT DISTINCT commune_code FROM observations WHERE started_at >= '2029-06-02' AND started_at < '2029-06-05'`,
    )) as { commune_code: string }[];
    expect(crowded).toEqual([{ commune_code: '62193' }]);
    expect(distance(lonePlace, calaisPoint)).toBeGreaterThan(1000);
    expect(distance(siteLocation, grandeSynthePoint)).toBeGreaterThan(300);
  });

  it('draws a cell with at least the minimum at its centre, smaller ones at their commune only', async () => {
    const points = await mapPoints();
    expect(points).toEqual(
      [
        { x: crowdedCell.x, y: crowdedCell.y, count: 3 },
        ...communeCircles([
          { code: '62193', point: calaisPoint, count: 1 },
          { code: grandeSyntheCode, point: grandeSynthePoint, count: 1 },
        ]),
      ].sort((a, b) => b.count - a.count || a.x - b.x || a.y - b.y),
    );
    // Nothing at, or in the cell of, the lone eviction, the site or the place at sea.
    for (const point of points) {
      expect(distance(point, lonePlace)).toBeGreaterThan(GRID);
      expect(distance(point, siteLocation)).toBeGreaterThan(GRID / 2);
      expect(distance(point, seaPlace)).toBeGreaterThan(GRID);
    }
    // The circles add up to the summary's total.
    const summary = await stats.summary(TEST_ACTOR, {
      from: JUNE.from,
      to: JUNE.to,
    });
    expect(points.reduce((sum, point) => sum + point.count, 0)).toBe(summary.evictions.total);
  });

  it('prints in the report SVG exactly those points, never the recorded positions', async () => {
    for (const kind of ['monthly-note', 'annual-report'] as const) {
      const { html } = await composer.compose({ kind, lang: 'fr', ...JUNE }, TEST_ACTOR);
      const printed = sitesGroup(html);
      expect(printed).toBe(await drawn(await mapPoints()));
      // Where a leaking map would put the lone eviction and the site (any count gives the same centre).
      const leaks = circles(
        await drawn([
          { ...crowdedCell, count: 3 },
          { ...lonePlace, count: 1 },
          { ...siteLocation, count: 1 },
          { ...seaPlace, count: 1 },
        ]),
      ).slice(1);
      for (const leak of leaks) {
        expect(circles(printed)).not.toContainEqual(leak);
      }
      expect(circles(printed)).toHaveLength((await mapPoints()).length);
    }
  });

  it('follows the configured minimum and grid: a lone eviction then sits at its cell centre', async () => {
    const perCell = new ReportComposerRepository(dataSource, {
      VIGIE_LOCATION_GRID_METRES: GRID,
      VIGIE_REPORT_MAP_MIN_COUNT: 1,
    });
    const points = await mapPoints(perCell.mapPrivacy);
    expect(points).toContainEqual({ ...lonePlaceCell, count: 1 });
    expect(points).toContainEqual({ ...cellCentre(siteLocation), count: 1 });
    for (const point of points) {
      expect(point.x % GRID).toBe(GRID / 2);
      expect(point.y % GRID).toBe(GRID / 2);
    }

    const strict = new ReportComposerRepository(dataSource, {
      VIGIE_LOCATION_GRID_METRES: GRID,
      VIGIE_REPORT_MAP_MIN_COUNT: 4,
    });
    expect(await mapPoints(strict.mapPrivacy)).toEqual(
      communeCircles([
        { code: '62193', point: calaisPoint, count: 4 },
        { code: grandeSyntheCode, point: grandeSynthePoint, count: 1 },
      ]),
    );
  });
});
