import { randomUUID } from 'node:crypto';
import type { ObservationRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createObservation,
  expectApiError,
  type JsonBody,
  observationInput,
  PLACES,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';
import { request } from '../support/http';

interface BadCase {
  name: string;
  /** Fields of a valid body replaced (undefined removes the field). */
  change: JsonBody;
  /** Paths expected in `errors`. */
  fields: string[];
}

const at = (coordinates: unknown) => ({ location: { type: 'Point', coordinates } });
const seizuresOf = (count: number) =>
  Array.from({ length: count }, () => ({ item: 'tent', quantity: 1, destroyed: false }));

/** Bodies that must be refused on create; each is a valid body with one thing wrong. */
const BAD_CREATES: BadCase[] = [
  // Wrong types: no implicit conversion.
  { name: 'arrests given as a string', change: { arrests: '3' }, fields: ['arrests'] },
  { name: 'kind given as a number', change: { kind: 5 }, fields: ['kind'] },
  { name: 'location given as a string', change: { location: 'here' }, fields: ['location'] },
  { name: 'location missing', change: { location: undefined }, fields: ['location'] },
  { name: 'startedAt missing', change: { startedAt: undefined, endedAt: undefined }, fields: ['startedAt'] },
  { name: 'forces given as an object', change: { forces: { unit: 'crs' } }, fields: ['forces'] },
  { name: 'a client id that is not a UUID', change: { id: 'my-id' }, fields: ['id'] },
  { name: 'a malformed siteId', change: { siteId: 'site-1' }, fields: ['siteId'] },
  // Unknown and read-only fields.
  { name: 'an unknown top-level field', change: { colour: 'red' }, fields: ['colour'] },
  {
    name: 'an unknown field in a seizure row',
    change: { seizures: [{ item: 'tent', quantity: 1, destroyed: false, colour: 'red' }] },
    fields: ['seizures.0.colour'],
  },
  {
    name: 'an unknown field in the location',
    change: { location: { type: 'Point', coordinates: [...PLACES.centralCalais], crs: 'EPSG:4326' } },
    fields: ['location.crs'],
  },
  { name: 'the derived communeCode', change: { communeCode: '62193' }, fields: ['communeCode'] },
  { name: 'the review status', change: { status: 'validated' }, fields: ['status'] },
  // Coordinates.
  { name: 'a longitude of 200', change: at([200, 50.95]), fields: ['location.coordinates'] },
  { name: 'a latitude of -91', change: at([1.85, -91]), fields: ['location.coordinates'] },
  { name: 'three coordinates', change: at([1.85, 50.95, 12]), fields: ['location.coordinates'] },
  { name: 'NaN given as a string coordinate', change: at(['NaN', 50.95]), fields: ['location.coordinates'] },
  {
    name: 'a geometry that is not a Point',
    change: { location: { type: 'LineString', coordinates: [...PLACES.centralCalais] } },
    fields: ['location.type'],
  },
  // Period.
  {
    name: 'endedAt before startedAt',
    change: { startedAt: '2025-03-04T07:30:00+01:00', endedAt: '2025-03-04T07:29:00+01:00' },
    fields: ['endedAt'],
  },
  {
    name: 'endedAt more than 24 h after startedAt',
    change: { startedAt: '2025-03-04T07:30:00+01:00', endedAt: '2025-03-05T07:31:00+01:00' },
    fields: ['endedAt'],
  },
  {
    name: 'a startedAt without offset',
    change: { startedAt: '2025-03-04T07:30:00', endedAt: null },
    fields: ['startedAt'],
  },
  {
    name: 'an impossible date (30 February)',
    change: { startedAt: '2025-02-30T07:30:00Z', endedAt: null },
    fields: ['startedAt'],
  },
  {
    name: 'a startedAt that is only a date',
    change: { startedAt: '2025-03-04', endedAt: null },
    fields: ['startedAt'],
  },
  // Counts.
  { name: 'negative arrests', change: { arrests: -1 }, fields: ['arrests'] },
  { name: 'fractional arrests', change: { arrests: 1.5 }, fields: ['arrests'] },
  {
    name: 'a negative seizure quantity',
    change: { seizures: [{ item: 'tent', quantity: -3, destroyed: false }] },
    fields: ['seizures.0.quantity'],
  },
  {
    name: 'a negative number of vehicles',
    change: { forces: [{ unit: 'crs', vehicles: -2 }] },
    fields: ['forces.0.vehicles'],
  },
  {
    name: 'a count beyond the integer range',
    change: { peopleEvicted: 3_000_000_000 },
    fields: ['peopleEvicted'],
  },
  {
    name: 'a seizure quantity beyond the integer range',
    change: { seizures: [{ item: 'tent', quantity: 1e12, destroyed: false }] },
    fields: ['seizures.0.quantity'],
  },
  // Vocabularies.
  { name: 'an unknown kind', change: { kind: 'raid' }, fields: ['kind'] },
  { name: 'an unknown force unit', change: { forces: [{ unit: 'swat' }] }, fields: ['forces.0.unit'] },
  {
    name: 'an unknown seizure item',
    change: { seizures: [{ item: 'car', quantity: 1 }] },
    fields: ['seizures.0.item'],
  },
  { name: 'an unknown legal basis', change: { legalBasis: 'because' }, fields: ['legalBasis'] },
  // Sizes and text.
  {
    name: 'a description of 20,001 characters',
    change: { description: 'x'.repeat(20_001) },
    fields: ['description'],
  },
  {
    name: 'a contractor name of 501 characters',
    change: { contractorName: 'x'.repeat(501) },
    fields: ['contractorName'],
  },
  { name: '101 seizure rows', change: { seizures: seizuresOf(101) }, fields: ['seizures'] },
  {
    name: 'a NUL character in the description',
    change: { description: 'tente\u0000lacérée' },
    fields: ['description'],
  },
];

/** List queries that must be refused, with the parameters named in `errors`. */
const BAD_QUERIES: { name: string; query: string; fields: string[] }[] = [
  { name: 'an unknown filter', query: 'colour=red', fields: ['colour'] },
  { name: 'an unknown sort field', query: '_sort=password', fields: ['_sort'] },
  { name: 'an unknown sort order', query: '_order=sideways', fields: ['_order'] },
  { name: 'a page larger than 1000', query: '_start=0&_end=1001', fields: ['_end'] },
  { name: '_end before _start', query: '_start=10&_end=5', fields: ['_end'] },
  { name: 'a negative _start', query: '_start=-1&_end=10', fields: ['_start'] },
  { name: 'a bbox of three numbers', query: 'bbox=1,2,3', fields: ['bbox'] },
  { name: 'a bbox out of WGS84', query: 'bbox=1,50,200,51', fields: ['bbox'] },
  { name: 'near without radius', query: 'near=1.8587,50.9513', fields: ['radius'] },
  { name: 'a negative radius', query: 'near=1.8587,50.9513&radius=-5', fields: ['radius'] },
  { name: 'radius without near', query: 'radius=300', fields: ['near'] },
  { name: 'a date that is a word', query: 'startedAt_gte=yesterday', fields: ['startedAt_gte'] },
  { name: 'an impossible date', query: 'startedAt_lte=2025-02-30', fields: ['startedAt_lte'] },
  { name: 'a malformed id', query: 'id=42', fields: ['id'] },
  { name: 'an unknown kind', query: 'kind=raid', fields: ['kind'] },
  { name: 'a range on a field without ranges', query: 'kind_gte=eviction', fields: ['kind_gte'] },
  { name: 'a NUL character in q', query: 'q=tente%00', fields: ['q'] },
];

describe('observations: bad input is refused and changes nothing', () => {
  const api = useApi();
  const marker = uniqueWord('intact');
  let snapshot: ObservationRecord;

  // Away from the bad create bodies (central Calais, March 2025) in place and time, so that a create
  // slipping through would not show up among the possible duplicates of this record.
  beforeAll(async () => {
    const created = await createObservation(api, {
      startedAt: '2024-11-05T06:00:00+01:00',
      endedAt: '2024-11-05T08:00:00+01:00',
      location: { type: 'Point', coordinates: [...PLACES.grandeSynthe] },
      description: `Observation de référence ${marker}`,
    });
    const fetched = await api.get<ObservationRecord>(`/api/observations/${created.id}`);
    expect(fetched.status).toBe(200);
    snapshot = fetched.body;
  });

  /** The record of `beforeAll` is as it was, and it is still the only one with the marker. */
  async function expectStoredDataUnchanged(): Promise<void> {
    const now = await api.get<ObservationRecord>(`/api/observations/${snapshot.id}`);
    expect(now.body).toEqual(snapshot);
    const withMarker = await api.get(`/api/observations?q=${marker}`);
    expect(totalCount(withMarker)).toBe(1);
  }

  /** A valid create body with the marker, a fresh client id, and `change` applied. */
  function createBody(change: JsonBody): JsonBody {
    const base = observationInput({ id: randomUUID(), description: `Tentative ${marker}` });
    const body = { ...base, ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
    if (typeof change.description === 'string') body.description = `${marker} ${change.description}`;
    return body;
  }

  /** A valid whole-record body for the snapshot, with `change` applied. */
  function replaceBody(change: JsonBody): JsonBody {
    const body: JsonBody = {
      ...observationInput({
        startedAt: snapshot.startedAt,
        endedAt: snapshot.endedAt,
        location: snapshot.location,
        description: snapshot.description,
        version: snapshot.version,
      }),
      ...change,
    };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
    return body;
  }

  describe('POST /api/observations', () => {
    it.each(BAD_CREATES)('refuses $name with 400 and errors on $fields', async ({ change, fields }) => {
      const body = createBody(change);

      const response = await api.post('/api/observations', body);

      expectApiError(response, 400, fields);
      if (typeof body.id === 'string' && /^[0-9a-f-]{36}$/.test(body.id)) {
        expectApiError(await api.get(`/api/observations/${body.id}`), 404);
      }
      await expectStoredDataUnchanged();
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await api.post(
        '/api/observations',
        `{"kind": "eviction", "description": "${marker}",`,
      );

      expectApiError(response, 400);
      await expectStoredDataUnchanged();
    });

    it('refuses an empty JSON body with 400', async () => {
      const response = await api.post('/api/observations', '');

      expectApiError(response, 400);
      await expectStoredDataUnchanged();
    });

    it('refuses a body over 1 MB with 413 in the JSON error format', async () => {
      const response = await api.post(
        '/api/observations',
        createBody({ description: 'x'.repeat(1_200_000) }),
      );

      expectApiError(response, 413);
      await expectStoredDataUnchanged();
    });

    it('refuses a body that is not JSON with 415', async () => {
      const response = await request(
        api.baseUrl,
        'POST',
        '/api/observations',
        JSON.stringify(createBody({})),
        { 'content-type': 'text/plain' },
      );

      expectApiError(response, 415);
      await expectStoredDataUnchanged();
    });

    it('refuses an HTML form body with 415 (a form can be posted from any web page)', async () => {
      const response = await request(
        api.baseUrl,
        'POST',
        '/api/observations',
        'kind=eviction&startedAt=2025-03-04T07%3A30%3A00%2B01%3A00',
        { 'content-type': 'application/x-www-form-urlencoded' },
      );

      expectApiError(response, 415);
      await expectStoredDataUnchanged();
    });
  });

  describe('GET /api/observations', () => {
    it.each(BAD_QUERIES)('refuses $name ($query) with 400 naming $fields', async ({ query, fields }) => {
      const response = await api.get(`/api/observations?${query}`);

      expectApiError(response, 400, fields);
      await expectStoredDataUnchanged();
    });

    it('names the unknown sort field in the error', async () => {
      const response = await api.get('/api/observations?_sort=password');

      const body = expectApiError(response, 400, ['_sort']);
      expect(body.errors?._sort).toContain('password');
    });

    it('refuses the same bad filters on the .geojson variant', async () => {
      expectApiError(await api.get('/api/observations.geojson?colour=red'), 400, ['colour']);
      expectApiError(await api.get('/api/observations.geojson?bbox=1,2,3'), 400, ['bbox']);
    });
  });

  describe('PUT /api/observations/:id', () => {
    it.each([
      { name: 'the derived communeCode', change: { communeCode: '59183' }, fields: ['communeCode'] },
      { name: 'the review status', change: { status: 'validated' }, fields: ['status'] },
      { name: 'createdAt', change: { createdAt: '2020-01-01T00:00:00Z' }, fields: ['createdAt'] },
      { name: 'an id different from the URL', change: { id: randomUUID() }, fields: ['id'] },
      { name: 'no version', change: { version: undefined }, fields: ['version'] },
      { name: 'a negative count', change: { arrests: -1 }, fields: ['arrests'] },
      { name: 'an unknown kind', change: { kind: 'raid' }, fields: ['kind'] },
      { name: 'a longitude of 200', change: at([200, 50.95]), fields: ['location.coordinates'] },
      {
        name: 'a NUL character in the description',
        change: { description: 'a\u0000b' },
        fields: ['description'],
      },
    ])('refuses $name with 400', async ({ change, fields }) => {
      const response = await api.put(`/api/observations/${snapshot.id}`, replaceBody(change));

      expectApiError(response, 400, fields);
      await expectStoredDataUnchanged();
    });

    it('refuses malformed JSON with 400', async () => {
      expectApiError(await api.put(`/api/observations/${snapshot.id}`, '{"version": 1,'), 400);
      await expectStoredDataUnchanged();
    });

    it('refuses a body over 1 MB with 413', async () => {
      const response = await api.put(
        `/api/observations/${snapshot.id}`,
        replaceBody({ description: 'x'.repeat(1_200_000) }),
      );

      expectApiError(response, 413);
      await expectStoredDataUnchanged();
    });

    it('refuses a whole record without location, and keeps the stored location', async () => {
      // On a record of its own: if the PUT went through, it would change the shared snapshot.
      const created = await createObservation(api, {
        location: { type: 'Point', coordinates: [...PLACES.grandeSynthe] },
      });
      const body = observationInput({ location: undefined, version: created.version });

      const response = await api.put(`/api/observations/${created.id}`, body);

      expectApiError(response, 400, ['location']);
      expect((await api.get(`/api/observations/${created.id}`)).body).toEqual(created);
    });

    it('refuses a malformed id in the URL with 400', async () => {
      expectApiError(await api.put('/api/observations/not-a-uuid', replaceBody({})), 400);
    });
  });

  describe('PATCH /api/observations/:id', () => {
    it.each([
      { name: 'the derived communeCode', change: { communeCode: '59183' }, fields: ['communeCode'] },
      { name: 'the review status', change: { status: 'validated' }, fields: ['status'] },
      { name: 'createdAt', change: { createdAt: '2020-01-01T00:00:00Z' }, fields: ['createdAt'] },
      { name: 'an id different from the URL', change: { id: randomUUID() }, fields: ['id'] },
      { name: 'kind set to null', change: { kind: null }, fields: ['kind'] },
      { name: 'location set to null', change: { location: null }, fields: ['location'] },
      { name: 'a version given as a string', change: { version: '1' }, fields: ['version'] },
      { name: 'a negative count', change: { arrests: -1 }, fields: ['arrests'] },
      { name: 'an unknown field', change: { colour: 'red' }, fields: ['colour'] },
      {
        name: 'an endedAt before the stored startedAt',
        change: { endedAt: '2024-11-05T05:59:00+01:00' },
        fields: ['endedAt'],
      },
      {
        name: 'an endedAt more than 24 h after the stored startedAt',
        change: { endedAt: '2024-11-06T06:01:00+01:00' },
        fields: ['endedAt'],
      },
    ])('refuses $name with 400', async ({ change, fields }) => {
      const body = { version: snapshot.version, ...change };

      const response = await api.patch(`/api/observations/${snapshot.id}`, body);

      expectApiError(response, 400, fields);
      await expectStoredDataUnchanged();
    });

    it('refuses a change without version with 400', async () => {
      const response = await api.patch(`/api/observations/${snapshot.id}`, { arrests: 3 });

      expectApiError(response, 400, ['version']);
      await expectStoredDataUnchanged();
    });
  });
});
