import { randomBytes, randomUUID } from 'node:crypto';
import type {
  ApiErrorBody,
  IncidentRecord,
  LegalCaseRecord,
  ObservationRecord,
  Role,
  SiteRecord,
} from '@vigie/domain';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../db/data-source';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { dropDatabase } from '../../db/provision/index.mts';
import { startApp, type RunningApp } from './app';
import { createTestDatabase } from './global-setup';
import { request, type JsonResponse } from './http';
import { createSessionToken, createUser, type TestUser } from './users';

/** Positions from DESIGN and the reference data, [longitude, latitude]. */
export const PLACES = {
  centralCalais: [1.8587, 50.9513],
  grandeSynthe: [2.303, 51.0136],
  /** In the Channel, outside every commune. */
  offshore: [1.6, 51.2],
} as const satisfies Record<string, [number, number]>;

/** A JSON body, as a client sends it (possibly wrong, which is the point of some tests). */
export type JsonBody = Record<string, unknown>;

/** Error body of DESIGN §5, plus `current` on a stale-version conflict. */
export type ApiError = ApiErrorBody & { current?: unknown };

/** HTTP calls against the app of the current test file. */
export class ApiClient {
  baseUrl = '';
  /** Bearer token of the signed-in test user; null sends no credentials. */
  token: string | null = null;
  /** The signed-in test user. */
  user: TestUser | null = null;

  get<T = unknown>(path: string): Promise<JsonResponse<T>> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<JsonResponse<T>> {
    return this.call<T>('POST', path, body);
  }

  put<T = unknown>(path: string, body: unknown): Promise<JsonResponse<T>> {
    return this.call<T>('PUT', path, body);
  }

  patch<T = unknown>(path: string, body: unknown): Promise<JsonResponse<T>> {
    return this.call<T>('PATCH', path, body);
  }

  delete<T = unknown>(path: string): Promise<JsonResponse<T>> {
    return this.call<T>('DELETE', path);
  }

  call<T = unknown>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return request<T>(
      this.baseUrl,
      method,
      path,
      body,
      this.token ? { authorization: `Bearer ${this.token}` } : {},
    );
  }

  /** The same app, signed in as another user. */
  as(token: string | null, user: TestUser | null = null): ApiClient {
    const other = new ApiClient();
    Object.assign(other, { baseUrl: this.baseUrl, token, user });
    return other;
  }
}

export interface UseApiOptions {
  /** Role of the user the client signs in as (a fresh account per test file). */
  role?: Role;
  env?: Record<string, string>;
  /**
   * A database of the file's own (migrated and seeded like the run's) instead of the run's shared
   * one: for what reads the whole database, such as a backup.
   */
  ownDatabase?: boolean;
}

/**
 * Starts the real app on the run's database before the file's tests and stops it after them; the
 * client is signed in as a fresh user of the role (admin by default). `api.dataSource` gives the
 * file a database connection for set-up and checks.
 */
export function useApi(options: UseApiOptions = {}): ApiClient & { dataSource: DataSource } {
  const api = new ApiClient() as ApiClient & { dataSource: DataSource };
  let running: RunningApp | undefined;
  let ownDatabase: string | undefined;
  beforeAll(async () => {
    let databaseUrl = inject('databaseUrl');
    let env = options.env;
    if (options.ownDatabase) {
      ownDatabase = `vigie_test_own_${randomBytes(6).toString('hex')}`;
      const roles = await createTestDatabase(inject('adminDatabaseUrl'), ownDatabase);
      databaseUrl = roles.appUrl;
      // pg-boss signs in as its own role on this database too, as under `npm start`.
      env = { VIGIE_QUEUE_DATABASE_URL: roles.queueUrl, ...options.env };
    }
    api.dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), logging: false });
    await api.dataSource.initialize();
    running = await startApp(databaseUrl, env);
    api.baseUrl = running.baseUrl;
    api.user = await createUser(api.dataSource, { role: options.role ?? 'admin' });
    api.token = await createSessionToken(api.dataSource, api.user.id);
  });
  afterAll(async () => {
    await running?.close();
    await api.dataSource?.destroy();
    if (ownDatabase) await dropDatabase(inject('adminDatabaseUrl'), ownDatabase);
  });
  return api;
}

/** A client signed in as a fresh user of the role, on the same app as `api`. */
export async function signedInAs(
  api: ApiClient & { dataSource: DataSource },
  role: Role,
): Promise<ApiClient> {
  const user = await createUser(api.dataSource, { role });
  return api.as(await createSessionToken(api.dataSource, user.id), user);
}

/** A word no other record contains, for full-text filters and per-test isolation. */
export function uniqueWord(prefix = 'vigie'): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 10)}`;
}

/** Query string with repeated keys, e.g. `ids('a', 'b')` → `id=a&id=b`. */
export function idFilter(ids: readonly string[]): string {
  return ids.map((id) => `id=${encodeURIComponent(id)}`).join('&');
}

/** A valid observation body in central Calais; `overrides` replace fields (undefined removes one). */
export function observationInput(overrides: JsonBody = {}): JsonBody {
  const body: JsonBody = {
    kind: 'eviction',
    startedAt: '2025-03-04T07:30:00+01:00',
    endedAt: '2025-03-04T09:00:00+01:00',
    location: { type: 'Point', coordinates: [...PLACES.centralCalais] },
    peopleEvicted: 40,
    arrests: 2,
    forces: [{ unit: 'crs', vehicles: 6, officers: 30 }],
    seizures: [{ item: 'tent', quantity: 12, destroyed: true }],
    description: `Expulsion observée ${uniqueWord('obs')}`,
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

/** A valid site body in central Calais. */
export function siteInput(overrides: JsonBody = {}): JsonBody {
  const body: JsonBody = {
    name: `Site ${uniqueWord('site')}`,
    aliases: [],
    kind: 'camp',
    location: { type: 'Point', coordinates: [...PLACES.centralCalais] },
    status: 'active',
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

export async function createObservation(
  api: ApiClient,
  overrides: JsonBody = {},
): Promise<ObservationRecord> {
  const response = await api.post<ObservationRecord>('/api/observations', observationInput(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A valid incident body in central Calais, not linked to an observation; `overrides` as above. */
export function incidentInput(overrides: JsonBody = {}): JsonBody {
  const body: JsonBody = {
    type: 'tear_gas',
    occurredAt: '2025-03-04T07:45:00+01:00',
    location: { type: 'Point', coordinates: [...PLACES.centralCalais] },
    victimCount: 5,
    minorCount: 1,
    injured: false,
    medicalCare: null,
    perpetrators: ['crs'],
    description: `Gaz lacrymogène ${uniqueWord('inc')}`,
    publicSummary: 'Usage de gaz lacrymogène lors de l’expulsion.',
    consent: { publication: false, litigation: false, research: false },
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

export async function createIncident(api: ApiClient, overrides: JsonBody = {}): Promise<IncidentRecord> {
  const response = await api.post<IncidentRecord>('/api/incidents', incidentInput(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function createSite(api: ApiClient, overrides: JsonBody = {}): Promise<SiteRecord> {
  const response = await api.post<SiteRecord>('/api/sites', siteInput(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A square of about 1.4 km × 1.4 km around central Calais (`PLACES.centralCalais`). */
export const CALAIS_PERIMETER = {
  type: 'Polygon',
  coordinates: [
    [
      [1.848, 50.945],
      [1.868, 50.945],
      [1.868, 50.958],
      [1.848, 50.958],
      [1.848, 50.945],
    ],
  ],
} as const;

/** A valid legal case body: a référé-liberté at the TA Lille, filed, with a unique reference. */
export function legalCaseInput(overrides: JsonBody = {}): JsonBody {
  const body: JsonBody = {
    reference: `T-${uniqueWord('ref')}`,
    title: `Référé contre l’expulsion ${uniqueWord('case')}`,
    procedure: 'refere_liberte',
    forum: 'ta_lille',
    status: 'filed',
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

export async function createLegalCase(api: ApiClient, overrides: JsonBody = {}): Promise<LegalCaseRecord> {
  const response = await api.post<LegalCaseRecord>('/api/legal-cases', legalCaseInput(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** `X-Total-Count` of a list response, which must be present and an integer. */
export function totalCount(response: JsonResponse): number {
  const header = response.headers.get('x-total-count');
  expect(header, 'X-Total-Count header').toMatch(/^\d+$/);
  return Number(header);
}

/** Ids of a list response, in order. */
export function idsOf(response: JsonResponse): string[] {
  expect(Array.isArray(response.body), JSON.stringify(response.body)).toBe(true);
  return (response.body as { id: string }[]).map((row) => row.id);
}

/**
 * Asserts the DESIGN §5 error format: the status, a JSON (never HTML) body with `statusCode`,
 * `error` and `message`, and, for each field named, an `errors` entry with a message.
 */
export function expectApiError(
  response: JsonResponse,
  status: number,
  fields: readonly string[] = [],
): ApiError {
  const context = JSON.stringify(response.body)?.slice(0, 600);
  expect(response.status, context).toBe(status);
  expect(response.headers.get('content-type') ?? '', context).toMatch(/^application\/json/);
  expect(typeof response.body, context).toBe('object');
  const body = response.body as ApiError;
  expect(body, context).toMatchObject({
    statusCode: status,
    error: expect.any(String),
    message: expect.any(String),
  });
  if (fields.length > 0) {
    expect(typeof body.errors, context).toBe('object');
    for (const field of fields) {
      expect(body.errors?.[field], `errors["${field}"] in ${context}`).toEqual(expect.any(String));
    }
  }
  if (body.errors !== undefined) {
    for (const message of Object.values(body.errors)) expect(typeof message, context).toBe('string');
  }
  return body;
}
