import { randomUUID } from 'node:crypto';
import type { SiteRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import {
  createSite,
  expectApiError,
  idFilter,
  idsOf,
  type JsonBody,
  PLACES,
  siteInput,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

interface SiteFeatureCollection {
  type: string;
  features: {
    type: string;
    id: string;
    geometry: { type: string; coordinates: [number, number] };
    properties: { id: string; name: string; kind: string; communeCode: string | null };
  }[];
}

const point = (coordinates: readonly number[]) => ({ type: 'Point', coordinates: [...coordinates] });

/** A small closed square around central Calais. */
const PERIMETER = {
  type: 'Polygon',
  coordinates: [
    [
      [1.858, 50.951],
      [1.8595, 50.951],
      [1.8595, 50.9518],
      [1.858, 50.9518],
      [1.858, 50.951],
    ],
  ],
};

describe('sites', () => {
  const api = useApi();

  async function listed(ids: readonly string[], filter: string): Promise<string[]> {
    const response = await api.get<SiteRecord[]>(`/api/sites?${idFilter(ids)}&${filter}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return idsOf(response);
  }

  describe('POST /api/sites', () => {
    it('answers 201 with the site, its commune derived from the location, at version 1', async () => {
      const input = siteInput({
        aliases: ['Le Bois', 'Bois du canal'],
        kind: 'woodland',
        perimeter: PERIMETER,
      });

      const response = await api.post<SiteRecord>('/api/sites', input);

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        name: input.name,
        aliases: ['Le Bois', 'Bois du canal'],
        kind: 'woodland',
        status: 'active',
        communeCode: '62193',
        area: 'calaisis',
        version: 1,
        deletedAt: null,
        location: point(PLACES.centralCalais),
        perimeter: PERIMETER,
      });
    });

    it('defaults the status to unknown and the aliases to none', async () => {
      const created = await createSite(api, { status: undefined, aliases: undefined });

      expect(created).toMatchObject({ status: 'unknown', aliases: [], perimeter: null, notes: null });
    });

    it('answers 200 with the same site when the same client id and body are sent again', async () => {
      const input = siteInput({ id: randomUUID() });

      const first = await api.post<SiteRecord>('/api/sites', input);
      const second = await api.post<SiteRecord>('/api/sites', input);
      const conflicting = await api.post('/api/sites', { ...input, name: 'Autre nom' });

      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expectApiError(conflicting, 409);
      expect((await api.get(`/api/sites/${first.body.id}`)).body).toEqual(first.body);
    });
  });

  describe('GET /api/sites/:id', () => {
    it('answers the site', async () => {
      const created = await createSite(api);

      const response = await api.get<SiteRecord>(`/api/sites/${created.id}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(created);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectApiError(await api.get(`/api/sites/${randomUUID()}`), 404);
      expectApiError(await api.get('/api/sites/old-lidl'), 400);
    });
  });

  describe('GET /api/sites (list)', () => {
    it('lists the reference sites seeded with the database', async () => {
      const response = await api.get<SiteRecord[]>('/api/sites?_end=1000');

      expect(response.status).toBe(200);
      expect(totalCount(response)).toBeGreaterThanOrEqual(8);
      expect(response.body.map((site) => site.name)).toEqual(
        expect.arrayContaining(['Old Lidl', 'Fort Nieulay', 'Puythouck']),
      );
    });

    it('pages and sorts by name with X-Total-Count', async () => {
      const word = uniqueWord('tri');
      const names = [`C ${word}`, `A ${word}`, `B ${word}`];
      const ids: string[] = [];
      for (const name of names) ids.push((await createSite(api, { name })).id);

      const response = await api.get(`/api/sites?${idFilter(ids)}&_start=0&_end=2&_sort=name&_order=ASC`);

      expect(totalCount(response)).toBe(3);
      expect(idsOf(response)).toEqual([ids[1], ids[2]]);
    });

    it('filters by kind', async () => {
      const warehouse = await createSite(api, { kind: 'warehouse' });
      const squat = await createSite(api, { kind: 'squat' });
      const ids = [warehouse.id, squat.id];

      expect(await listed(ids, 'kind=warehouse')).toEqual([warehouse.id]);
      expect(await listed(ids, 'kind=squat')).toEqual([squat.id]);
    });

    it('filters by area', async () => {
      const calais = await createSite(api);
      const grandeSynthe = await createSite(api, { location: point(PLACES.grandeSynthe) });
      const ids = [calais.id, grandeSynthe.id];

      expect(grandeSynthe).toMatchObject({ communeCode: '59271', area: 'dunkerquois' });
      expect(await listed(ids, 'area=calaisis')).toEqual([calais.id]);
      expect(await listed(ids, 'area=dunkerquois')).toEqual([grandeSynthe.id]);
    });

    it('finds a site by one of its aliases with q', async () => {
      const alias = uniqueWord('surnom');
      const site = await createSite(api, {
        name: `Terrain ${uniqueWord('nom')}`,
        aliases: ['Old Depot', alias],
      });
      const other = await createSite(api);

      expect(await listed([site.id, other.id], `q=${alias}`)).toEqual([site.id]);
    });

    it('finds the seeded Old Lidl by "lidl"', async () => {
      const response = await api.get<SiteRecord[]>('/api/sites?q=lidl');

      expect(response.status).toBe(200);
      expect(response.body.map((site) => site.name)).toContain('Old Lidl');
    });

    it('finds the seeded Virval by its alias "Hospital"', async () => {
      const response = await api.get<SiteRecord[]>('/api/sites?q=hospital');

      expect(response.body.map((site) => site.name)).toContain('Virval');
    });
  });

  describe('GET /api/sites.geojson', () => {
    it('returns a FeatureCollection of points with the same filters and X-Total-Count', async () => {
      const calais = await createSite(api, { kind: 'under_bridge' });
      const grandeSynthe = await createSite(api, {
        kind: 'under_bridge',
        location: point(PLACES.grandeSynthe),
      });
      const ids = [calais.id, grandeSynthe.id];

      const response = await api.get<SiteFeatureCollection>(
        `/api/sites.geojson?${idFilter(ids)}&area=calaisis`,
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(response.body.type).toBe('FeatureCollection');
      expect(totalCount(response)).toBe(1);
      expect(response.body.features).toHaveLength(1);
      expect(response.body.features[0]).toMatchObject({
        type: 'Feature',
        id: calais.id,
        geometry: point(PLACES.centralCalais),
        properties: { id: calais.id, name: calais.name, kind: 'under_bridge', communeCode: '62193' },
      });
    });
  });

  describe('PUT /api/sites/:id', () => {
    it('replaces the site and increments the version', async () => {
      const created = await createSite(api, { aliases: ['Ancien nom'] });
      const replacement = siteInput({
        name: `Renommé ${uniqueWord()}`,
        kind: 'squat',
        status: 'dismantled',
        location: point(PLACES.grandeSynthe),
        version: 1,
      });

      const response = await api.put<SiteRecord>(`/api/sites/${created.id}`, replacement);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: created.id,
        name: replacement.name,
        aliases: [],
        kind: 'squat',
        status: 'dismantled',
        communeCode: '59271',
        area: 'dunkerquois',
        version: 2,
      });
      expect((await api.get(`/api/sites/${created.id}`)).body).toEqual(response.body);
    });

    it('answers 409 with the current site on a stale version, and changes nothing', async () => {
      const created = await createSite(api);
      const updated = await api.put<SiteRecord>(
        `/api/sites/${created.id}`,
        siteInput({ name: created.name, notes: 'Vu le 3 mars', version: 1 }),
      );

      const stale = await api.put(`/api/sites/${created.id}`, siteInput({ name: 'Écrasé', version: 1 }));

      expect(updated.status).toBe(200);
      const body = expectApiError(stale, 409);
      expect(body.current).toEqual(updated.body);
      expect((await api.get(`/api/sites/${created.id}`)).body).toEqual(updated.body);
    });

    it('changes some fields with PATCH and a version', async () => {
      const created = await createSite(api);

      const response = await api.patch<SiteRecord>(`/api/sites/${created.id}`, {
        status: 'fenced',
        version: 1,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ...created,
        status: 'fenced',
        version: 2,
        updatedAt: response.body.updatedAt,
      });
    });
  });

  describe('DELETE /api/sites/:id and POST /api/sites/:id/restore', () => {
    it('hides a deleted site from the list, keeps it readable, and restores it', async () => {
      const created = await createSite(api);

      const deleted = await api.delete<SiteRecord>(`/api/sites/${created.id}`);

      expect(deleted.status).toBe(200);
      expect(deleted.body.deletedAt).not.toBeNull();
      expect(await listed([created.id], '')).toEqual([]);
      expect(await listed([created.id], 'deleted=true')).toEqual([created.id]);
      expect((await api.get<SiteRecord>(`/api/sites/${created.id}`)).body.deletedAt).not.toBeNull();

      const restored = await api.post<SiteRecord>(`/api/sites/${created.id}/restore`);

      expect(restored.status).toBe(200);
      expect(restored.body.deletedAt).toBeNull();
      expect(await listed([created.id], '')).toEqual([created.id]);
    });

    it('answers 409 to a PUT on a deleted site', async () => {
      const created = await createSite(api);
      const deleted = await api.delete<SiteRecord>(`/api/sites/${created.id}`);

      const response = await api.put(
        `/api/sites/${created.id}`,
        siteInput({ version: deleted.body.version }),
      );

      expectApiError(response, 409);
      expect((await api.get(`/api/sites/${created.id}`)).body).toEqual(deleted.body);
    });
  });

  describe('bad input', () => {
    const badSites: { name: string; change: JsonBody; fields: string[] }[] = [
      { name: 'an unknown kind', change: { kind: 'castle' }, fields: ['kind'] },
      { name: 'an empty name', change: { name: '' }, fields: ['name'] },
      { name: 'a name of 501 characters', change: { name: 'x'.repeat(501) }, fields: ['name'] },
      { name: 'an unknown status', change: { status: 'gone' }, fields: ['status'] },
      { name: 'aliases that are not strings', change: { aliases: [42] }, fields: ['aliases'] },
      { name: 'a missing location', change: { location: undefined }, fields: ['location'] },
      {
        name: 'a perimeter that is not closed',
        change: {
          perimeter: {
            type: 'Polygon',
            coordinates: [
              [
                [1.858, 50.951],
                [1.8595, 50.951],
                [1.8595, 50.9518],
                [1.858, 50.9518],
              ],
            ],
          },
        },
        fields: ['perimeter.coordinates'],
      },
      { name: 'an unknown field', change: { colour: 'red' }, fields: ['colour'] },
      // Derived from the location (Calais, 62193): sent back unchanged on a PUT it is ignored.
      {
        name: 'another communeCode than the derived one',
        change: { communeCode: '59183' },
        fields: ['communeCode'],
      },
    ];

    it.each(badSites)(
      'refuses to create a site with $name, and stores nothing',
      async ({ change, fields }) => {
        const body = siteInput({ id: randomUUID(), ...change });

        const response = await api.post('/api/sites', body);

        expectApiError(response, 400, fields);
        expectApiError(await api.get(`/api/sites/${String(body.id)}`), 404);
      },
    );

    it.each(badSites)(
      'refuses to replace a site with $name, and changes nothing',
      async ({ change, fields }) => {
        const created = await createSite(api);

        const response = await api.put(
          `/api/sites/${created.id}`,
          siteInput({ name: created.name, version: 1, ...change }),
        );

        expectApiError(response, 400, fields);
        expect((await api.get(`/api/sites/${created.id}`)).body).toEqual(created);
      },
    );

    it('refuses an unknown filter and an unknown sort field', async () => {
      expectApiError(await api.get('/api/sites?colour=red'), 400, ['colour']);
      expectApiError(await api.get('/api/sites?_sort=password'), 400, ['_sort']);
    });
  });
});
