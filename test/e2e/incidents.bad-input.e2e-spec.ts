import { randomUUID } from 'node:crypto';
import type { IncidentRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createIncident,
  createObservation,
  expectApiError,
  incidentInput,
  type JsonBody,
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
const units = ['crs', 'gm', 'pn', 'bac', 'paf', 'gd', 'pm', 'pts', 'other', 'unknown'];

/** Bodies that must be refused on create; each is a valid body with one thing wrong. */
const BAD_CREATES: BadCase[] = [
  // Types: no implicit conversion.
  { name: 'victimCount given as a string', change: { victimCount: '3' }, fields: ['victimCount'] },
  { name: 'type given as a number', change: { type: 5 }, fields: ['type'] },
  { name: 'injured given as a string', change: { injured: 'yes' }, fields: ['injured'] },
  { name: 'location given as a string', change: { location: 'here' }, fields: ['location'] },
  { name: 'perpetrators given as a string', change: { perpetrators: 'crs' }, fields: ['perpetrators'] },
  { name: 'consent given as a boolean', change: { consent: true }, fields: ['consent'] },
  {
    name: 'a consent scope given as a string',
    change: { consent: { publication: 'yes' } },
    fields: ['consent.publication'],
  },
  {
    name: 'a consent scope set to null',
    change: { consent: { publication: null } },
    fields: ['consent.publication'],
  },
  { name: 'a null perpetrator', change: { perpetrators: [null] }, fields: ['perpetrators'] },
  { name: 'a client id that is not a UUID', change: { id: 'my-id' }, fields: ['id'] },
  { name: 'a malformed observationId', change: { observationId: 'obs-1' }, fields: ['observationId'] },
  // Required.
  { name: 'type missing', change: { type: undefined }, fields: ['type'] },
  { name: 'occurredAt missing', change: { occurredAt: undefined }, fields: ['occurredAt'] },
  { name: 'neither location nor observationId', change: { location: undefined }, fields: ['location'] },
  { name: 'a null location without observation', change: { location: null }, fields: ['location'] },
  { name: 'perpetrators set to null', change: { perpetrators: null }, fields: ['perpetrators'] },
  { name: 'consent set to null', change: { consent: null }, fields: ['consent'] },
  // Unknown and read-only fields.
  { name: 'an unknown top-level field', change: { colour: 'red' }, fields: ['colour'] },
  { name: 'an unknown consent scope', change: { consent: { press: true } }, fields: ['consent.press'] },
  { name: 'the derived communeCode', change: { communeCode: '62193' }, fields: ['communeCode'] },
  { name: 'the derived area', change: { area: 'calaisis' }, fields: ['area'] },
  { name: 'the review status', change: { status: 'validated' }, fields: ['status'] },
  { name: 'a review comment', change: { reviewComment: 'ok' }, fields: ['reviewComment'] },
  { name: 'createdBy', change: { createdBy: randomUUID() }, fields: ['createdBy'] },
  { name: 'a version on create', change: { version: 1 }, fields: ['version'] },
  // Time and place.
  {
    name: 'an occurredAt without offset',
    change: { occurredAt: '2025-03-04T07:45:00' },
    fields: ['occurredAt'],
  },
  { name: 'an occurredAt that is only a date', change: { occurredAt: '2025-03-04' }, fields: ['occurredAt'] },
  { name: 'an impossible date', change: { occurredAt: '2025-02-30T07:45:00Z' }, fields: ['occurredAt'] },
  { name: 'a longitude of 200', change: at([200, 50.95]), fields: ['location.coordinates'] },
  { name: 'a latitude of -91', change: at([1.85, -91]), fields: ['location.coordinates'] },
  {
    name: 'a geometry that is not a Point',
    change: { location: { type: 'LineString', coordinates: [...PLACES.centralCalais] } },
    fields: ['location.type'],
  },
  // Counts.
  { name: 'a negative victimCount', change: { victimCount: -1 }, fields: ['victimCount'] },
  { name: 'a fractional minorCount', change: { minorCount: 0.5 }, fields: ['minorCount'] },
  {
    name: 'a count beyond the integer range',
    change: { victimCount: 3_000_000_000 },
    fields: ['victimCount'],
  },
  { name: 'more minors than victims', change: { victimCount: 2, minorCount: 3 }, fields: ['minorCount'] },
  // Vocabularies and lists.
  { name: 'an unknown type', change: { type: 'riot' }, fields: ['type'] },
  { name: 'an unknown perpetrator unit', change: { perpetrators: ['swat'] }, fields: ['perpetrators'] },
  { name: 'the same unit twice', change: { perpetrators: ['crs', 'crs'] }, fields: ['perpetrators'] },
  {
    name: '101 perpetrators',
    change: { perpetrators: Array.from({ length: 101 }, (_, i) => units[i % units.length]) },
    fields: ['perpetrators'],
  },
  // Text.
  {
    name: 'a description of 20,001 characters',
    change: { description: 'x'.repeat(20_001) },
    fields: ['description'],
  },
  {
    name: 'a public summary of 20,001 characters',
    change: { publicSummary: 'x'.repeat(20_001) },
    fields: ['publicSummary'],
  },
  {
    name: 'a testimony of 20,001 characters',
    change: { testimony: 'x'.repeat(20_001) },
    fields: ['testimony'],
  },
  { name: 'a NUL character in the testimony', change: { testimony: 'a\u0000b' }, fields: ['testimony'] },
  // References.
  { name: 'an unknown observation', change: { observationId: randomUUID() }, fields: ['observationId'] },
];

const BAD_QUERIES: { name: string; query: string; fields: string[] }[] = [
  { name: 'an unknown filter', query: 'colour=red', fields: ['colour'] },
  { name: 'a filter on the testimony', query: 'testimony=x', fields: ['testimony'] },
  { name: 'an unknown sort field', query: '_sort=testimony', fields: ['_sort'] },
  { name: 'an unknown type', query: 'type=riot', fields: ['type'] },
  { name: 'againstObservers not a boolean', query: 'againstObservers=1', fields: ['againstObservers'] },
  { name: 'a date that is a word', query: 'occurredAt_gte=yesterday', fields: ['occurredAt_gte'] },
  { name: 'a malformed observationId', query: 'observationId=42', fields: ['observationId'] },
  { name: 'a page larger than 1000', query: '_start=0&_end=1001', fields: ['_end'] },
  { name: 'near without radius', query: 'near=1.8587,50.9513', fields: ['radius'] },
  { name: 'a bbox out of WGS84', query: 'bbox=1,50,200,51', fields: ['bbox'] },
];

describe('incidents: bad input is refused and changes nothing', () => {
  const api = useApi();
  const marker = uniqueWord('intact');
  let snapshot: IncidentRecord;

  beforeAll(async () => {
    const created = await createIncident(api, {
      description: `Incident de référence ${marker}`,
      testimony: 'Témoignage de référence',
    });
    snapshot = (await api.get<IncidentRecord>(`/api/incidents/${created.id}`)).body;
  });

  async function expectStoredDataUnchanged(): Promise<void> {
    const now = await api.get<IncidentRecord>(`/api/incidents/${snapshot.id}`);
    expect(now.body).toEqual(snapshot);
    expect(totalCount(await api.get(`/api/incidents?q=${marker}`))).toBe(1);
  }

  function createBody(change: JsonBody): JsonBody {
    const body: JsonBody = {
      ...incidentInput({ id: randomUUID(), description: `Tentative ${marker}` }),
      ...change,
    };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
    if (typeof change.description === 'string') body.description = `${marker} ${change.description}`;
    return body;
  }

  function replaceBody(change: JsonBody): JsonBody {
    const body: JsonBody = {
      ...incidentInput({
        occurredAt: snapshot.occurredAt,
        description: snapshot.description,
        testimony: snapshot.testimony,
        version: snapshot.version,
      }),
      ...change,
    };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
    return body;
  }

  describe('POST /api/incidents', () => {
    it.each(BAD_CREATES)('refuses $name with 400 and errors on $fields', async ({ change, fields }) => {
      const body = createBody(change);
      const response = await api.post('/api/incidents', body);
      expectApiError(response, 400, fields);
      if (typeof body.id === 'string' && /^[0-9a-f-]{36}$/.test(body.id)) {
        expectApiError(await api.get(`/api/incidents/${body.id}`), 404);
      }
      await expectStoredDataUnchanged();
    });

    it('refuses a link to a deleted observation with errors.observationId', async () => {
      const observation = await createObservation(api);
      expect((await api.delete(`/api/observations/${observation.id}`)).status).toBe(200);
      const body = createBody({ location: undefined, observationId: observation.id });
      expectApiError(await api.post('/api/incidents', body), 400, ['observationId']);
      expectApiError(await api.get(`/api/incidents/${body.id as string}`), 404);
    });

    it('refuses malformed JSON, an empty body, a body over 1 MB and a non-JSON body', async () => {
      expectApiError(await api.post('/api/incidents', `{"type": "arrest", "description": "${marker}",`), 400);
      expectApiError(await api.post('/api/incidents', ''), 400);
      expectApiError(
        await api.post('/api/incidents', createBody({ description: 'x'.repeat(1_200_000) })),
        413,
      );
      const text = await request(api.baseUrl, 'POST', '/api/incidents', JSON.stringify(createBody({})), {
        'content-type': 'text/plain',
        authorization: `Bearer ${api.token}`,
      });
      expectApiError(text, 415);
      await expectStoredDataUnchanged();
    });
  });

  describe('GET /api/incidents', () => {
    it.each(BAD_QUERIES)('refuses $name ($query) with 400 naming $fields', async ({ query, fields }) => {
      expectApiError(await api.get(`/api/incidents?${query}`), 400, fields);
      expectApiError(
        await api.get(`/api/incidents.geojson?${query.replace('_end=1001', '_end=10001')}`),
        400,
      );
    });
  });

  describe('PUT /api/incidents/:id', () => {
    it.each([
      { name: 'the derived communeCode', change: { communeCode: '59183' }, fields: ['communeCode'] },
      { name: 'the review status', change: { status: 'validated' }, fields: ['status'] },
      { name: 'an id different from the URL', change: { id: randomUUID() }, fields: ['id'] },
      { name: 'no version', change: { version: undefined }, fields: ['version'] },
      { name: 'a negative count', change: { victimCount: -1 }, fields: ['victimCount'] },
      { name: 'more minors than victims', change: { victimCount: 1, minorCount: 2 }, fields: ['minorCount'] },
      { name: 'no location and no observation', change: { location: undefined }, fields: ['location'] },
      { name: 'an unknown observation', change: { observationId: randomUUID() }, fields: ['observationId'] },
      { name: 'a longitude of 200', change: at([200, 50.95]), fields: ['location.coordinates'] },
    ])('refuses $name with 400', async ({ change, fields }) => {
      expectApiError(await api.put(`/api/incidents/${snapshot.id}`, replaceBody(change)), 400, fields);
      await expectStoredDataUnchanged();
    });
  });

  describe('PATCH /api/incidents/:id', () => {
    it.each([
      { name: 'the derived area', change: { area: 'littoral' }, fields: ['area'] },
      { name: 'createdAt', change: { createdAt: '2020-01-01T00:00:00Z' }, fields: ['createdAt'] },
      { name: 'type set to null', change: { type: null }, fields: ['type'] },
      { name: 'occurredAt set to null', change: { occurredAt: null }, fields: ['occurredAt'] },
      {
        name: 'a location set to null on an incident without observation',
        change: { location: null },
        fields: ['location'],
      },
      { name: 'a version given as a string', change: { version: '1' }, fields: ['version'] },
      { name: 'more minors than the stored victims', change: { minorCount: 6 }, fields: ['minorCount'] },
      { name: 'fewer victims than the stored minors', change: { victimCount: 0 }, fields: ['minorCount'] },
      { name: 'an unknown consent scope', change: { consent: { press: true } }, fields: ['consent.press'] },
      {
        name: 'a consent scope set to null',
        change: { consent: { research: null } },
        fields: ['consent.research'],
      },
      { name: 'perpetrators set to null', change: { perpetrators: null }, fields: ['perpetrators'] },
      { name: 'an unknown field', change: { colour: 'red' }, fields: ['colour'] },
    ])('refuses $name with 400', async ({ change, fields }) => {
      const response = await api.patch(`/api/incidents/${snapshot.id}`, {
        version: snapshot.version,
        ...change,
      });
      expectApiError(response, 400, fields);
      await expectStoredDataUnchanged();
    });

    it('refuses a change without version with 400', async () => {
      expectApiError(await api.patch(`/api/incidents/${snapshot.id}`, { injured: true }), 400, ['version']);
      await expectStoredDataUnchanged();
    });
  });
});
