import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../project-root';
import { REFERENCE_SITES, SITE_NOTE_TO_CONFIRM } from './reference-sites';

export const COMMUNES_FILE = 'db/seeds/communes-littoral.geojson';

/**
 * Loads the 137 communes (idempotent: rows already equal are left untouched). Polygons become
 * MultiPolygons so that the column has one type.
 */
export async function seedCommunes(dataSource: DataSource): Promise<number> {
  const geojson = await readFile(join(projectRoot(), COMMUNES_FILE), 'utf8');
  const rows: { code: string }[] = await dataSource.query(
    `INSERT INTO communes AS c (code, name, department, epci_code, epci_name, area, population, geometry)
     SELECT f->'properties'->>'code',
            f->'properties'->>'nom',
            f->'properties'->>'departement',
            f->'properties'->>'epci',
            f->'properties'->>'epciNom',
            f->'properties'->>'area',
            (f->'properties'->>'population')::integer,
            ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
       FROM jsonb_array_elements($1::jsonb->'features') AS f
     ON CONFLICT (code) DO UPDATE
        SET name = excluded.name, department = excluded.department, epci_code = excluded.epci_code,
            epci_name = excluded.epci_name, area = excluded.area, population = excluded.population,
            geometry = excluded.geometry
      WHERE (c.name, c.department, c.epci_code, c.epci_name, c.area, c.population)
              IS DISTINCT FROM
            (excluded.name, excluded.department, excluded.epci_code, excluded.epci_name, excluded.area,
             excluded.population)
         OR NOT ST_Equals(c.geometry, excluded.geometry)
     RETURNING code`,
    [geojson],
  );
  return rows.length;
}

/** Inserts the well-known sites that are missing; never touches sites already there. */
export async function seedSites(dataSource: DataSource): Promise<number> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO sites (id, name, aliases, kind, status, location, notes)
     SELECT s.id, s.name, s.aliases, s.kind, s.status,
            ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), $2
       FROM jsonb_to_recordset($1::jsonb)
            AS s(id uuid, name text, aliases text[], kind text, status text, lon float8, lat float8)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        REFERENCE_SITES.map((site) => ({
          id: site.id,
          name: site.name,
          aliases: site.aliases,
          kind: site.kind,
          status: site.status,
          lon: site.position[0],
          lat: site.position[1],
        })),
      ),
      SITE_NOTE_TO_CONFIRM,
    ],
  );
  return rows.length;
}

export const FRANCE_FILE = 'db/seeds/france-50m.geojson';

/** 12 nautical miles: the territorial sea, part of the territory an act may cover. */
const TERRITORIAL_SEA_M = 22_224;

/**
 * Loads the outline of France with its territorial sea (idempotent). Each part is buffered on its
 * own: a geography buffer of a shape spanning several oceans would be drawn in a poor projection.
 */
export async function seedTerritories(dataSource: DataSource): Promise<number> {
  const geojson = await readFile(join(projectRoot(), FRANCE_FILE), 'utf8');
  const rows: { code: string }[] = await dataSource.query(
    `WITH source AS (
       SELECT f->'properties'->>'code' AS code, f->'properties'->>'name' AS name,
              ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326) AS land
         FROM jsonb_array_elements($1::jsonb->'features') AS f
     ), territory AS (
       SELECT s.code, s.name,
              ST_Multi(ST_Union(ST_Buffer(part.geom::geography, $2)::geometry)) AS geometry
         FROM source s, ST_Dump(s.land) AS part
        GROUP BY s.code, s.name
     )
     INSERT INTO territories AS t (code, name, geometry)
     SELECT code, name, geometry FROM territory
     ON CONFLICT (code) DO NOTHING
     RETURNING code`,
    [geojson, TERRITORIAL_SEA_M],
  );
  return rows.length;
}
