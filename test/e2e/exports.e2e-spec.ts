import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import type { IncidentRecord, ObservationRecord } from '@vigie/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createIncident,
  createObservation,
  expectApiError,
  signedInAs,
  uniqueWord,
  useApi,
} from '../support/e2e-api';
import { asJson, download, eventually, expectFile, openExportSessions, parseCsv } from '../support/exports';

/*
 * Issue 12, items 1–3: the exports at internal level, their formats and their bad input. The data
 * of this file sit in May 2012, a month no other test file uses.
 */

const api = useApi();
const MONTH = 'from=2012-05-01&to=2012-05-31';
let observations: ObservationRecord[];
let incidents: IncidentRecord[];
let communication: ApiClient;
let researcher: ApiClient;
let word: string;

async function validate(path: 'observations' | 'incidents', id: string): Promise<void> {
  expect((await api.post(`/api/${path}/${id}/submit`)).status).toBe(200);
  expect((await api.post(`/api/${path}/${id}/validate`)).status).toBe(200);
}

beforeAll(async () => {
  word = uniqueWord('export');
  observations = [
    await createObservation(api, {
      startedAt: '2012-05-03T06:15:00+02:00',
      endedAt: '2012-05-03T08:00:00+02:00',
      description: `Récit « ${word} », avec virgule, "guillemets"\net retour à la ligne`,
      forces: [
        { unit: 'crs', vehicles: 4, officers: 20, identifiers: 'CRS 8' },
        { unit: 'pn', vehicles: 1 },
      ],
      seizures: [
        { item: 'tent', quantity: 12, destroyed: true },
        { item: 'sleeping_bag', quantity: 5, destroyed: false },
      ],
      interpretersPresent: false,
    }),
    await createObservation(api, {
      kind: 'large_eviction',
      startedAt: '2012-05-31T23:30:00+02:00',
      endedAt: null,
      peopleEvicted: null,
      seizures: [],
      forces: [],
    }),
    await createObservation(api, { startedAt: '2012-05-15T10:00:00+02:00', endedAt: null }),
  ];
  await validate('observations', observations[0]!.id);
  await validate('observations', observations[1]!.id);
  incidents = [
    await createIncident(api, {
      occurredAt: '2012-05-03T07:00:00+02:00',
      testimony: `Témoignage ${word}`,
      publicSummary: `Résumé ${word}`,
      consent: { publication: true, litigation: false, research: true },
    }),
    await createIncident(api, {
      occurredAt: '2012-05-04T07:00:00+02:00',
      type: 'observer_id_check',
      perpetrators: ['pn', 'bac'],
      testimony: `Témoignage ${word}`,
      publicSummary: `Secret ${word}`,
      consent: { publication: false, litigation: false, research: false },
    }),
  ];
  await validate('incidents', incidents[0]!.id);
  await validate('incidents', incidents[1]!.id);
  communication = await signedInAs(api, 'communication');
  researcher = await signedInAs(api, 'researcher');
});

describe('GET /api/exports/observations.csv (internal)', () => {
  it('parses back with a standard CSV parser to the rows the API lists, one column per seizure item and force unit', async () => {
    const file = await download(api, `/api/exports/observations.csv?${MONTH}&level=internal`);
    expectFile(file, /^text\/csv; charset=utf-8/);
    const { header, rows } = parseCsv(file.text);
    const listed = await api.get<ObservationRecord[]>(
      '/api/observations?startedAt_gte=2012-05-01&startedAt_lte=2012-05-31&_end=1000&_sort=startedAt&_order=ASC',
    );
    expect(rows.map((row) => row.id)).toEqual(listed.body.map((record) => record.id));
    // RFC 4180: every record ends with CR LF; the line break inside a description stays as typed.
    expect(file.text.endsWith('\r\n')).toBe(true);
    expect(file.text.split('\r\n')).toHaveLength(rows.length + 2);
    expect(rows.some((row) => row.description.includes('\net retour à la ligne'))).toBe(true);
    expect(header).toEqual(
      expect.arrayContaining(['seizure_tent', 'seizure_tent_destroyed', 'force_crs_vehicles', 'kind_label']),
    );
    expect(header.filter((name) => name.startsWith('seizure_') && !name.endsWith('_destroyed'))).toHaveLength(
      14,
    );
    expect(header.filter((name) => /^force_[a-z]+$/.test(name) && name !== 'force_identifiers')).toHaveLength(
      10,
    );
    for (const record of listed.body) {
      const row = rows.find((candidate) => candidate.id === record.id)!;
      expect(new Date(row.started_at!).getTime()).toBe(new Date(record.startedAt).getTime());
      expect(row.kind).toBe(record.kind);
      expect(row.people_evicted).toBe(record.peopleEvicted === null ? '' : String(record.peopleEvicted));
      expect(row.status).toBe(record.status);
      expect(row.description).toBe(record.description ?? '');
      expect(Number(row.longitude)).toBeCloseTo(record.location.coordinates[0], 6);
      expect(Number(row.latitude)).toBeCloseTo(record.location.coordinates[1], 6);
    }
    const first = rows.find((row) => row.id === observations[0]!.id)!;
    expect(first).toMatchObject({
      date: '2012-05-03',
      month: '2012-05',
      started_at: '2012-05-03T06:15:00+02:00',
      kind: 'eviction',
      kind_label: 'Expulsion',
      seizure_tent: '12',
      seizure_tent_destroyed: '12',
      seizure_sleeping_bag: '5',
      seizure_sleeping_bag_destroyed: '0',
      seizure_phone: '0',
      force_crs: 'true',
      force_crs_vehicles: '4',
      force_crs_officers: '20',
      force_pn: 'true',
      force_pn_officers: '',
      force_gm: 'false',
      interpreters_present: 'false',
      bailiff_present: '',
      commune_code: '62193',
      commune_name: 'Calais',
      area: 'calaisis',
      area_label: 'Calaisis',
      created_by: api.user!.id,
    });
    // Paris local day: 23:30 on 31 May in Paris is still May.
    expect(rows.find((row) => row.id === observations[1]!.id)).toMatchObject({ date: '2012-05-31' });
  });

  it('writes a semicolon variant for French spreadsheet software, with a UTF-8 BOM', async () => {
    const file = await download(api, `/api/exports/observations.csv?${MONTH}&level=internal&sep=semicolon`);
    expectFile(file, /^text\/csv/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { rows } = parseCsv(file.text, ';');
    expect(rows.find((row) => row.id === observations[0]!.id)?.description).toContain(word);
  });

  it('gives communication validated observations only, as its lists do', async () => {
    const file = await download(communication, `/api/exports/observations.csv?${MONTH}&level=internal`);
    expectFile(file, /^text\/csv/);
    const ids = parseCsv(file.text).rows.map((row) => row.id);
    expect(ids.sort()).toEqual([observations[0]!.id, observations[1]!.id].sort());
  });

  it('applies the list filters', async () => {
    const file = await download(
      api,
      `/api/exports/observations.csv?${MONTH}&level=internal&kind=large_eviction`,
    );
    expect(parseCsv(file.text).rows.map((row) => row.id)).toEqual([observations[1]!.id]);
  });
});

describe('GET /api/exports/incidents.csv (internal)', () => {
  it('never exports the restricted testimony, not even to an admin', async () => {
    const file = await download(api, `/api/exports/incidents.csv?${MONTH}&level=internal`);
    expectFile(file, /^text\/csv/);
    expect(file.text).not.toContain('Témoignage');
    const { header, rows } = parseCsv(file.text);
    expect(header).not.toContain('testimony');
    expect(rows.map((row) => row.id).sort()).toEqual(incidents.map((record) => record.id).sort());
    expect(rows.find((row) => row.id === incidents[1]!.id)).toMatchObject({
      type: 'observer_id_check',
      against_observers: 'true',
      perpetrator_pn: 'true',
      perpetrator_bac: 'true',
      perpetrator_crs: 'false',
      consent_research: 'false',
      public_summary: `Secret ${word}`,
    });
  });

  it('gives communication no internal description, and public summaries with publication consent only', async () => {
    const file = await download(communication, `/api/exports/incidents.csv?${MONTH}&level=internal`);
    const { rows } = parseCsv(file.text);
    expect(file.text).not.toContain(`Secret ${word}`);
    expect(rows.every((row) => row.description === '')).toBe(true);
    expect(rows.find((row) => row.id === incidents[0]!.id)?.public_summary).toBe(`Résumé ${word}`);
  });
});

describe('GET /api/exports/observations.geojson', () => {
  it('is a valid RFC 7946 FeatureCollection of Points with typed properties', async () => {
    const file = await download(api, `/api/exports/observations.geojson?${MONTH}&level=internal`);
    expectFile(file, /^application\/geo\+json/);
    const collection = JSON.parse(file.text) as {
      type: string;
      features: {
        type: string;
        id: string;
        geometry: { type: string; coordinates: number[] };
        properties: Record<string, unknown>;
      }[];
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((feature) => feature.id).sort()).toEqual(
      observations.map((o) => o.id).sort(),
    );
    for (const feature of collection.features) {
      expect(feature.type).toBe('Feature');
      expect(feature.geometry.type).toBe('Point');
      expect(feature.geometry.coordinates).toHaveLength(2);
      const [longitude, latitude] = feature.geometry.coordinates as [number, number];
      expect(longitude).toBeGreaterThanOrEqual(-180);
      expect(longitude).toBeLessThanOrEqual(180);
      expect(latitude).toBeGreaterThanOrEqual(-90);
      expect(latitude).toBeLessThanOrEqual(90);
      expect(feature.properties).not.toHaveProperty('longitude');
      expect(typeof feature.properties.counts_reliable).toBe('boolean');
      expect(typeof feature.properties.arrests).toBe('number');
    }
    const first = collection.features.find((feature) => feature.id === observations[0]!.id)!;
    expect(first.geometry.coordinates).toEqual(observations[0]!.location.coordinates);
    expect(first.properties).toMatchObject({ seizure_tent: 12, force_crs: true, kind: 'eviction' });
  });
});

describe('GET /api/exports/<table>.xlsx', () => {
  it('opens with a reader library: a data sheet with typed cells and a definitions sheet', async () => {
    const file = await download(api, `/api/exports/observations.xlsx?${MONTH}&level=internal`);
    expectFile(file, /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Données', 'Définitions']);
    const data = workbook.getWorksheet('Données')!;
    const header = (data.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    expect(data.rowCount).toBe(1 + observations.length);
    const row = [...Array(data.rowCount).keys()]
      .map((index) => data.getRow(index + 1))
      .find((candidate) => candidate.getCell(column('id')).value === observations[0]!.id)!;
    expect(row.getCell(column('started_at')).value).toEqual(new Date(Date.UTC(2012, 4, 3, 6, 15)));
    expect(row.getCell(column('date')).value).toEqual(new Date(Date.UTC(2012, 4, 3)));
    expect(row.getCell(column('seizure_tent')).value).toBe(12);
    expect(row.getCell(column('people_evicted')).value).toBe(40);
    expect(row.getCell(column('force_crs')).value).toBe(true);
    expect(row.getCell(column('interpreters_present')).value).toBe(false);
    expect(row.getCell(column('kind_label')).value).toBe('Expulsion');
    const definitions = workbook.getWorksheet('Définitions')!;
    expect(definitions.rowCount).toBe(1 + header.length);
    const kind = [...Array(definitions.rowCount).keys()]
      .map((index) => definitions.getRow(index + 1))
      .find((candidate) => candidate.getCell(1).value === 'kind')!;
    expect(String(kind.getCell(7).value)).toContain('eviction = Expulsion / Eviction');
  });

  it('exports incidents too', async () => {
    const file = await download(api, `/api/exports/incidents.xlsx?${MONTH}&level=internal`);
    expectFile(file, /spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer);
    expect(workbook.getWorksheet('Données')!.rowCount).toBe(1 + incidents.length);
  });
});

describe('exports: bad input, answered before any byte of data', () => {
  it.each([
    ['an unknown level', 400, `/api/exports/observations.csv?${MONTH}&level=public`, ['level']],
    [
      'an unknown filter',
      400,
      `/api/exports/observations.csv?${MONTH}&level=internal&colour=red`,
      ['colour'],
    ],
    ['a bad filter value', 400, `/api/exports/observations.csv?${MONTH}&level=internal&kind=riot`, ['kind']],
    ['from after to', 400, '/api/exports/observations.csv?from=2012-06-01&to=2012-05-01', ['to']],
    ['a missing period', 400, '/api/exports/incidents.csv', ['from', 'to']],
    ['a malformed date', 400, '/api/exports/incidents.xlsx?from=2012-5-1&to=2012-05-31', ['from']],
    ['more than 20 years', 400, '/api/exports/datapackage.zip?from=2000-01-01&to=2020-01-01', ['to']],
    ['sep on GeoJSON', 400, `/api/exports/observations.geojson?${MONTH}&sep=semicolon`, ['sep']],
    ['an unknown sep', 400, `/api/exports/observations.csv?${MONTH}&sep=tab`, ['sep']],
    ['paging', 400, `/api/exports/observations.csv?${MONTH}&_start=0&_end=10`, ['_start', '_end']],
    [
      'a repeated level',
      400,
      `/api/exports/observations.csv?${MONTH}&level=research&level=internal`,
      ['level'],
    ],
    ['full-text search at research level', 400, `/api/exports/observations.csv?${MONTH}&q=tente`, ['q']],
    ['a bbox at research level', 400, `/api/exports/observations.csv?${MONTH}&bbox=1,50,2,51`, ['bbox']],
    [
      'an instant at research level',
      400,
      `/api/exports/observations.csv?${MONTH}&startedAt_gte=2012-05-03T06:00:00Z`,
      ['startedAt_gte'],
    ],
    [
      'a package filter of one table only',
      400,
      `/api/exports/datapackage.zip?${MONTH}&kind=eviction`,
      ['kind'],
    ],
  ] as const)('refuses %s with a clear %i', async (_name, status, path, fields) => {
    const file = await download(api, path);
    expectApiError(asJson(file), status, fields);
  });

  it('answers an unknown format with a JSON 404', async () => {
    const file = await download(api, `/api/exports/observations.pdf?${MONTH}`);
    expect(file.status).toBe(404);
    expect(file.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses the internal level to a researcher with 403, and gives the research level', async () => {
    const refused = await download(researcher, `/api/exports/observations.csv?${MONTH}&level=internal`);
    expectApiError(asJson(refused), 403);
    const allowed = await download(researcher, `/api/exports/observations.csv?${MONTH}`);
    expectFile(allowed, /^text\/csv/);
  });
});

describe('exports: audit', () => {
  it('audits every export with its parameters, level and row counts', async () => {
    const file = await download(api, `/api/exports/observations.csv?${MONTH}&level=internal&kind=eviction`);
    expectFile(file, /^text\/csv/);
    const [event] = (await api.dataSource.query(
      `SELECT actor_id, action, entity, context FROM audit_events WHERE action = 'export' ORDER BY id DESC LIMIT 1`,
    )) as { actor_id: string; action: string; entity: string; context: Record<string, unknown> }[];
    expect(event).toMatchObject({
      actor_id: api.user!.id,
      entity: 'exports',
      context: {
        file: 'observations.csv',
        level: 'internal',
        from: '2012-05-01',
        to: '2012-05-31',
        query: expect.objectContaining({ kind: 'eviction' }),
        rows: { observations: { exported: parseCsv(file.text).rows.length } },
      },
    });
  });

  it('writes nothing to the audit log for a refused export', async () => {
    const count = async () =>
      Number(
        (
          (await api.dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'export'`)) as {
            n: string;
          }[]
        )[0]!.n,
      );
    const before = await count();
    await download(researcher, `/api/exports/observations.csv?${MONTH}&level=internal`);
    await download(api, `/api/exports/observations.csv?${MONTH}&level=nope`);
    expect(await count()).toBe(before);
  });
});

describe('exports: a client that disconnects mid-export', () => {
  beforeAll(async () => {
    // Enough rows (2010, a year of its own) that the export is still being written when the client leaves.
    await api.dataSource.query(
      `INSERT INTO observations (kind, started_at, location, description, status, created_by, updated_by)
       SELECT 'eviction', timestamptz '2010-01-01 08:00+01' + (n * interval '5 minutes'),
              ST_SetSRID(ST_MakePoint(1.8587 + (n % 100) * 0.0001, 50.9513), 4326),
              repeat('Description longue pour remplir le flux. ', 50), 'validated', $1, $1
         FROM generate_series(1, 12000) AS n`,
      [api.user!.id],
    );
  }, 120_000);
  afterAll(async () => {
    await api.dataSource.query(
      `UPDATE observations SET deleted_at = now()
        WHERE started_at < '2011-01-01' AND description LIKE 'Description longue%'`,
    );
  });

  it.each([
    ['observations.csv', 'COPY'],
    ['observations.geojson', 'a cursor'],
    ['observations.xlsx', 'a cursor'],
    ['datapackage.zip', 'COPY'],
  ])('leaves no statement or transaction open after leaving %s (%s)', async (file) => {
    // A plain HTTP request (no connection pool), dropped after the first bytes.
    const request = get(`${api.baseUrl}/api/exports/${file}?from=2010-01-01&to=2010-12-31&level=internal`, {
      headers: { authorization: `Bearer ${api.token}` },
      agent: false,
    });
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    expect(response.statusCode).toBe(200);
    const [first] = (await once(response, 'data')) as [Buffer];
    expect(first.length).toBeGreaterThan(0);
    response.pause();
    // Mid-export: the server is still writing (or waiting for the client to read).
    expect((await openExportSessions(api.dataSource)).length).toBeGreaterThan(0);
    request.destroy();
    const open = await eventually(
      () => openExportSessions(api.dataSource),
      (sessions) => sessions.length === 0,
    );
    expect(open).toEqual([]);
    // And the pool still serves: the connections were given back or replaced.
    const again = await download(api, `/api/exports/observations.csv?${MONTH}&level=internal`);
    expect(again.status).toBe(200);
  });
});
