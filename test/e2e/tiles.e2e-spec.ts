import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createIncident,
  createObservation,
  createSite,
  expectApiError,
  idFilter,
  PLACES,
  signedInAs,
  useApi,
  type ApiClient,
} from '../support/e2e-api';
import type { JsonResponse } from '../support/http';
import { getTile, lonLatOf, tileOf, type MvtFeature, type TileResponse } from '../support/mvt';

/*
 * Vector tiles `GET /api/<resource>/tiles/{z}/{x}/{y}.mvt` (issue 16, item 2; docs/api.md "Vector
 * tiles"): decoded here with the small reader of test/support/mvt.ts. Each test narrows its tiles
 * to its own records with `id=` (the list's filters apply), as other files write to the same
 * database. Which roles may fetch a tile at all is in the `*.acl.e2e-spec.ts` tables.
 */

type Resource = 'observations' | 'incidents';

interface GeoJsonFeature {
  id: string;
  properties: Record<string, unknown>;
}

const CALAIS_TILE = tileOf(PLACES.centralCalais, 14);
const GRANDE_SYNTHE_TILE = tileOf(PLACES.grandeSynthe, 14);

const tilePath = (resource: Resource, tile: { z: number; x: number; y: number }, query = ''): string =>
  `/api/${resource}/tiles/${tile.z}/${tile.x}/${tile.y}.mvt${query ? `?${query}` : ''}`;

/** The features of the resource's layer, by their `id` attribute. */
function featuresOf(response: TileResponse, resource: Resource): Map<string, MvtFeature> {
  expect(response.status, JSON.stringify(response.error)).toBe(200);
  expect(response.layers.map((layer) => layer.name)).toEqual([resource]);
  const [layer] = response.layers;
  return new Map(layer!.features.map((feature) => [String(feature.properties.id), feature]));
}

/** The ids a tile holds; none when it answers 204 (an empty tile). */
async function idsInTile(
  client: ApiClient,
  resource: Resource,
  query: string,
  tile = CALAIS_TILE,
): Promise<string[]> {
  const response = await getTile(client, tilePath(resource, tile, query));
  if (response.status === 204) return [];
  return [...featuresOf(response, resource).keys()].sort();
}

/** The GeoJSON feature properties the same client gets, without the null ones (a tile leaves those out). */
async function geoJsonProperties(
  client: ApiClient,
  resource: Resource,
  id: string,
): Promise<Record<string, unknown>> {
  const response = await client.get<{ features: GeoJsonFeature[] }>(`/api/${resource}.geojson?id=${id}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const [feature] = response.body.features;
  expect(feature, `${id} in the GeoJSON`).toBeDefined();
  return Object.fromEntries(Object.entries(feature!.properties).filter(([, value]) => value !== null));
}

const asJson = (response: TileResponse): JsonResponse => ({
  status: response.status,
  headers: response.headers,
  body: response.error,
});

const RESOURCES = [
  {
    resource: 'observations' as const,
    create: (api: ApiClient, overrides: Record<string, unknown> = {}) => createObservation(api, overrides),
    place: (coordinates: readonly number[]) => ({
      location: { type: 'Point', coordinates: [...coordinates] },
    }),
    kindFilter: ['kind', { kind: 'dispersal' }, 'kind=dispersal'] as const,
    dateFilter: [
      { startedAt: '2024-06-01T08:00:00+02:00', endedAt: '2024-06-01T09:00:00+02:00' },
      'startedAt_gte=2025-01-01',
    ] as const,
  },
  {
    resource: 'incidents' as const,
    create: (api: ApiClient, overrides: Record<string, unknown> = {}) => createIncident(api, overrides),
    place: (coordinates: readonly number[]) => ({
      location: { type: 'Point', coordinates: [...coordinates] },
    }),
    kindFilter: ['type', { type: 'arrest' }, 'type=arrest'] as const,
    dateFilter: [{ occurredAt: '2024-06-01T08:00:00+02:00' }, 'occurredAt_gte=2025-01-01'] as const,
  },
];

describe('vector tiles', () => {
  const api = useApi();

  describe.each(RESOURCES)('GET /api/$resource/tiles/{z}/{x}/{y}.mvt', (spec) => {
    const { resource } = spec;

    it("holds an admin's records of the tile, each at its place with its GeoJSON feature's properties", async () => {
      const calais = await spec.create(api);
      const grandeSynthe = await spec.create(api, spec.place(PLACES.grandeSynthe));
      const ids = idFilter([calais.id, grandeSynthe.id]);

      const response = await getTile(api, tilePath(resource, CALAIS_TILE, ids));
      const features = featuresOf(response, resource);

      expect([...features.keys()]).toEqual([calais.id]);
      const feature = features.get(calais.id)!;
      expect(feature.type, 'a point').toBe(1);
      expect(response.layers[0]!.extent).toBe(4096);
      const [lon, lat] = lonLatOf(CALAIS_TILE, feature.point!, response.layers[0]!.extent);
      // A z14 tile is ~1.5 km wide at Calais: its 4096 steps are ~0.4 m, well under 1e-5 degree.
      expect(lon).toBeCloseTo(PLACES.centralCalais[0], 4);
      expect(lat).toBeCloseTo(PLACES.centralCalais[1], 4);
      expect(feature.properties).toEqual(await geoJsonProperties(api, resource, calais.id));
      expect(await idsInTile(api, resource, ids, GRANDE_SYNTHE_TILE)).toEqual([grandeSynthe.id]);
    });

    it('applies the list filters: a kind, and a date range', async () => {
      const [field, overrides, filter] = spec.kindFilter;
      const plain = await spec.create(api);
      const other = await spec.create(api, overrides);
      const [oldDates, dateFilter] = spec.dateFilter;
      const old = await spec.create(api, oldDates);
      const ids = idFilter([plain.id, other.id, old.id]);

      expect(await idsInTile(api, resource, ids)).toEqual([plain.id, other.id, old.id].sort());
      expect(await idsInTile(api, resource, `${ids}&${filter}`), `${field} filter`).toEqual([other.id]);
      expect(await idsInTile(api, resource, `${ids}&${dateFilter}`), 'date filter').toEqual(
        [plain.id, other.id].sort(),
      );
    });

    it('answers 204 with no body for a tile without a matching record', async () => {
      const response = await getTile(api, tilePath(resource, CALAIS_TILE, `id=${randomUUID()}`));
      expect(response.status).toBe(204);
      expect(response.bytes).toHaveLength(0);
      expect(response.headers.get('cache-control')).toBe('private, max-age=60');
    });

    it('is cached by the browser only, a minute, per credentials, and revalidated by its ETag (304)', async () => {
      const record = await spec.create(api);
      const path = tilePath(resource, CALAIS_TILE, `id=${record.id}`);

      const first = await getTile(api, path);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('private, max-age=60');
      expect(first.headers.get('vary')).toMatch(/Cookie, Authorization/);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);

      const again = await getTile(api, path, { 'if-none-match': etag! });
      expect(again.status).toBe(304);
      expect(again.bytes).toHaveLength(0);

      // Changed data, another tile: the old ETag no longer matches.
      await api.dataSource.query(`UPDATE ${resource} SET status = 'validated' WHERE id = $1`, [record.id]);
      const changed = await getTile(api, path, { 'if-none-match': etag! });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(featuresOf(changed, resource).get(record.id)?.properties.status).toBe('validated');
    });

    it.each([
      ['23/0/0', ['z']],
      ['-1/0/0', ['z']],
      ['a/0/0', ['z']],
      ['1.5/0/0', ['z']],
      ['2/4/0', ['x']],
      ['2/0/4', ['y']],
      ['0/1/1', ['x', 'y']],
      ['14/0/-1', ['y']],
      ['3/0/0x1', ['y']],
    ])('refuses the tile %s with a 400 naming %j', async (zxy, fields) => {
      const response = await getTile(api, `/api/${resource}/tiles/${zxy}.mvt`);
      expectApiError(asJson(response), 400, fields);
    });

    it('refuses paging and sorting, and an unknown filter, with a 400 naming them', async () => {
      expectApiError(
        asJson(await getTile(api, tilePath(resource, CALAIS_TILE, '_start=0&_end=10&_sort=id'))),
        400,
        ['_start', '_end', '_sort'],
      );
      expectApiError(asJson(await getTile(api, tilePath(resource, CALAIS_TILE, 'colour=red'))), 400, [
        'colour',
      ]);
    });

    it('refuses a request without credentials with 401', async () => {
      const response = await getTile(api.as(null), tilePath(resource, CALAIS_TILE));
      expectApiError(asJson(response), 401);
    });

    it('refuses a researcher with 403 (no access to the records)', async () => {
      const researcher = await signedInAs(api, 'researcher');
      expectApiError(asJson(await getTile(researcher, tilePath(resource, CALAIS_TILE))), 403);
    });
  });

  describe('as a communication user', () => {
    /** Keys a communication user may find on a feature: the public ones, never free text. */
    const PUBLIC_KEYS = {
      observations: [
        'id',
        'kind',
        'startedAt',
        'status',
        'communeCode',
        'area',
        'siteId',
        'arrests',
        'peopleEvicted',
      ],
      incidents: [
        'id',
        'type',
        'occurredAt',
        'status',
        'communeCode',
        'area',
        'observationId',
        'victimCount',
        'againstObservers',
      ],
    };

    const setStatus = (resource: Resource, id: string, status: string) =>
      api.dataSource.query(`UPDATE ${resource} SET status = $2 WHERE id = $1`, [id, status]);

    it('gets validated, live observations only, without a link to a deleted site', async () => {
      const communication = await signedInAs(api, 'communication');
      const site = await createSite(api);
      const validated = await createObservation(api, { siteId: site.id });
      const submitted = await createObservation(api);
      const draft = await createObservation(api);
      const deleted = await createObservation(api);
      for (const record of [validated, deleted]) await setStatus('observations', record.id, 'validated');
      await setStatus('observations', submitted.id, 'submitted');
      expect((await api.delete(`/api/observations/${deleted.id}`)).status).toBe(200);
      expect((await api.delete(`/api/sites/${site.id}`)).status).toBe(200);
      const ids = idFilter([validated.id, submitted.id, draft.id, deleted.id]);

      const response = await getTile(communication, tilePath('observations', CALAIS_TILE, ids));
      const features = featuresOf(response, 'observations');

      expect([...features.keys()]).toEqual([validated.id]);
      const properties = features.get(validated.id)!.properties;
      expect(Object.keys(properties).every((key) => PUBLIC_KEYS.observations.includes(key))).toBe(true);
      expect(properties, 'the link to a deleted site').not.toHaveProperty('siteId');
      expect(properties).toEqual(await geoJsonProperties(communication, 'observations', validated.id));
      // The admin's tile has the link: the communication one left it out, not the data.
      const admin = featuresOf(
        await getTile(api, tilePath('observations', CALAIS_TILE, ids)),
        'observations',
      );
      expect(admin.get(validated.id)?.properties.siteId).toBe(site.id);
      // A filter naming the hidden records finds nothing more, and deleted records are no filter of theirs.
      expect(await idsInTile(communication, 'observations', `${ids}&status=draft`)).toEqual([]);
      expectApiError(
        asJson(await getTile(communication, tilePath('observations', CALAIS_TILE, `${ids}&deleted=true`))),
        400,
        ['deleted'],
      );
    });

    it('gets validated incidents only, with no free text and no link to an observation it may not read', async () => {
      const communication = await signedInAs(api, 'communication');
      const draftObservation = await createObservation(api);
      const linked = await createIncident(api, {
        observationId: draftObservation.id,
        location: undefined,
        testimony: 'Témoignage restreint (tuiles)',
        consent: { publication: true, litigation: false, research: false },
      });
      const unvalidated = await createIncident(api);
      await setStatus('incidents', linked.id, 'validated');
      const ids = idFilter([linked.id, unvalidated.id]);

      const response = await getTile(communication, tilePath('incidents', CALAIS_TILE, ids));
      const features = featuresOf(response, 'incidents');

      expect([...features.keys()]).toEqual([linked.id]);
      const properties = features.get(linked.id)!.properties;
      expect(Object.keys(properties).every((key) => PUBLIC_KEYS.incidents.includes(key))).toBe(true);
      expect(properties, 'the link to a draft observation').not.toHaveProperty('observationId');
      expect(properties).toEqual(await geoJsonProperties(communication, 'incidents', linked.id));
      expect(new TextDecoder().decode(response.bytes)).not.toContain('Témoignage');
      expect(new TextDecoder().decode(response.bytes)).not.toContain('Gaz lacrymogène');
      const admin = featuresOf(await getTile(api, tilePath('incidents', CALAIS_TILE, ids)), 'incidents');
      expect(admin.get(linked.id)?.properties.observationId).toBe(draftObservation.id);
      expect([...admin.keys()].sort()).toEqual([linked.id, unvalidated.id].sort());
    });
  });
});
