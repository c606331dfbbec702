import { randomInt, randomUUID } from 'node:crypto';
import type { ObservationRecord, ReviewStatus, SiteRecord } from '@vigie/domain';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../db/data-source';
import { CommunesRepository } from '../../apps/api/src/communes/communes.repository';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import type { Actor } from '../../apps/api/src/auth/actor';
import { CommunesService } from '../../apps/api/src/communes/communes.service';
import type { CreateObservationDto } from '../../apps/api/src/observations/dto/observation-input.dto';
import { ObservationsRepository } from '../../apps/api/src/observations/observations.repository';
import { ObservationsService } from '../../apps/api/src/observations/observations.service';
import type { CreateSiteDto } from '../../apps/api/src/sites/dto/site-input.dto';
import { SitesRepository } from '../../apps/api/src/sites/sites.repository';
import { SitesService } from '../../apps/api/src/sites/sites.service';
import { TEST_ACTOR } from './users';

/*
 * Builders for integration tests: they write through the real services and repositories, with
 * defaults that make a valid record and unique values, so that each test builds its own data and
 * never depends on what another test left in the shared database.
 */

/** A GeoJSON point, `[longitude, latitude]`. */
export interface Point {
  type: 'Point';
  coordinates: [number, number];
}

export function point(longitude: number, latitude: number): Point {
  return { type: 'Point', coordinates: [longitude, latitude] };
}

/** The point `metres` away from `from` towards `azimuthDegrees` (0 = north), on the ellipsoid. */
export async function project(
  db: Pick<DataSource, 'query'>,
  from: Point,
  metres: number,
  azimuthDegrees: number,
): Promise<Point> {
  const [row]: { geojson: string }[] = await db.query(
    `SELECT ST_AsGeoJSON(ST_Project(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography, $2, radians($3))::geometry, 9) AS geojson`,
    [JSON.stringify(from), metres, azimuthDegrees],
  );
  return JSON.parse(row!.geojson) as Point;
}

/** Well inside the named communes, away from any border. */
export const PLACES = {
  /** Calais, place d'Armes. */
  calais: point(1.8505, 50.9605),
  /** Grande-Synthe, town centre. */
  grandeSynthe: point(2.3025, 51.0135),
  /** The North Sea, off Calais: in no commune. */
  sea: point(1.75, 51.1),
} as const;

let counter = 0;

/** A word no other record holds, usable as a full-text token (letters only, no stemming surprise). */
export function uniqueWord(prefix = 'zq'): string {
  counter += 1;
  const letters = `${Date.now().toString(36)}${process.pid.toString(36)}${counter.toString(36)}`.replace(
    /[0-9]/g,
    (digit) => 'abcdefghij'[Number(digit)] as string,
  );
  return `${prefix}${letters}`;
}

/** Opens a connection to the test run's database (the URL comes from `inject('databaseUrl')`). */
export async function connect(url: string): Promise<DataSource> {
  // Failing statements are part of some tests: they surface as errors, not as log lines.
  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  return dataSource;
}

/** A service's methods with the acting user already bound, as the controllers call them. */
export type ActingAs<S> = {
  [K in keyof S as S[K] extends (actor: Actor, ...args: never[]) => unknown ? K : never]: S[K] extends (
    actor: Actor,
    ...args: infer A
  ) => infer R
    ? (...args: A) => R
    : never;
};

export function actingAs<S extends object>(service: S, actor: Actor): ActingAs<S> {
  return new Proxy(service, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function'
        ? (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, [actor, ...args])
        : value;
    },
  }) as unknown as ActingAs<S>;
}

export interface Services {
  observations: ActingAs<ObservationsService>;
  sites: ActingAs<SitesService>;
  communes: ActingAs<CommunesService>;
}

/** The real services over real repositories, acting as `actor` (the test admin by default). */
export function services(dataSource: DataSource, actor: Actor = TEST_ACTOR): Services {
  return {
    observations: actingAs(
      new ObservationsService(new ObservationsRepository(dataSource), new AuditService()),
      actor,
    ),
    sites: actingAs(new SitesService(new SitesRepository(dataSource), new AuditService()), actor),
    communes: actingAs(new CommunesService(new CommunesRepository(dataSource)), actor),
  };
}

/** The fields of a create request, without validation: the service receives what the DTO would hold. */
export type ObservationInput = Partial<Omit<CreateObservationDto, 'location'>> & { location?: Point };
export type SiteInput = Partial<Omit<CreateSiteDto, 'location'>> & { location?: Point };

/*
 * Observations of the same kind within 300 m that start at most 2 h apart flag each other as possible
 * duplicates, so the default period is unique: a slot of 5 hours per observation, from a random slot
 * per test file.
 */
const SLOT_MS = 5 * 3_600_000;
const FIRST_SLOT = Date.UTC(1990, 0, 1, 6) + randomInt(0, 50_000) * SLOT_MS;
let slot = 0;

function defaultPeriod(): { startedAt: string; endedAt: string } {
  const start = FIRST_SLOT + slot * SLOT_MS;
  slot += 1;
  return {
    startedAt: new Date(start).toISOString().replace('.000Z', '+00:00'),
    endedAt: new Date(start + 3_600_000).toISOString().replace('.000Z', '+00:00'),
  };
}

/** A complete, valid observation body (not stored). */
export function observationInput(overrides: ObservationInput = {}): CreateObservationDto {
  const period = overrides.startedAt === undefined ? defaultPeriod() : { endedAt: null };
  return {
    kind: 'eviction',
    ...period,
    location: PLACES.calais,
    description: `Expulsion observée ${uniqueWord()}`,
    ...overrides,
  } as CreateObservationDto;
}

/** A complete, valid site body (not stored). */
export function siteInput(overrides: SiteInput = {}): CreateSiteDto {
  return {
    name: `Site ${uniqueWord()}`,
    kind: 'camp',
    location: PLACES.calais,
    status: 'active',
    ...overrides,
  } as CreateSiteDto;
}

export const given = {
  /** Stores an observation through `ObservationsService.create`. */
  async observation(dataSource: DataSource, overrides: ObservationInput = {}): Promise<ObservationRecord> {
    const { record } = await services(dataSource).observations.create(observationInput(overrides));
    return record;
  },

  /** Stores several observations, one per override, in order. */
  async observations(dataSource: DataSource, overrides: ObservationInput[]): Promise<ObservationRecord[]> {
    const records: ObservationRecord[] = [];
    for (const override of overrides) records.push(await given.observation(dataSource, override));
    return records;
  },

  /** Stores a site through `SitesService.create`. */
  async site(dataSource: DataSource, overrides: SiteInput = {}): Promise<SiteRecord> {
    const { record } = await services(dataSource).sites.create(siteInput(overrides));
    return record;
  },

  /**
   * Stores an observation in a review status. The review workflow (submit, validate) has no service
   * method yet, so the status is set in SQL after a normal create.
   */
  async observationWithStatus(
    dataSource: DataSource,
    status: ReviewStatus,
    overrides: ObservationInput = {},
  ): Promise<ObservationRecord> {
    const record = await given.observation(dataSource, overrides);
    await dataSource.query(`UPDATE observations SET status = $2 WHERE id = $1`, [record.id, status]);
    return services(dataSource).observations.get(record.id);
  },

  /** Stores an observation and soft-deletes it. */
  async deletedObservation(
    dataSource: DataSource,
    overrides: ObservationInput = {},
  ): Promise<ObservationRecord> {
    const record = await given.observation(dataSource, overrides);
    return services(dataSource).observations.remove(record.id);
  },
};

/** A raw `observations` row: what the database holds, columns in snake_case. */
export interface ObservationRow {
  id: string;
  kind: string;
  started_at: Date;
  commune_code: string | null;
  area: string | null;
  site_id: string | null;
  description: string | null;
  version: number;
  deleted_at: Date | null;
  creation_digest: string | null;
  longitude: number;
  latitude: number;
}

export interface SiteRow {
  id: string;
  name: string;
  commune_code: string | null;
  area: string | null;
  version: number;
  deleted_at: Date | null;
}

export interface ForceRow {
  position: number;
  unit: string;
  vehicles: number | null;
  officers: number | null;
}

export interface SeizureRow {
  position: number;
  item: string;
  quantity: number;
  destroyed: boolean;
}

/** Reads rows straight from the tables, bypassing the services under test. */
export const rows = {
  async observation(dataSource: DataSource, id: string): Promise<ObservationRow | null> {
    const found: ObservationRow[] = await dataSource.query(
      `SELECT id, kind, started_at, commune_code, area, site_id, description, version, deleted_at,
              creation_digest, ST_X(location) AS longitude, ST_Y(location) AS latitude
         FROM observations WHERE id = $1`,
      [id],
    );
    return found[0] ?? null;
  },

  async observationCount(dataSource: DataSource, id: string): Promise<number> {
    const [{ count }]: { count: number }[] = await dataSource.query(
      `SELECT count(*)::int AS count FROM observations WHERE id = $1`,
      [id],
    );
    return count;
  },

  async site(dataSource: DataSource, id: string): Promise<SiteRow | null> {
    const found: SiteRow[] = await dataSource.query(
      `SELECT id, name, commune_code, area, version, deleted_at FROM sites WHERE id = $1`,
      [id],
    );
    return found[0] ?? null;
  },

  async forces(dataSource: DataSource, observationId: string): Promise<ForceRow[]> {
    return dataSource.query(
      `SELECT position, unit, vehicles, officers FROM observation_forces
        WHERE observation_id = $1 ORDER BY position`,
      [observationId],
    );
  },

  async seizures(dataSource: DataSource, observationId: string): Promise<SeizureRow[]> {
    return dataSource.query(
      `SELECT position, item, quantity, destroyed FROM observation_seizures
        WHERE observation_id = $1 ORDER BY position`,
      [observationId],
    );
  },
};

/** A fresh UUID for client-chosen ids. */
export function newId(): string {
  return randomUUID();
}

/**
 * The error an operation fails with (fails the test when it succeeds), for assertions on its fields.
 * Takes a function: some service methods throw before they return a promise.
 */
export async function rejection(operation: () => Promise<unknown>): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
