import { parisDayStart } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createIncident,
  createObservation,
  expectApiError,
  type JsonBody,
  PLACES,
  signedInAs,
  useApi,
} from '../support/e2e-api';
import { download, expectFile, parseCsv, unzip } from '../support/exports';

/*
 * Issue 12, item 5: `GET /api/exports/estimate` says how many rows the export will hold, and about
 * how large it is, before the download; its count is the file's, at both levels. The data of this
 * file sit in 2008, a year no other test file uses.
 */

const api = useApi();
const YEAR = 'from=2008-01-01&to=2008-12-31';

interface Estimate {
  file: string;
  level: string;
  rows: { observations?: number; incidents?: number };
  bytes: number;
  rules: { embargoDays: number; embargoFrom: string; gridMetres: number; minCellCount: number } | null;
}

let researcher: ApiClient;

async function validate(path: 'observations' | 'incidents', id: string): Promise<void> {
  expect((await api.post(`/api/${path}/${id}/submit`)).status).toBe(200);
  expect((await api.post(`/api/${path}/${id}/validate`)).status).toBe(200);
}

function at(localDate: string, hours: number): string {
  return new Date(parisDayStart(localDate).getTime() + hours * 3_600_000).toISOString();
}

async function estimate(client: ApiClient, query: string): Promise<Estimate> {
  const response = await client.get<Estimate>(`/api/exports/estimate?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

beforeAll(async () => {
  researcher = await signedInAs(api, 'researcher');
  // A commune-day cell of three validated observations and incidents: kept at research level.
  for (const hour of [6, 9, 14]) {
    const observation = await createObservation(api, { startedAt: at('2008-06-10', hour), endedAt: null });
    await validate('observations', observation.id);
    const incident = await createIncident(api, {
      occurredAt: at('2008-06-10', hour),
      consent: { publication: true, litigation: true, research: true },
    } as JsonBody);
    await validate('incidents', incident.id);
  }
  // Alone in its area and month: left out of the research level, in the internal one.
  const alone = await createObservation(api, {
    startedAt: at('2008-09-02', 10),
    endedAt: null,
    location: { type: 'Point', coordinates: [...PLACES.grandeSynthe] },
  });
  await validate('observations', alone.id);
  // A draft: internal level only.
  await createObservation(api, { startedAt: at('2008-06-11', 10), endedAt: null });
});

describe('GET /api/exports/estimate', () => {
  it.each([
    ['observations.csv', 'internal', 5],
    ['observations.csv', 'research', 3],
    ['incidents.csv', 'internal', 3],
    ['incidents.csv', 'research', 3],
  ] as const)(
    'counts the rows of %s at %s level as the file holds them, and its exact size',
    async (file, level, rows) => {
      const client = level === 'research' ? researcher : api;
      const query = `${YEAR}&level=${level}`;
      const answer = await estimate(client, `file=${file}&${query}`);
      const csv = await download(client, `/api/exports/${file}?${query}`);
      expectFile(csv, /^text\/csv/);
      const resource = file === 'observations.csv' ? 'observations' : 'incidents';
      expect(parseCsv(csv.text).rows).toHaveLength(rows);
      expect(answer).toMatchObject({ file, level, rows: { [resource]: rows } });
      // Every row is in the sample: the CSV's size is exact.
      expect(answer.bytes).toBe(csv.bytes.length);
    },
  );

  it('takes the filters of the export and the semicolon separator (with its byte-order mark)', async () => {
    const query = `${YEAR}&level=internal&area=dunkerquois&sep=semicolon`;
    const answer = await estimate(api, `file=observations.csv&${query}`);
    const csv = await download(api, `/api/exports/observations.csv?${query}`);
    expect(answer.rows).toEqual({ observations: parseCsv(csv.text, ';').rows.length });
    expect(answer.rows.observations).toBe(1);
    expect(answer.bytes).toBe(csv.bytes.length);
  });

  it('counts both tables of a data package as their CSVs, and estimates the other formats', async () => {
    const answer = await estimate(researcher, `file=datapackage.zip&${YEAR}`);
    const zip = await download(researcher, `/api/exports/datapackage.zip?${YEAR}`);
    const files = await unzip(zip.bytes);
    expect(answer.rows).toEqual({
      observations: parseCsv(files.get('data/observations.csv')!.toString('utf8')).rows.length,
      incidents: parseCsv(files.get('data/incidents.csv')!.toString('utf8')).rows.length,
    });
    expect(answer.rows).toEqual({ observations: 3, incidents: 3 });
    // An approximation: the right order of magnitude.
    expect(answer.bytes).toBeGreaterThan(zip.bytes.length / 4);
    expect(answer.bytes).toBeLessThan(zip.bytes.length * 4);
    for (const file of ['observations.geojson', 'observations.xlsx']) {
      const other = await estimate(researcher, `file=${file}&${YEAR}`);
      const bytes = (await download(researcher, `/api/exports/${file}?${YEAR}`)).bytes.length;
      expect(other.rows).toEqual({ observations: 3 });
      expect(other.bytes, file).toBeGreaterThan(bytes / 4);
      expect(other.bytes, file).toBeLessThan(bytes * 4);
    }
  });

  it('gives the research rules in force at research level, none at internal level', async () => {
    const research = await estimate(researcher, `file=observations.csv&${YEAR}`);
    expect(research.level).toBe('research');
    expect(research.rules).toEqual({
      embargoDays: 30,
      embargoFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      gridMetres: 500,
      minCellCount: 3,
    });
    expect((await estimate(api, `file=observations.csv&${YEAR}&level=internal`)).rules).toBeNull();
  });

  it('refuses the internal level to a researcher (403) and everything to an observer (403)', async () => {
    const refused = expectApiError(
      await researcher.get(`/api/exports/estimate?file=observations.csv&${YEAR}&level=internal`),
      403,
    );
    expect(refused.code).toBe('export_level_forbidden');
    const observer = await signedInAs(api, 'observer');
    expectApiError(await observer.get(`/api/exports/estimate?file=observations.csv&${YEAR}`), 403);
  });

  it('checks the parameters as the export does (400 naming each mistake)', async () => {
    expectApiError(await api.get(`/api/exports/estimate?${YEAR}`), 400, ['file']);
    expectApiError(await api.get(`/api/exports/estimate?file=observations.pdf&${YEAR}`), 400, ['file']);
    expectApiError(
      await api.get('/api/exports/estimate?file=observations.xlsx&from=2008-13-01&sep=semicolon'),
      400,
      ['from', 'to', 'sep'],
    );
    expectApiError(await researcher.get(`/api/exports/estimate?file=observations.csv&${YEAR}&q=tente`), 400, [
      'q',
    ]);
    expectApiError(await api.get(`/api/exports/estimate?file=incidents.csv&${YEAR}&_end=10`), 400, ['_end']);
  });
});
