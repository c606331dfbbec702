import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REFERENCE_SITES } from '../../db/seeds/reference-sites';
import { connect, given, PLACES, point, rows, services, type Point } from '../support/given';

const CALAIS = '62193';
const COQUELLES = '62239';
const GRANDE_SYNTHE = '59271';

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
});

afterAll(async () => {
  await dataSource.destroy();
});

interface BorderPoints {
  calaisSide: Point;
  coquellesSide: Point;
  /** Metres between the two points. */
  distanceM: number;
  /** Metres from each point to the other commune. */
  calaisSideToCoquellesM: number;
  coquellesSideToCalaisM: number;
}

/**
 * Two points a few metres apart on either side of the Calais–Coquelles border, found with PostGIS:
 * a point of the shared boundary, then inside each commune the point on surface of the part of a
 * 10 m disc around it that the commune covers.
 */
async function calaisCoquellesBorder(): Promise<BorderPoints> {
  const [found]: {
    calais_side: string;
    coquelles_side: string;
    distance_m: number;
    calais_to_coquelles_m: number;
    coquelles_to_calais_m: number;
  }[] = await dataSource.query(
    `WITH calais AS (SELECT geometry AS g FROM communes WHERE code = $1),
          coquelles AS (SELECT geometry AS g FROM communes WHERE code = $2),
          border AS (
            SELECT ST_PointOnSurface(ST_Intersection(
                     ST_Buffer(calais.g::geography, 1)::geometry,
                     ST_Buffer(coquelles.g::geography, 1)::geometry)) AS p
              FROM calais, coquelles),
          disc AS (SELECT ST_Buffer(border.p::geography, 10)::geometry AS d FROM border),
          sides AS (
            SELECT ST_PointOnSurface(ST_Intersection(calais.g, disc.d)) AS calais_side,
                   ST_PointOnSurface(ST_Intersection(coquelles.g, disc.d)) AS coquelles_side
              FROM calais, coquelles, disc)
     SELECT ST_AsGeoJSON(sides.calais_side) AS calais_side,
            ST_AsGeoJSON(sides.coquelles_side) AS coquelles_side,
            ST_Distance(sides.calais_side::geography, sides.coquelles_side::geography) AS distance_m,
            ST_Distance(sides.calais_side::geography, coquelles.g::geography) AS calais_to_coquelles_m,
            ST_Distance(sides.coquelles_side::geography, calais.g::geography) AS coquelles_to_calais_m
       FROM sides, calais, coquelles`,
    [CALAIS, COQUELLES],
  );
  if (!found) throw new Error('Calais and Coquelles are not both seeded');
  return {
    calaisSide: JSON.parse(found.calais_side) as Point,
    coquellesSide: JSON.parse(found.coquelles_side) as Point,
    distanceM: found.distance_m,
    calaisSideToCoquellesM: found.calais_to_coquelles_m,
    coquellesSideToCalaisM: found.coquelles_to_calais_m,
  };
}

async function communesContaining(location: Point): Promise<string[]> {
  const found: { code: string }[] = await dataSource.query(
    `SELECT code FROM communes WHERE ST_Intersects(geometry, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))`,
    [JSON.stringify(location)],
  );
  return found.map((row) => row.code);
}

describe('commune derivation', () => {
  describe('observations', () => {
    it('derives Calais and the calaisis area for a point inside Calais', async () => {
      const observation = await given.observation(dataSource, { location: PLACES.calais });

      expect(observation.communeCode).toBe(CALAIS);
      expect(observation.area).toBe('calaisis');
      const row = await rows.observation(dataSource, observation.id);
      expect(row).toMatchObject({ commune_code: CALAIS, area: 'calaisis' });
    });

    it('derives the dunkerquois area for a point inside Grande-Synthe', async () => {
      const observation = await given.observation(dataSource, { location: PLACES.grandeSynthe });

      expect(observation).toMatchObject({ communeCode: GRANDE_SYNTHE, area: 'dunkerquois' });
    });

    it('puts points a few metres apart on each side of the Calais–Coquelles border in their own commune', async () => {
      const border = await calaisCoquellesBorder();
      // The points really are a few metres apart, each strictly inside its own commune.
      expect(border.distanceM).toBeGreaterThan(0.5);
      expect(border.distanceM).toBeLessThan(25);
      expect(border.calaisSideToCoquellesM).toBeGreaterThan(0.05);
      expect(border.coquellesSideToCalaisM).toBeGreaterThan(0.05);

      const calaisSide = await given.observation(dataSource, { location: border.calaisSide });
      const coquellesSide = await given.observation(dataSource, { location: border.coquellesSide });

      expect(calaisSide).toMatchObject({ communeCode: CALAIS, area: 'calaisis' });
      expect(coquellesSide).toMatchObject({ communeCode: COQUELLES, area: 'calaisis' });
    });

    it('leaves commune and area null for a point at sea', async () => {
      expect(await communesContaining(PLACES.sea)).toEqual([]);

      const observation = await given.observation(dataSource, { location: PLACES.sea });

      expect(observation.communeCode).toBeNull();
      expect(observation.area).toBeNull();
      expect(await rows.observation(dataSource, observation.id)).toMatchObject({
        commune_code: null,
        area: null,
      });
    });

    it('leaves commune and area null for a point on land outside every seeded commune (Lille)', async () => {
      const lille = point(3.0573, 50.6292);
      expect(await communesContaining(lille)).toEqual([]);

      const observation = await given.observation(dataSource, { location: lille });

      expect(observation).toMatchObject({ communeCode: null, area: null });
    });

    it('derives the commune again when a patch moves the location', async () => {
      const observation = await given.observation(dataSource, { location: PLACES.calais });

      const moved = await services(dataSource).observations.patch(observation.id, {
        version: observation.version,
        location: PLACES.grandeSynthe,
      });

      expect(moved).toMatchObject({ communeCode: GRANDE_SYNTHE, area: 'dunkerquois' });
      expect(await rows.observation(dataSource, observation.id)).toMatchObject({
        commune_code: GRANDE_SYNTHE,
        area: 'dunkerquois',
      });
    });

    it('clears the commune when a whole-record update moves the location out to sea', async () => {
      const observation = await given.observation(dataSource, { location: PLACES.calais });

      const moved = await services(dataSource).observations.replace(observation.id, {
        kind: observation.kind,
        startedAt: observation.startedAt,
        location: PLACES.sea,
        version: observation.version,
      });

      expect(moved).toMatchObject({ communeCode: null, area: null });
    });

    it('keeps the derived commune when a patch does not touch the location', async () => {
      const observation = await given.observation(dataSource, { location: PLACES.grandeSynthe });

      const patched = await services(dataSource).observations.patch(observation.id, {
        version: observation.version,
        arrests: 2,
      });

      expect(patched).toMatchObject({ communeCode: GRANDE_SYNTHE, area: 'dunkerquois', arrests: 2 });
    });
  });

  describe('sites', () => {
    it('derives the commune and area of a site from its location', async () => {
      const site = await given.site(dataSource, { location: PLACES.grandeSynthe });

      expect(site).toMatchObject({ communeCode: GRANDE_SYNTHE, area: 'dunkerquois' });
      expect(await rows.site(dataSource, site.id)).toMatchObject({
        commune_code: GRANDE_SYNTHE,
        area: 'dunkerquois',
      });
    });

    it('puts sites on each side of the Calais–Coquelles border in their own commune', async () => {
      const border = await calaisCoquellesBorder();

      const calaisSide = await given.site(dataSource, { location: border.calaisSide });
      const coquellesSide = await given.site(dataSource, { location: border.coquellesSide });

      expect(calaisSide.communeCode).toBe(CALAIS);
      expect(coquellesSide.communeCode).toBe(COQUELLES);
    });

    it('leaves the commune of a site at sea null', async () => {
      const site = await given.site(dataSource, { location: PLACES.sea });

      expect(site).toMatchObject({ communeCode: null, area: null });
    });

    it('derives the commune again when the site moves', async () => {
      const site = await given.site(dataSource, { location: PLACES.calais });

      const moved = await services(dataSource).sites.patch(site.id, {
        version: site.version,
        location: PLACES.grandeSynthe,
      });

      expect(moved).toMatchObject({ communeCode: GRANDE_SYNTHE, area: 'dunkerquois' });
    });

    it.each(REFERENCE_SITES.map((site) => [site.name, site] as const))(
      'puts the reference site %s in its expected commune',
      async (_name, reference) => {
        const row = await rows.site(dataSource, reference.id);
        const [commune]: { area: string }[] = await dataSource.query(
          `SELECT area FROM communes WHERE code = $1`,
          [reference.expectedCommune],
        );

        expect(row?.commune_code).toBe(reference.expectedCommune);
        expect(row?.area).toBe(commune?.area);
      },
    );
  });
});
