import { randomUUID } from 'node:crypto';
import type {
  ImportMappingRecord,
  KoboFeedRecord,
  KoboReceipt,
  KoboSubmissionRecord,
  NewKoboFeedRecord,
} from '@vigie/domain';
import { expect } from 'vitest';
import type { ApiClient, JsonBody } from './e2e-api';
import { request, type JsonResponse } from './http';

export type KoboFeed = KoboFeedRecord;
export type CreatedKoboFeed = NewKoboFeedRecord;
export type KoboSubmission = KoboSubmissionRecord;
export type { KoboReceipt };
export type SavedMapping = ImportMappingRecord;

/** Central Calais as KoboToolbox writes a geopoint: latitude first. */
export const KOBO_LAT = 50.9513;
export const KOBO_LON = 1.8587;

/**
 * One submission of a KoboToolbox form "Expulsions" as its REST Services hook posts it: the
 * form's questions under their group path, the select_multiple as space-separated choice names,
 * numbers as strings, then Kobo's own metadata. `overrides` replace keys (undefined removes one).
 */
export function koboSubmission(overrides: JsonBody = {}): JsonBody {
  const uuid = randomUUID();
  const body: JsonBody = {
    _id: 100_000_000 + Math.floor(Math.random() * 900_000_000),
    'formhub/uuid': '5b0ab9c6f1d24e0e9d1f0a3c2e7b8d41',
    start: '2025-03-04T07:21:05.123+01:00',
    end: '2025-03-04T07:58:40.456+01:00',
    today: '2025-03-04',
    'group_expulsion/date': '2025-03-04',
    'group_expulsion/heure': '07:30:00.000+01:00',
    'group_expulsion/forces': 'crs gm',
    'group_expulsion/personnes_expulsees': '40',
    'group_expulsion/lieu': `${KOBO_LAT} ${KOBO_LON} 0 5`,
    'group_expulsion/remarques': 'Tentes lacérées, sacs de couchage emportés.',
    __version__: 'vQm3Zs8XkTpYbN4cD2fHa7',
    'meta/instanceID': `uuid:${uuid}`,
    _xform_id_string: 'aKx7PqR2sT9vWmN3yZb4Cd',
    _uuid: uuid,
    _attachments: [],
    _status: 'submitted_via_web',
    _geolocation: [KOBO_LAT, KOBO_LON],
    _submission_time: '2025-03-04T06:58:41',
    _tags: [],
    _notes: [],
    _validation_status: {},
    _submitted_by: null,
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

/** The headers of that form (its REST payload keys), as a saved mapping records them. */
export const KOBO_COLUMNS = Object.keys(koboSubmission());

/** The mapping of that form: no kind question (the form is about evictions), `_uuid` as source id. */
export function koboMappingSpec(values: Record<string, Record<string, string>> = {}): JsonBody {
  return {
    columns: {
      'group_expulsion/date': 'startedAt.date',
      'group_expulsion/heure': 'startedAt.time',
      'group_expulsion/forces': 'forces',
      'group_expulsion/personnes_expulsees': 'peopleEvicted',
      'group_expulsion/remarques': 'description',
      _geolocation: 'location',
    },
    values,
    timezone: 'Europe/Paris',
    dateFormat: null,
    sourceIdColumn: '_uuid',
    defaults: { kind: 'eviction' },
  };
}

/** Saves a mapping through `POST /api/import-mappings` and expects 201. */
export async function saveMapping(
  client: ApiClient,
  body: { name: string; kind?: string; columns?: string[]; mapping?: JsonBody },
): Promise<SavedMapping> {
  const response = await client.post<SavedMapping>('/api/import-mappings', {
    kind: 'observations',
    columns: KOBO_COLUMNS,
    mapping: koboMappingSpec(),
    ...body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Creates a feed through `POST /api/kobo-feeds` and expects 201. */
export async function createFeed(
  client: ApiClient,
  mappingId: string,
  name = 'Expulsions Calais',
): Promise<CreatedKoboFeed> {
  const response = await client.post<CreatedKoboFeed>('/api/kobo-feeds', { name, mappingId });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/**
 * Posts a submission to the hook as KoboToolbox does: no cookie, no bearer, the token in the
 * path. `body` may be a raw string (sent as is with a JSON content type).
 */
export function postToHook<T = KoboReceipt>(
  baseUrl: string,
  token: string,
  body: unknown,
): Promise<JsonResponse<T>> {
  return request<T>(baseUrl, 'POST', `/api/import/kobo/${encodeURIComponent(token)}`, body, {
    'user-agent': 'KoboToolbox external service #42',
  });
}

/** The feed's submissions of a status, through the API. */
export async function feedSubmissions(
  client: ApiClient,
  feedId: string,
  status?: 'accepted' | 'rejected',
): Promise<KoboSubmission[]> {
  const response = await client.get<KoboSubmission[]>(
    `/api/kobo-feeds/${feedId}/submissions${status ? `?status=${status}` : ''}`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}
