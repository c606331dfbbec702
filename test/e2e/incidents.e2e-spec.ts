import { randomUUID } from 'node:crypto';
import type { IncidentRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createIncident,
  createObservation,
  expectApiError,
  idFilter,
  idsOf,
  incidentInput,
  PLACES,
  signedInAs,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

interface IncidentFeatureCollection {
  type: string;
  features: {
    type: string;
    id: string;
    geometry: { type: string; coordinates: [number, number] };
    properties: Record<string, unknown>;
  }[];
}

interface HistoryEntry {
  action: string;
  actorId: string | null;
  diff: Record<string, { before: unknown; after: unknown }>;
}

const point = (coordinates: readonly number[]) => ({ type: 'Point', coordinates: [...coordinates] });

describe('incidents', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let observer: ApiClient;
  let coordinator: ApiClient;
  let legal: ApiClient;
  let communication: ApiClient;

  beforeAll(async () => {
    [observer, coordinator, legal, communication] = await Promise.all([
      signedInAs(api, 'observer'),
      signedInAs(api, 'coordinator'),
      signedInAs(api, 'legal'),
      signedInAs(api, 'communication'),
    ]);
  });

  /** Ids of the records of `ids` that a filter keeps, in the order the API answers. */
  async function listed(ids: readonly string[], filter: string, client: ApiClient = api): Promise<string[]> {
    const response = await client.get<IncidentRecord[]>(`/api/incidents?${idFilter(ids)}&${filter}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return idsOf(response);
  }

  async function stored(id: string): Promise<IncidentRecord> {
    const response = await api.get<IncidentRecord>(`/api/incidents/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  async function validate(id: string): Promise<IncidentRecord> {
    expect((await coordinator.post(`/api/incidents/${id}/submit`)).status).toBe(200);
    const response = await coordinator.post<IncidentRecord>(`/api/incidents/${id}/validate`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  describe('POST /api/incidents', () => {
    it('answers 201 with the stored record, a draft at version 1 with its commune derived', async () => {
      const input = incidentInput({ perpetrators: ['crs', 'pn'], consent: { litigation: true } });
      const response = await api.post<IncidentRecord>('/api/incidents', input);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        type: 'tear_gas',
        location: point(PLACES.centralCalais),
        observationId: null,
        communeCode: '62193',
        area: 'calaisis',
        victimCount: 5,
        minorCount: 1,
        injured: false,
        medicalCare: null,
        perpetrators: ['crs', 'pn'],
        description: input.description,
        consent: { publication: false, litigation: true, research: false },
        status: 'draft',
        reviewComment: null,
        version: 1,
        createdBy: api.user!.id,
        deletedAt: null,
      });
      expect(Date.parse(response.body.occurredAt)).toBe(Date.parse('2025-03-04T07:45:00+01:00'));
      expect(await stored(response.body.id)).toEqual(response.body);
    });

    it('gives defaults to what was not stated: no consent, no perpetrators, unknown counts', async () => {
      const created = await createIncident(observer, {
        victimCount: undefined,
        minorCount: undefined,
        injured: undefined,
        perpetrators: undefined,
        consent: undefined,
        publicSummary: undefined,
      });
      expect(created).toMatchObject({
        victimCount: null,
        minorCount: null,
        injured: null,
        perpetrators: [],
        publicSummary: null,
        consent: { publication: false, litigation: false, research: false },
      });
    });

    it('copies the location of the linked observation when none is given, and derives the commune from it', async () => {
      const observation = await createObservation(api, { location: point(PLACES.grandeSynthe) });
      const created = await createIncident(observer, {
        type: 'arrest',
        location: undefined,
        observationId: observation.id,
      });
      expect(created).toMatchObject({
        observationId: observation.id,
        location: point(PLACES.grandeSynthe),
        communeCode: '59271',
        area: 'dunkerquois',
      });
      // A location given explicitly wins over the observation's.
      const explicit = await createIncident(observer, { observationId: observation.id });
      expect(explicit.location).toEqual(point(PLACES.centralCalais));
    });

    it('refuses an incident with neither location nor observation with errors.location', async () => {
      const response = await api.post('/api/incidents', incidentInput({ location: undefined }));
      expectApiError(response, 400, ['location']);
    });

    it('refuses an unknown or deleted observation with errors.observationId', async () => {
      const unknown = await api.post('/api/incidents', incidentInput({ observationId: randomUUID() }));
      expectApiError(unknown, 400, ['observationId']);
      const deleted = await createObservation(api);
      expect((await api.delete(`/api/observations/${deleted.id}`)).status).toBe(200);
      const response = await observer.post(
        '/api/incidents',
        incidentInput({ location: undefined, observationId: deleted.id }),
      );
      expectApiError(response, 400, ['observationId']);
    });
  });

  describe('POST /api/incidents with a client id (idempotent create)', () => {
    it('answers 201 then 200 with the same record when the same body is sent twice', async () => {
      const body = incidentInput({ id: randomUUID(), testimony: 'Récit recueilli sur place.' });
      const first = await observer.post<IncidentRecord>('/api/incidents', body);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const second = await observer.post<IncidentRecord>('/api/incidents', body);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      const rows = (await api.dataSource.query(`SELECT count(*)::int AS n FROM incidents WHERE id = $1`, [
        body.id,
      ])) as { n: number }[];
      expect(rows[0]!.n).toBe(1);
    });

    it('answers 409 when the same id comes with another body, and keeps the stored record', async () => {
      const id = randomUUID();
      const created = await createIncident(api, { id });
      const response = await api.post('/api/incidents', incidentInput({ id, victimCount: 9 }));
      expectApiError(response, 409, ['id']);
      expect(await stored(id)).toEqual(created);
    });
  });

  describe('GET /api/incidents/:id', () => {
    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectApiError(await api.get(`/api/incidents/${randomUUID()}`), 404);
      expectApiError(await api.get('/api/incidents/not-a-uuid'), 400);
    });
  });

  describe('GET /api/incidents (list)', () => {
    it('pages and sorts, with the total in X-Total-Count', async () => {
      const records = [];
      for (const day of ['01', '02', '03']) {
        records.push(await createIncident(api, { occurredAt: `2025-05-${day}T10:00:00+02:00` }));
      }
      const ids = records.map((record) => record.id);
      const response = await api.get(
        `/api/incidents?${idFilter(ids)}&_start=0&_end=2&_sort=occurredAt&_order=ASC`,
      );
      expect(response.status).toBe(200);
      expect(totalCount(response)).toBe(3);
      expect(idsOf(response)).toEqual(ids.slice(0, 2));
      expect(await listed(ids, '')).toEqual([...ids].reverse());
    });

    it('filters by type (repeatable) and by againstObservers', async () => {
      const gas = await createIncident(api, { type: 'tear_gas' });
      const arrest = await createIncident(api, { type: 'arrest' });
      const obstruction = await createIncident(api, { type: 'observer_obstruction' });
      const fine = await createIncident(api, { type: 'observer_fine' });
      const ids = [gas.id, arrest.id, obstruction.id, fine.id];
      expect((await listed(ids, 'type=arrest')).sort()).toEqual([arrest.id]);
      expect((await listed(ids, 'type=arrest&type=tear_gas')).sort()).toEqual([gas.id, arrest.id].sort());
      expect((await listed(ids, 'againstObservers=true')).sort()).toEqual([obstruction.id, fine.id].sort());
      expect((await listed(ids, 'againstObservers=false')).sort()).toEqual([gas.id, arrest.id].sort());
      expectApiError(await api.get('/api/incidents?againstObservers=yes'), 400, ['againstObservers']);
      expectApiError(await api.get('/api/incidents?type=riot'), 400, ['type']);
    });

    it('filters by status, area, communeCode and observationId', async () => {
      const observation = await createObservation(api);
      const calais = await createIncident(api, { observationId: observation.id });
      const synthe = await createIncident(api, { location: point(PLACES.grandeSynthe) });
      await validate(synthe.id);
      const ids = [calais.id, synthe.id];
      expect(await listed(ids, 'status=validated')).toEqual([synthe.id]);
      expect(await listed(ids, 'area=dunkerquois')).toEqual([synthe.id]);
      expect(await listed(ids, 'communeCode=62193')).toEqual([calais.id]);
      expect(await listed(ids, `observationId=${observation.id}`)).toEqual([calais.id]);
    });

    it('reads bare dates in occurredAt_gte and occurredAt_lte as Paris local days', async () => {
      // 23:30 in Paris on 31 March is 21:30 UTC: it belongs to March.
      const lateMarch = await createIncident(api, { occurredAt: '2025-03-31T23:30:00+02:00' });
      const earlyApril = await createIncident(api, { occurredAt: '2025-04-01T00:30:00+02:00' });
      const ids = [lateMarch.id, earlyApril.id];
      expect(await listed(ids, 'occurredAt_gte=2025-03-01&occurredAt_lte=2025-03-31')).toEqual([
        lateMarch.id,
      ]);
      expect(await listed(ids, 'occurredAt_gte=2025-04-01')).toEqual([earlyApril.id]);
    });

    it('searches the description and the public summary in French with q, never the testimony', async () => {
      const word = uniqueWord('mot');
      const inDescription = await createIncident(api, { description: `Les tentes ${word} lacérées` });
      const inSummary = await createIncident(api, { publicSummary: `Résumé ${word}` });
      const secret = uniqueWord('secret');
      const inTestimony = await createIncident(api, { testimony: `Témoignage ${word} ${secret}` });
      const ids = [inDescription.id, inSummary.id, inTestimony.id];
      expect((await listed(ids, `q=${word}`)).sort()).toEqual([inDescription.id, inSummary.id].sort());
      expect(await listed(ids, 'q=tente')).toContain(inDescription.id);
      // Not even for the roles that may read the testimony.
      expect(await listed(ids, `q=${secret}`)).toEqual([]);
      expect(await listed(ids, `q=${secret}`, legal)).toEqual([]);
    });

    it('filters by bbox and by near + radius', async () => {
      const calais = await createIncident(api);
      const synthe = await createIncident(api, { location: point(PLACES.grandeSynthe) });
      const ids = [calais.id, synthe.id];
      expect(await listed(ids, 'bbox=1.8,50.9,1.9,51.0')).toEqual([calais.id]);
      expect(await listed(ids, `near=${PLACES.grandeSynthe.join(',')}&radius=500`)).toEqual([synthe.id]);
    });

    it('refuses an unknown filter or sort field with 400', async () => {
      expectApiError(await api.get('/api/incidents?colour=red'), 400, ['colour']);
      expectApiError(await api.get('/api/incidents?_sort=testimony'), 400, ['_sort']);
      expectApiError(await api.get('/api/incidents?testimony=x'), 400, ['testimony']);
    });

    it('hides soft-deleted records unless deleted=true', async () => {
      const kept = await createIncident(api);
      const gone = await createIncident(api);
      expect((await api.delete(`/api/incidents/${gone.id}`)).status).toBe(200);
      const ids = [kept.id, gone.id];
      expect(await listed(ids, '')).toEqual([kept.id]);
      expect(await listed(ids, 'deleted=true')).toEqual([gone.id]);
    });
  });

  describe('GET /api/incidents.geojson', () => {
    it('returns a FeatureCollection with the same filters, without free text', async () => {
      const gas = await createIncident(api, { testimony: 'à ne pas publier' });
      const obstruction = await createIncident(api, {
        type: 'observer_obstruction',
        location: point(PLACES.grandeSynthe),
      });
      const response = await api.get<IncidentFeatureCollection>(
        `/api/incidents.geojson?${idFilter([gas.id, obstruction.id])}&againstObservers=true`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(totalCount(response)).toBe(1);
      expect(response.body.type).toBe('FeatureCollection');
      expect(response.body.features).toHaveLength(1);
      const [feature] = response.body.features;
      expect(feature).toMatchObject({
        type: 'Feature',
        id: obstruction.id,
        geometry: point(PLACES.grandeSynthe),
        properties: { type: 'observer_obstruction', communeCode: '59271', againstObservers: true },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/testimony|description|publicSummary/);
      expectApiError(await api.get('/api/incidents.geojson?colour=red'), 400, ['colour']);
    });
  });

  describe('PUT and PATCH /api/incidents/:id', () => {
    it('replaces the whole record: absent optional fields go back to their defaults, version + 1', async () => {
      const created = await createIncident(api, { consent: { publication: true, research: true } });
      const response = await api.put<IncidentRecord>(
        `/api/incidents/${created.id}`,
        incidentInput({
          version: 1,
          type: 'arrest',
          consent: { litigation: true },
          victimCount: undefined,
          minorCount: undefined,
        }),
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({
        type: 'arrest',
        version: 2,
        victimCount: null,
        consent: { publication: false, litigation: true, research: false },
      });
    });

    it('changes only the fields sent with PATCH, consent scopes included', async () => {
      const created = await createIncident(api, { consent: { research: true } });
      const response = await api.patch<IncidentRecord>(`/api/incidents/${created.id}`, {
        version: 1,
        injured: true,
        consent: { publication: true },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({
        injured: true,
        victimCount: created.victimCount,
        description: created.description,
        consent: { publication: true, litigation: false, research: true },
        version: 2,
      });
    });

    it('inherits the location again when a whole-record update leaves it out', async () => {
      const observation = await createObservation(api, { location: point(PLACES.grandeSynthe) });
      const created = await createIncident(api);
      const response = await api.put<IncidentRecord>(
        `/api/incidents/${created.id}`,
        incidentInput({ version: 1, location: undefined, observationId: observation.id }),
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ location: point(PLACES.grandeSynthe), communeCode: '59271' });
      const orphan = await api.put(
        `/api/incidents/${created.id}`,
        incidentInput({ version: 2, location: undefined }),
      );
      expectApiError(orphan, 400, ['location']);
    });

    it('answers 409 with the current record on a stale version, and changes nothing', async () => {
      const created = await createIncident(api);
      expect((await api.patch(`/api/incidents/${created.id}`, { version: 1, injured: true })).status).toBe(
        200,
      );
      const before = await stored(created.id);
      const response = await api.patch(`/api/incidents/${created.id}`, { version: 1, injured: false });
      const body = expectApiError(response, 409, ['version']);
      expect(body.code).toBe('stale_version');
      expect(body.current).toEqual(before);
      expect(await stored(created.id)).toEqual(before);
    });

    it('answers 409 on a deleted record and 404 on an unknown one', async () => {
      const created = await createIncident(api);
      expect((await api.delete(`/api/incidents/${created.id}`)).status).toBe(200);
      expectApiError(await api.patch(`/api/incidents/${created.id}`, { version: 2, injured: true }), 409);
      expectApiError(await api.patch(`/api/incidents/${randomUUID()}`, { version: 1, injured: true }), 404);
    });

    it('lets an observer edit its own incident until it is validated, not after', async () => {
      const own = await createIncident(observer);
      const patched = await observer.patch<IncidentRecord>(`/api/incidents/${own.id}`, {
        version: 1,
        victimCount: 8,
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      await validate(own.id);
      const before = await stored(own.id);
      expectApiError(
        await observer.patch(`/api/incidents/${own.id}`, { version: before.version, victimCount: 9 }),
        403,
      );
      const others = await createIncident(coordinator);
      expectApiError(
        await observer.patch(`/api/incidents/${others.id}`, { version: 1, victimCount: 9 }),
        403,
      );
      expect(await stored(own.id)).toEqual(before);
    });
  });

  describe('DELETE and restore', () => {
    it('soft deletes, restores, and audits both', async () => {
      const created = await createIncident(api);
      const deleted = await api.delete<IncidentRecord>(`/api/incidents/${created.id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body.deletedAt).not.toBeNull();
      expect((await stored(created.id)).deletedAt).not.toBeNull();
      const restored = await api.post<IncidentRecord>(`/api/incidents/${created.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ deletedAt: null, version: 3 });
      const history = await api.get<HistoryEntry[]>(`/api/incidents/${created.id}/history`);
      expect(history.body.map((entry) => entry.action)).toEqual(['restore', 'delete', 'create']);
    });
  });

  describe('the restricted testimony', () => {
    const testimony = 'Il raconte avoir été frappé au visage par un agent.';

    it('is stored when an observer sends it, but never given back to the observer', async () => {
      const created = await createIncident(observer, { testimony });
      expect(created).not.toHaveProperty('testimony');
      const own = await observer.get<IncidentRecord>(`/api/incidents/${created.id}`);
      expect(own.body).not.toHaveProperty('testimony');
      expect(own.body.description).toBe(created.description);
      const list = await observer.get<IncidentRecord[]>(`/api/incidents?id=${created.id}`);
      expect(list.body[0]).not.toHaveProperty('testimony');
      expect(JSON.stringify(list.body)).not.toContain(testimony);
      // Admin and legal read it.
      expect((await stored(created.id)).testimony).toBe(testimony);
      expect((await legal.get<IncidentRecord>(`/api/incidents/${created.id}`)).body.testimony).toBe(
        testimony,
      );
      const legalList = await legal.get<IncidentRecord[]>(`/api/incidents?id=${created.id}`);
      expect(legalList.body[0]!.testimony).toBe(testimony);
    });

    it('is absent for coordinators, in records, lists, stale-version conflicts and history', async () => {
      const created = await createIncident(api, { testimony });
      const record = await coordinator.get<IncidentRecord>(`/api/incidents/${created.id}`);
      expect(record.status).toBe(200);
      expect(record.body).not.toHaveProperty('testimony');
      const patched = await coordinator.patch<IncidentRecord>(`/api/incidents/${created.id}`, {
        version: 1,
        victimCount: 7,
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body).not.toHaveProperty('testimony');
      const stale = await coordinator.patch(`/api/incidents/${created.id}`, { version: 1, victimCount: 6 });
      const conflict = expectApiError(stale, 409);
      expect(conflict.current).not.toHaveProperty('testimony');
      expect(JSON.stringify(conflict)).not.toContain(testimony);
      // The history of a change to the testimony shows no trace of it to a coordinator.
      expect(
        (await api.patch(`/api/incidents/${created.id}`, { version: 2, testimony: `${testimony} (2)` }))
          .status,
      ).toBe(200);
      const history = await coordinator.get<HistoryEntry[]>(`/api/incidents/${created.id}/history`);
      expect(history.status).toBe(200);
      expect(history.body).toHaveLength(3);
      for (const entry of history.body) expect(entry.diff).not.toHaveProperty('testimony');
      expect(JSON.stringify(history.body)).not.toContain(testimony);
      // Admins see that it changed, masked: the audit trail never holds it in clear.
      const adminHistory = await api.get<HistoryEntry[]>(`/api/incidents/${created.id}/history`);
      expect(adminHistory.body[0]!.diff.testimony).toEqual({ before: '[restricted]', after: '[restricted]' });
      expect(JSON.stringify(adminHistory.body)).not.toContain(testimony);
    });

    it('may not be sent on an update by a role that cannot read it; PUT keeps the stored one', async () => {
      const created = await createIncident(observer, { testimony });
      const refused = await observer.patch(`/api/incidents/${created.id}`, {
        version: 1,
        testimony: 'autre',
      });
      expectApiError(refused, 400, ['testimony']);
      const refusedPut = await coordinator.put(
        `/api/incidents/${created.id}`,
        incidentInput({ version: 1, testimony: null }),
      );
      expectApiError(refusedPut, 400, ['testimony']);
      const put = await coordinator.put<IncidentRecord>(
        `/api/incidents/${created.id}`,
        incidentInput({ version: 1, victimCount: 3, minorCount: 0 }),
      );
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect((await stored(created.id)).testimony).toBe(testimony);
      // An admin's whole-record update without it clears it, as PUT means.
      const adminPut = await api.put<IncidentRecord>(
        `/api/incidents/${created.id}`,
        incidentInput({ version: 2 }),
      );
      expect(adminPut.status).toBe(200);
      expect(adminPut.body.testimony).toBeNull();
    });
  });

  describe('communication', () => {
    it('reads validated incidents only: the others are 404 and absent from lists, maps and histories', async () => {
      const draft = await createIncident(api);
      const validated = await createIncident(api);
      await validate(validated.id);
      const ids = [draft.id, validated.id];
      expectApiError(await communication.get(`/api/incidents/${draft.id}`), 404);
      expectApiError(await communication.get(`/api/incidents/${draft.id}/history`), 404);
      expect((await communication.get(`/api/incidents/${validated.id}`)).status).toBe(200);
      expect((await communication.get(`/api/incidents/${validated.id}/history`)).status).toBe(200);
      expect(await listed(ids, '', communication)).toEqual([validated.id]);
      const map = await communication.get<IncidentFeatureCollection>(
        `/api/incidents.geojson?${idFilter(ids)}`,
      );
      expect(map.body.features.map((feature) => feature.id)).toEqual([validated.id]);
    });

    it('gets the public summary only with publication consent, never the testimony', async () => {
      const summary = `Résumé public ${uniqueWord('pub')}`;
      const without = await createIncident(api, { publicSummary: summary, testimony: 'récit' });
      const agreed = await createIncident(api, {
        publicSummary: summary,
        testimony: 'récit',
        consent: { publication: true },
      });
      await validate(without.id);
      await validate(agreed.id);
      const one = await communication.get<IncidentRecord>(`/api/incidents/${without.id}`);
      expect(one.body.publicSummary).toBeNull();
      expect(one.body).not.toHaveProperty('testimony');
      const other = await communication.get<IncidentRecord>(`/api/incidents/${agreed.id}`);
      expect(other.body.publicSummary).toBe(summary);
      const list = await communication.get<IncidentRecord[]>(
        `/api/incidents?${idFilter([without.id, agreed.id])}`,
      );
      const byId = Object.fromEntries(list.body.map((row) => [row.id, row]));
      expect(byId[without.id]!.publicSummary).toBeNull();
      expect(byId[agreed.id]!.publicSummary).toBe(summary);
      const history = await communication.get<HistoryEntry[]>(`/api/incidents/${without.id}/history`);
      expect(JSON.stringify(history.body)).not.toContain(summary);
      // Other roles read it whatever the consent.
      expect((await coordinator.get<IncidentRecord>(`/api/incidents/${without.id}`)).body.publicSummary).toBe(
        summary,
      );
    });
  });

  describe('history', () => {
    it('lists who changed what, newest first', async () => {
      const created = await createIncident(observer);
      expect(
        (await observer.patch(`/api/incidents/${created.id}`, { version: 1, victimCount: 9 })).status,
      ).toBe(200);
      const history = await api.get<HistoryEntry[]>(`/api/incidents/${created.id}/history`);
      expect(history.status).toBe(200);
      expect(totalCount(history)).toBe(2);
      expect(history.body[0]).toMatchObject({
        action: 'update',
        actorId: observer.user!.id,
        diff: { victimCount: { before: 5, after: 9 } },
      });
      expect(history.body[1]!.action).toBe('create');
      expectApiError(await api.get(`/api/incidents/${randomUUID()}/history`), 404);
    });
  });
});
