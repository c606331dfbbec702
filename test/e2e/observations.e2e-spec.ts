import { randomUUID } from 'node:crypto';
import type { ObservationRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import {
  createObservation,
  createSite,
  expectApiError,
  idFilter,
  idsOf,
  observationInput,
  PLACES,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

interface ObservationFeatureCollection {
  type: string;
  features: {
    type: string;
    id: string;
    geometry: { type: string; coordinates: [number, number] };
    properties: { id: string; kind: string; communeCode: string | null };
  }[];
}

/** ~200 m east of central Calais (a degree of longitude is ~70 km at this latitude). */
const TWO_HUNDRED_METRES_EAST: [number, number] = [
  PLACES.centralCalais[0] + 200 / 70_130,
  PLACES.centralCalais[1],
];

const point = (coordinates: readonly number[]) => ({ type: 'Point', coordinates: [...coordinates] });

describe('observations', () => {
  const api = useApi();

  /** Ids of the records of `ids` that a filter keeps, in the order the API answers. */
  async function listed(ids: readonly string[], filter: string): Promise<string[]> {
    const response = await api.get<ObservationRecord[]>(`/api/observations?${idFilter(ids)}&${filter}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return idsOf(response);
  }

  describe('POST /api/observations', () => {
    it('answers 201 with the stored record, a fresh draft at version 1', async () => {
      const input = observationInput();
      const response = await api.post<ObservationRecord>('/api/observations', input);

      expect(response.status).toBe(201);
      expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body).toMatchObject({
        kind: 'eviction',
        status: 'draft',
        version: 1,
        deletedAt: null,
        peopleEvicted: 40,
        arrests: 2,
        description: input.description,
      });
      expect(Date.parse(response.body.startedAt)).toBe(Date.parse('2025-03-04T07:30:00+01:00'));
      expect(Date.parse(response.body.endedAt ?? '')).toBe(Date.parse('2025-03-04T09:00:00+01:00'));
      expect(response.body.location).toEqual(point(PLACES.centralCalais));
    });

    it('derives the commune and area from the location', async () => {
      const calais = await createObservation(api);
      const grandeSynthe = await createObservation(api, { location: point(PLACES.grandeSynthe) });
      const offshore = await createObservation(api, { location: point(PLACES.offshore) });

      expect(calais).toMatchObject({ communeCode: '62193', area: 'calaisis' });
      expect(grandeSynthe).toMatchObject({ communeCode: '59271', area: 'dunkerquois' });
      expect(offshore).toMatchObject({ communeCode: null, area: null });
    });

    it('ignores nothing of the forces and seizures and keeps their order', async () => {
      const forces = [
        { unit: 'gm', vehicles: 4, officers: 25, identifiers: 'escadron 12/3' },
        { unit: 'crs', vehicles: 8, officers: null, identifiers: null },
        { unit: 'pm', vehicles: null, officers: 2, identifiers: null },
      ];
      const seizures = [
        { item: 'tent', quantity: 15, destroyed: true },
        { item: 'sleeping_bag', quantity: 30, destroyed: false },
        { item: 'phone', quantity: 1, destroyed: false },
      ];
      const created = await createObservation(api, { forces, seizures });
      const fetched = await api.get<ObservationRecord>(`/api/observations/${created.id}`);

      expect(created.forces).toEqual(forces);
      expect(created.seizures).toEqual(seizures);
      expect(fetched.body.forces).toEqual(forces);
      expect(fetched.body.seizures).toEqual(seizures);
    });

    it('gives defaults to what the observer did not state', async () => {
      const created = await createObservation(api, {
        endedAt: undefined,
        peopleEvicted: undefined,
        arrests: undefined,
        forces: undefined,
        seizures: undefined,
      });

      expect(created).toMatchObject({
        endedAt: null,
        peopleEvicted: null,
        arrests: 0,
        countsReliable: true,
        forces: [],
        seizures: [],
        interpretersPresent: null,
      });
    });

    it('refuses an unknown site with errors.siteId', async () => {
      const marker = uniqueWord('nosite');
      const response = await api.post(
        '/api/observations',
        observationInput({ siteId: randomUUID(), description: marker }),
      );

      expectApiError(response, 400, ['siteId']);
      const after = await api.get(`/api/observations?q=${marker}`);
      expect(totalCount(after)).toBe(0);
    });

    it('links an existing site', async () => {
      const site = await createSite(api);
      const created = await createObservation(api, { siteId: site.id });

      expect(created.siteId).toBe(site.id);
    });
  });

  describe('POST /api/observations with a client id (idempotent create)', () => {
    it('answers 201 then 200 with the same record when the same body is sent twice', async () => {
      const id = randomUUID();
      const input = observationInput({ id });

      const first = await api.post<ObservationRecord>('/api/observations', input);
      const second = await api.post<ObservationRecord>('/api/observations', input);

      expect(first.status).toBe(201);
      expect(first.body.id).toBe(id);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      const rows = await api.get(`/api/observations?q=${encodeURIComponent(String(input.description))}`);
      expect(totalCount(rows)).toBe(1);
    });

    it('answers 409 when the same id comes with another body, and keeps the stored record', async () => {
      const id = randomUUID();
      const first = await api.post<ObservationRecord>('/api/observations', observationInput({ id }));

      const conflicting = await api.post('/api/observations', observationInput({ id, arrests: 9 }));

      expect(first.status).toBe(201);
      expectApiError(conflicting, 409);
      const stored = await api.get<ObservationRecord>(`/api/observations/${id}`);
      expect(stored.body).toEqual(first.body);
    });
  });

  describe('GET /api/observations/:id', () => {
    it('answers the record', async () => {
      const created = await createObservation(api);

      const response = await api.get<ObservationRecord>(`/api/observations/${created.id}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(created);
    });

    it('answers 404 for an unknown id', async () => {
      expectApiError(await api.get(`/api/observations/${randomUUID()}`), 404);
    });

    it('answers 400 for a malformed id', async () => {
      expectApiError(await api.get('/api/observations/not-a-uuid'), 400);
    });
  });

  describe('GET /api/observations (list)', () => {
    it('pages and sorts with _start, _end, _sort and _order and gives the total in X-Total-Count', async () => {
      const days = ['2025-05-03', '2025-05-01', '2025-05-04', '2025-05-02'];
      const records: ObservationRecord[] = [];
      for (const day of days)
        records.push(await createObservation(api, { startedAt: `${day}T08:00:00+02:00`, endedAt: null }));
      const byDay = (day: string) => (records[days.indexOf(day)] as ObservationRecord).id;
      const ids = records.map((record) => record.id);

      const firstPage = await api.get(
        `/api/observations?${idFilter(ids)}&_start=0&_end=2&_sort=startedAt&_order=ASC`,
      );
      const secondPage = await api.get(
        `/api/observations?${idFilter(ids)}&_start=2&_end=4&_sort=startedAt&_order=ASC`,
      );
      const descending = await api.get(
        `/api/observations?${idFilter(ids)}&_start=0&_end=3&_sort=startedAt&_order=DESC`,
      );

      expect(firstPage.status).toBe(200);
      expect(firstPage.headers.get('access-control-expose-headers')).toMatch(/X-Total-Count/i);
      expect(totalCount(firstPage)).toBe(4);
      expect(idsOf(firstPage)).toEqual([byDay('2025-05-01'), byDay('2025-05-02')]);
      expect(totalCount(secondPage)).toBe(4);
      expect(idsOf(secondPage)).toEqual([byDay('2025-05-03'), byDay('2025-05-04')]);
      expect(idsOf(descending)).toEqual([byDay('2025-05-04'), byDay('2025-05-03'), byDay('2025-05-02')]);
    });

    it('sorts by the most recent start by default', async () => {
      const older = await createObservation(api, { startedAt: '2025-06-01T08:00:00+02:00', endedAt: null });
      const newer = await createObservation(api, { startedAt: '2025-06-02T08:00:00+02:00', endedAt: null });

      expect(await listed([older.id, newer.id], '')).toEqual([newer.id, older.id]);
    });

    it('returns a batch of records with repeated id', async () => {
      const a = await createObservation(api);
      const b = await createObservation(api);
      await createObservation(api);

      const response = await api.get(`/api/observations?${idFilter([a.id, b.id])}`);

      expect(totalCount(response)).toBe(2);
      expect(idsOf(response).sort()).toEqual([a.id, b.id].sort());
    });

    it('filters by kind', async () => {
      const eviction = await createObservation(api, { kind: 'eviction' });
      const works = await createObservation(api, { kind: 'site_works' });
      const ids = [eviction.id, works.id];

      expect(await listed(ids, 'kind=site_works')).toEqual([works.id]);
      expect((await listed(ids, 'kind=site_works&kind=eviction')).sort()).toEqual([...ids].sort());
    });

    it('filters by review status', async () => {
      const draft = await createObservation(api);

      expect(await listed([draft.id], 'status=draft')).toEqual([draft.id]);
      expect(await listed([draft.id], 'status=validated')).toEqual([]);
    });

    it('filters by area and by commune', async () => {
      const calais = await createObservation(api);
      const grandeSynthe = await createObservation(api, { location: point(PLACES.grandeSynthe) });
      const ids = [calais.id, grandeSynthe.id];

      expect(await listed(ids, 'area=calaisis')).toEqual([calais.id]);
      expect(await listed(ids, 'area=dunkerquois')).toEqual([grandeSynthe.id]);
      expect(await listed(ids, 'communeCode=59271')).toEqual([grandeSynthe.id]);
      expect(await listed(ids, 'communeCode=59183')).toEqual([]);
    });

    it('filters by site', async () => {
      const site = await createSite(api);
      const onSite = await createObservation(api, { siteId: site.id });
      const elsewhere = await createObservation(api);

      expect(await listed([onSite.id, elsewhere.id], `siteId=${site.id}`)).toEqual([onSite.id]);
    });

    it('reads bare dates in startedAt_gte and startedAt_lte as Paris local days', async () => {
      // 23:30 in Paris on 31 March (summer time, UTC+2): March.
      const lateMarch = await createObservation(api, {
        startedAt: '2025-03-31T23:30:00+02:00',
        endedAt: null,
      });
      // 22:30 UTC on 31 March is 00:30 in Paris on 1 April: April.
      const earlyApril = await createObservation(api, { startedAt: '2025-03-31T22:30:00Z', endedAt: null });
      const ids = [lateMarch.id, earlyApril.id];

      expect(await listed(ids, 'startedAt_lte=2025-03-31')).toEqual([lateMarch.id]);
      expect(await listed(ids, 'startedAt_gte=2025-04-01')).toEqual([earlyApril.id]);
      expect(await listed(ids, 'startedAt_gte=2025-03-31&startedAt_lte=2025-03-31')).toEqual([lateMarch.id]);
      expect(await listed(ids, 'startedAt_gte=2025-04-01&startedAt_lte=2025-04-01')).toEqual([earlyApril.id]);
    });

    it('reads a bare date in startedAt (equality) as the whole Paris local day', async () => {
      const lateMarch = await createObservation(api, {
        startedAt: '2025-03-31T23:30:00+02:00',
        endedAt: null,
      });
      const earlyApril = await createObservation(api, { startedAt: '2025-03-31T22:30:00Z', endedAt: null });
      const ids = [lateMarch.id, earlyApril.id];

      expect(await listed(ids, 'startedAt=2025-03-31')).toEqual([lateMarch.id]);
      expect(await listed(ids, 'startedAt=2025-04-01')).toEqual([earlyApril.id]);
    });

    it('accepts timestamps with an offset in range filters', async () => {
      const record = await createObservation(api, { startedAt: '2025-07-10T06:00:00+02:00', endedAt: null });

      expect(
        await listed([record.id], `startedAt_gte=${encodeURIComponent('2025-07-10T04:00:00Z')}`),
      ).toEqual([record.id]);
      expect(
        await listed([record.id], `startedAt_gte=${encodeURIComponent('2025-07-10T04:00:01Z')}`),
      ).toEqual([]);
    });

    it('searches the description in French with q (plural finds singular)', async () => {
      const word = uniqueWord('camp');
      const withTent = await createObservation(api, {
        description: `Une tente lacérée par les agents au ${word}`,
      });
      const withoutTent = await createObservation(api, { description: `Des bâches saisies au ${word}` });
      const ids = [withTent.id, withoutTent.id];

      expect(await listed(ids, 'q=tentes')).toEqual([withTent.id]);
      expect((await listed(ids, `q=${word}`)).sort()).toEqual([...ids].sort());
    });

    it('filters by bbox', async () => {
      const calais = await createObservation(api);
      const grandeSynthe = await createObservation(api, { location: point(PLACES.grandeSynthe) });
      const ids = [calais.id, grandeSynthe.id];

      expect(await listed(ids, 'bbox=1.80,50.90,1.90,51.00')).toEqual([calais.id]);
      expect(await listed(ids, 'bbox=2.25,50.98,2.35,51.05')).toEqual([grandeSynthe.id]);
      expect((await listed(ids, 'bbox=1.5,50.5,2.5,51.5')).sort()).toEqual([...ids].sort());
    });

    it('filters by distance in metres with near and radius', async () => {
      const centre = await createObservation(api);
      const twoHundredMetresAway = await createObservation(api, { location: point(TWO_HUNDRED_METRES_EAST) });
      const ids = [centre.id, twoHundredMetresAway.id];
      const near = `near=${PLACES.centralCalais.join(',')}`;

      expect((await listed(ids, `${near}&radius=300`)).sort()).toEqual([...ids].sort());
      expect(await listed(ids, `${near}&radius=100`)).toEqual([centre.id]);
    });

    it('hides soft-deleted records unless deleted=true', async () => {
      const kept = await createObservation(api);
      const deleted = await createObservation(api);
      await api.delete(`/api/observations/${deleted.id}`);
      const ids = [kept.id, deleted.id];

      expect(await listed(ids, '')).toEqual([kept.id]);
      expect(await listed(ids, 'deleted=true')).toEqual([deleted.id]);
    });
  });

  describe('possibleDuplicateIds', () => {
    it('names the other observations of the same kind within 300 m that started at most 2 h apart', async () => {
      const first = await createObservation(api, {
        startedAt: '2019-06-15T10:00:00+02:00',
        endedAt: '2019-06-15T11:00:00+02:00',
      });
      const nearbySoonAfter = await createObservation(api, {
        startedAt: '2019-06-15T11:45:00+02:00',
        endedAt: null,
        location: point(TWO_HUNDRED_METRES_EAST),
      });
      const otherKind = await createObservation(api, {
        kind: 'site_works',
        startedAt: '2019-06-15T10:00:00+02:00',
        endedAt: null,
      });
      const oneKilometreAway = await createObservation(api, {
        startedAt: '2019-06-15T10:00:00+02:00',
        endedAt: null,
        location: point([PLACES.centralCalais[0] + 1000 / 70_130, PLACES.centralCalais[1]]),
      });
      const sameDayLater = await createObservation(api, {
        startedAt: '2019-06-15T16:00:00+02:00',
        endedAt: null,
      });

      const read = async (id: string) =>
        (await api.get<ObservationRecord>(`/api/observations/${id}`)).body.possibleDuplicateIds;

      expect(await read(first.id)).toEqual([nearbySoonAfter.id]);
      expect(await read(nearbySoonAfter.id)).toEqual([first.id]);
      expect(await read(otherKind.id)).toEqual([]);
      expect(await read(oneKilometreAway.id)).toEqual([]);
      expect(await read(sameDayLater.id)).toEqual([]);
    });

    it('forgets a deleted observation', async () => {
      const first = await createObservation(api, { startedAt: '2019-07-20T10:00:00+02:00', endedAt: null });
      const twin = await createObservation(api, { startedAt: '2019-07-20T10:30:00+02:00', endedAt: null });

      await api.delete(`/api/observations/${twin.id}`);

      const read = await api.get<ObservationRecord>(`/api/observations/${first.id}`);
      expect(read.body.possibleDuplicateIds).toEqual([]);
    });
  });

  describe('GET /api/observations.geojson', () => {
    it('returns a FeatureCollection with the same filters and X-Total-Count', async () => {
      const calais = await createObservation(api);
      const grandeSynthe = await createObservation(api, { location: point(PLACES.grandeSynthe) });
      const ids = [calais.id, grandeSynthe.id];

      const all = await api.get<ObservationFeatureCollection>(`/api/observations.geojson?${idFilter(ids)}`);
      const dunkerquois = await api.get<ObservationFeatureCollection>(
        `/api/observations.geojson?${idFilter(ids)}&area=dunkerquois`,
      );

      expect(all.status).toBe(200);
      expect(all.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(all.body.type).toBe('FeatureCollection');
      expect(totalCount(all)).toBe(2);
      expect(all.body.features.map((feature) => feature.id).sort()).toEqual([...ids].sort());
      expect(totalCount(dunkerquois)).toBe(1);
      expect(dunkerquois.body.features).toHaveLength(1);
      const [feature] = dunkerquois.body.features;
      expect(feature).toMatchObject({
        type: 'Feature',
        id: grandeSynthe.id,
        geometry: { type: 'Point' },
        properties: { id: grandeSynthe.id, kind: 'eviction', communeCode: '59271' },
      });
      expect(feature?.geometry.coordinates[0]).toBeCloseTo(PLACES.grandeSynthe[0], 5);
      expect(feature?.geometry.coordinates[1]).toBeCloseTo(PLACES.grandeSynthe[1], 5);
    });

    it('refuses an unknown filter like the list does', async () => {
      expectApiError(await api.get('/api/observations.geojson?colour=red'), 400, ['colour']);
    });
  });

  describe('PUT /api/observations/:id', () => {
    it('replaces the record and increments the version', async () => {
      const created = await createObservation(api);
      const replacement = observationInput({
        kind: 'large_eviction',
        location: point(PLACES.grandeSynthe),
        seizures: [{ item: 'tarp', quantity: 3, destroyed: false }],
        version: 1,
      });

      const response = await api.put<ObservationRecord>(`/api/observations/${created.id}`, replacement);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: created.id,
        kind: 'large_eviction',
        version: 2,
        communeCode: '59271',
        area: 'dunkerquois',
        seizures: [{ item: 'tarp', quantity: 3, destroyed: false }],
      });
      const stored = await api.get<ObservationRecord>(`/api/observations/${created.id}`);
      expect(stored.body).toEqual(response.body);
    });

    it('answers 409 with the current record on a stale version, and changes nothing', async () => {
      const created = await createObservation(api);
      const updated = await api.put<ObservationRecord>(
        `/api/observations/${created.id}`,
        observationInput({ arrests: 5, version: 1 }),
      );

      const stale = await api.put(
        `/api/observations/${created.id}`,
        observationInput({ arrests: 7, version: 1 }),
      );

      expect(updated.status).toBe(200);
      const body = expectApiError(stale, 409);
      expect(body.current).toEqual(updated.body);
      const stored = await api.get<ObservationRecord>(`/api/observations/${created.id}`);
      expect(stored.body).toEqual(updated.body);
    });

    it('answers 409 on a deleted record', async () => {
      const created = await createObservation(api);
      const deleted = await api.delete<ObservationRecord>(`/api/observations/${created.id}`);

      const response = await api.put(
        `/api/observations/${created.id}`,
        observationInput({ version: deleted.body.version }),
      );

      expectApiError(response, 409);
      const stored = await api.get<ObservationRecord>(`/api/observations/${created.id}`);
      expect(stored.body).toEqual(deleted.body);
    });

    it('answers 404 for an unknown id', async () => {
      expectApiError(
        await api.put(`/api/observations/${randomUUID()}`, observationInput({ version: 1 })),
        404,
      );
    });

    it('refuses an unknown site with errors.siteId', async () => {
      const created = await createObservation(api);

      const response = await api.put(
        `/api/observations/${created.id}`,
        observationInput({ siteId: randomUUID(), version: 1 }),
      );

      expectApiError(response, 400, ['siteId']);
      expect((await api.get(`/api/observations/${created.id}`)).body).toEqual(created);
    });
  });

  describe('PATCH /api/observations/:id', () => {
    it('changes only the fields sent and increments the version', async () => {
      const created = await createObservation(api);

      const response = await api.patch<ObservationRecord>(`/api/observations/${created.id}`, {
        arrests: 4,
        version: 1,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ...created,
        arrests: 4,
        version: 2,
        updatedAt: response.body.updatedAt,
      });
    });

    it('answers 409 with the current record on a stale version', async () => {
      const created = await createObservation(api);
      const first = await api.patch<ObservationRecord>(`/api/observations/${created.id}`, {
        arrests: 1,
        version: 1,
      });

      const stale = await api.patch(`/api/observations/${created.id}`, { arrests: 3, version: 1 });

      const body = expectApiError(stale, 409);
      expect(body.current).toEqual(first.body);
      expect((await api.get(`/api/observations/${created.id}`)).body).toEqual(first.body);
    });

    it('checks a new endedAt against the stored startedAt', async () => {
      const created = await createObservation(api, {
        startedAt: '2025-03-04T07:30:00+01:00',
        endedAt: null,
      });

      const before = await api.patch(`/api/observations/${created.id}`, {
        endedAt: '2025-03-04T07:00:00+01:00',
        version: 1,
      });
      const tooLate = await api.patch(`/api/observations/${created.id}`, {
        endedAt: '2025-03-05T08:00:00+01:00',
        version: 1,
      });
      const fine = await api.patch<ObservationRecord>(`/api/observations/${created.id}`, {
        endedAt: '2025-03-04T10:00:00+01:00',
        version: 1,
      });

      expectApiError(before, 400, ['endedAt']);
      expectApiError(tooLate, 400, ['endedAt']);
      expect(fine.status).toBe(200);
      expect(Date.parse(fine.body.endedAt ?? '')).toBe(Date.parse('2025-03-04T10:00:00+01:00'));
    });

    it('checks a new startedAt against the stored endedAt', async () => {
      const created = await createObservation(api);

      const response = await api.patch(`/api/observations/${created.id}`, {
        startedAt: '2025-03-04T10:00:00+01:00',
        version: 1,
      });

      expectApiError(response, 400, ['endedAt']);
      expect((await api.get(`/api/observations/${created.id}`)).body).toEqual(created);
    });

    it('replaces the seizures when they are sent and keeps the forces when they are not', async () => {
      const created = await createObservation(api);

      const response = await api.patch<ObservationRecord>(`/api/observations/${created.id}`, {
        seizures: [{ item: 'blanket', quantity: 8, destroyed: true }],
        version: 1,
      });

      expect(response.body.seizures).toEqual([{ item: 'blanket', quantity: 8, destroyed: true }]);
      expect(response.body.forces).toEqual(created.forces);
    });
  });

  describe('DELETE /api/observations/:id and POST /api/observations/:id/restore', () => {
    it('soft deletes: hidden from the list, listed with deleted=true, still readable with deletedAt', async () => {
      const created = await createObservation(api);

      const deleted = await api.delete<ObservationRecord>(`/api/observations/${created.id}`);

      expect(deleted.status).toBe(200);
      expect(await listed([created.id], '')).toEqual([]);
      expect(await listed([created.id], 'deleted=true')).toEqual([created.id]);
      const fetched = await api.get<ObservationRecord>(`/api/observations/${created.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body.deletedAt).not.toBeNull();
      expect(Number.isNaN(Date.parse(fetched.body.deletedAt ?? ''))).toBe(false);
    });

    it('restores a deleted record into the list', async () => {
      const created = await createObservation(api);
      await api.delete(`/api/observations/${created.id}`);

      const restored = await api.post<ObservationRecord>(`/api/observations/${created.id}/restore`);

      expect(restored.status).toBe(200);
      expect(restored.body.deletedAt).toBeNull();
      expect(restored.body.version).toBeGreaterThan(created.version);
      expect(await listed([created.id], '')).toEqual([created.id]);
      const patched = await api.patch(`/api/observations/${created.id}`, {
        arrests: 0,
        version: restored.body.version,
      });
      expect(patched.status).toBe(200);
    });

    it('answers 404 when deleting or restoring an unknown id', async () => {
      expectApiError(await api.delete(`/api/observations/${randomUUID()}`), 404);
      expectApiError(await api.post(`/api/observations/${randomUUID()}/restore`), 404);
    });
  });
});
