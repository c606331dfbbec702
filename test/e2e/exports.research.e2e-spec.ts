import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, formatParisDate, parisDayStart } from '@vigie/domain';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createIncident,
  createObservation,
  type JsonBody,
  PLACES,
  signedInAs,
  uniqueWord,
  useApi,
} from '../support/e2e-api';
import { projectRoot } from '../../db/project-root';
import { type CsvRow, download, expectFile, parseCsv, unzip } from '../support/exports';

/*
 * Issue 12, item 2 and 3: the research level of DESIGN §7 from the attacker's side, and the data
 * package against the published Frictionless profiles. The data sit in 2013 (no other test file
 * uses it), plus a few records of the last days, soft-deleted once the file is done.
 */

const api = useApi();
const YEAR = 'from=2013-01-01&to=2013-12-31';
const word = uniqueWord('recherche');
const EMBARGO_DAYS = 30;
const today = formatParisDate(new Date());
const embargoFrom = addDays(today, 1 - EMBARGO_DAYS);

/** Free-text fields and user ids that the research level must never carry. */
const NEVER_IN_RESEARCH = [
  'description',
  'legal_basis_details',
  'contractor_name',
  'force_identifiers',
  'public_summary',
  'testimony',
  'created_by',
  'updated_by',
  'started_at',
  'ended_at',
  'occurred_at',
  'created_at',
  'updated_at',
  'site_id',
  'site_name',
  'location_accuracy_m',
  'status',
];

let researcher: ApiClient;
const ids = {
  exact: [] as string[],
  generalised: [] as string[],
  suppressed: '',
  draft: '',
  embargoed: [] as string[],
  consented: [] as string[],
  unconsented: '',
};

async function validate(path: 'observations' | 'incidents', id: string): Promise<void> {
  expect((await api.post(`/api/${path}/${id}/submit`)).status).toBe(200);
  expect((await api.post(`/api/${path}/${id}/validate`)).status).toBe(200);
}

async function observation(
  startedAt: string,
  coordinates: readonly number[],
  validated = true,
): Promise<string> {
  const record = await createObservation(api, {
    startedAt,
    endedAt: null,
    location: { type: 'Point', coordinates },
    legalBasisDetails: `Arrêté ${word}`,
    contractorName: `Entreprise ${word}`,
    description: `Récit ${word}`,
  });
  if (validated) await validate('observations', record.id);
  return record.id;
}

async function incident(occurredAt: string, research: boolean): Promise<string> {
  const record = await createIncident(api, {
    occurredAt,
    testimony: `Témoignage ${word}`,
    publicSummary: `Résumé ${word}`,
    description: `Récit ${word}`,
    consent: { publication: true, litigation: true, research },
  } as JsonBody);
  await validate('incidents', record.id);
  return record.id;
}

/** An instant `hours` after the start of a Paris day, in UTC. */
function at(localDate: string, hours = 9): string {
  return new Date(parisDayStart(localDate).getTime() + hours * 3_600_000).toISOString();
}

const [calaisLon, calaisLat] = PLACES.centralCalais;
const [synthLon, synthLat] = PLACES.grandeSynthe;

beforeAll(async () => {
  researcher = await signedInAs(api, 'researcher');
  // A commune-day cell of three: shown with its date, commune and grid cell.
  for (const [index, hour] of [6, 9, 14].entries()) {
    ids.exact.push(await observation(at('2013-03-05', hour), [calaisLon + index * 0.001, calaisLat]));
    ids.consented.push(await incident(at('2013-03-05', hour), true));
  }
  ids.draft = await observation(at('2013-03-05', 16), [calaisLon, calaisLat], false);
  ids.unconsented = await incident(at('2013-03-05', 17), false);
  // Three cells of one in the same area and month: generalised to dunkerquois, 2013-03.
  for (const day of ['2013-03-10', '2013-03-12', '2013-03-20']) {
    ids.generalised.push(await observation(at(day), [synthLon, synthLat]));
  }
  // Alone in its area and month: left out.
  ids.suppressed = await observation(at('2013-04-02'), [calaisLon, calaisLat]);
  // The last days: under embargo, however large their cell.
  for (const hour of [6, 7, 8])
    ids.embargoed.push(await observation(at(addDays(today, -2), hour), [synthLon, synthLat]));
});

afterAll(async () => {
  for (const id of ids.embargoed) await api.delete(`/api/observations/${id}`);
});

async function researchCsv(
  client: ApiClient,
  file: string,
  query = YEAR,
): Promise<{ header: string[]; rows: CsvRow[]; text: string }> {
  const response = await download(client, `/api/exports/${file}?${query}`);
  expectFile(response, /^text\/csv/);
  return { ...parseCsv(response.text), text: response.text };
}

/** Lambert-93 coordinates of a WGS84 position. */
async function lambert(longitude: number, latitude: number): Promise<[number, number]> {
  const [row] = (await api.dataSource.query(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 2154) AS p`,
    [longitude, latitude],
  )) as { x: number; y: number }[];
  return [row!.x, row!.y];
}

describe('research level (DESIGN §7)', () => {
  it('is the default level, and gives a researcher the de-identified rows only', async () => {
    const { rows } = await researchCsv(researcher, 'observations.csv');
    expect(rows.map((row) => row.id).sort()).toEqual([...ids.exact, ...ids.generalised].sort());
    expect(rows.map((row) => row.id)).not.toContain(ids.draft);
  });

  it('has no free text, no user ids and no times', async () => {
    for (const file of ['observations.csv', 'incidents.csv']) {
      const { header, rows, text } = await researchCsv(researcher, file);
      for (const column of NEVER_IN_RESEARCH) expect(header, file).not.toContain(column);
      expect(text, file).not.toContain(word);
      expect(text, file).not.toMatch(/\d{2}:\d{2}/);
      expect(text, file).not.toContain(api.user!.id);
      for (const row of rows) {
        if (row.date !== '') expect(row.date, file).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('puts every position at the centre of its 500 m Lambert-93 grid cell', async () => {
    const { rows } = await researchCsv(researcher, 'observations.csv');
    const placed = rows.filter((row) => row.longitude !== '');
    expect(placed.length).toBe(ids.exact.length);
    for (const row of placed) {
      const [x, y] = await lambert(Number(row.longitude), Number(row.latitude));
      // Six decimals of a degree are within 0.1 m.
      expect(Math.abs((((x % 500) + 500) % 500) - 250)).toBeLessThan(0.5);
      expect(Math.abs((((y % 500) + 500) % 500) - 250)).toBeLessThan(0.5);
    }
    // Two observations 70 m apart in one cell share its centre; none keeps its own position.
    const positions = new Set(placed.map((row) => `${row.longitude},${row.latitude}`));
    expect(positions.size).toBeLessThan(placed.length);
    expect(placed.some((row) => Number(row.longitude) === calaisLon)).toBe(false);
  });

  it('shows no commune-day cell of fewer than 3 records: small ones are generalised to area and month, or left out', async () => {
    const { rows } = await researchCsv(researcher, 'observations.csv');
    const cells = new Map<string, number>();
    for (const row of rows.filter((candidate) => candidate.date !== '')) {
      const key = `${row.commune_code}|${row.date}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    for (const [cell, count] of cells) expect(count, cell).toBeGreaterThanOrEqual(3);
    const generalised = rows.filter((row) => row.generalised === 'true');
    expect(generalised.map((row) => row.id).sort()).toEqual([...ids.generalised].sort());
    for (const row of generalised) {
      expect(row).toMatchObject({
        date: '',
        commune_code: '',
        commune_name: '',
        longitude: '',
        latitude: '',
      });
      expect(row).toMatchObject({ month: '2013-03', area: 'dunkerquois' });
    }
    expect(rows.map((row) => row.id)).not.toContain(ids.suppressed);
  });

  it('holds nothing from the embargo window', async () => {
    const { rows } = await researchCsv(
      researcher,
      'observations.csv',
      `from=${addDays(today, -90)}&to=${today}`,
    );
    for (const id of ids.embargoed) expect(rows.map((row) => row.id)).not.toContain(id);
    for (const row of rows) expect(row.month <= embargoFrom.slice(0, 7)).toBe(true);
    for (const row of rows.filter((candidate) => candidate.date !== ''))
      expect(row.date < embargoFrom).toBe(true);
  });

  it('holds incidents with research consent only', async () => {
    const { rows } = await researchCsv(researcher, 'incidents.csv');
    expect(rows.map((row) => row.id).sort()).toEqual([...ids.consented].sort());
    expect(rows.every((row) => row.date === '2013-03-05' && row.longitude !== '')).toBe(true);
  });

  it('applies the same rules to GeoJSON and XLSX: a generalised row has no geometry', async () => {
    const response = await download(researcher, `/api/exports/observations.geojson?${YEAR}`);
    expectFile(response, /^application\/geo\+json/);
    const collection = JSON.parse(response.text) as {
      features: {
        id: string;
        geometry: { coordinates: number[] } | null;
        properties: Record<string, unknown>;
      }[];
    };
    expect(collection.features.map((feature) => feature.id).sort()).toEqual(
      [...ids.exact, ...ids.generalised].sort(),
    );
    for (const feature of collection.features) {
      expect(feature.geometry === null).toBe(ids.generalised.includes(feature.id));
      expect(feature.properties).not.toHaveProperty('description');
    }
    const xlsx = await download(researcher, `/api/exports/observations.xlsx?${YEAR}`);
    expectFile(xlsx, /spreadsheetml/);
    expect(xlsx.bytes.includes(Buffer.from(word))).toBe(false);
  });
});

/** The Frictionless profiles, as published (test/fixtures/frictionless-2.0/SOURCE.md). */
function profile(name: string): object {
  return JSON.parse(
    readFileSync(join(projectRoot(), 'test', 'fixtures', 'frictionless-2.0', `${name}.json`), 'utf8'),
  ) as object;
}

interface Field {
  name: string;
  type: string;
  format?: string;
  trueValues?: string[];
  falseValues?: string[];
  constraints?: { required?: boolean; enum?: string[]; minimum?: number };
}

/** Every cell of the CSV as its Table Schema says (types, formats, constraints, primary key). */
function expectMatchesSchema(
  name: string,
  text: string,
  schema: { fields: Field[]; primaryKey: string[] },
): void {
  const { header, rows } = parseCsv(text);
  expect(header, name).toEqual(schema.fields.map((field) => field.name));
  const keys = new Set<string>();
  for (const row of rows) {
    const key = schema.primaryKey.map((column) => row[column]).join('|');
    expect(keys.has(key), `${name}: duplicate key ${key}`).toBe(false);
    keys.add(key);
    for (const field of schema.fields) {
      const value = row[field.name]!;
      const where = `${name} ${field.name}=${JSON.stringify(value)}`;
      if (value === '') {
        expect(field.constraints?.required ?? false, where).toBe(false);
        continue;
      }
      switch (field.type) {
        case 'integer':
          expect(value, where).toMatch(/^-?\d+$/);
          break;
        case 'number':
          expect(Number.isFinite(Number(value)), where).toBe(true);
          break;
        case 'boolean':
          expect([...(field.trueValues ?? []), ...(field.falseValues ?? [])], where).toContain(value);
          break;
        case 'date':
          expect(value, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10), where).toBe(value);
          break;
        case 'datetime':
          expect(value, where).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
          break;
        case 'yearmonth':
          expect(value, where).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
          break;
        default:
          expect(field.type, where).toBe('string');
      }
      if (field.format === 'uuid')
        expect(value, where).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      if (field.constraints?.enum) expect(field.constraints.enum, where).toContain(value);
      if (field.constraints?.minimum !== undefined)
        expect(Number(value), where).toBeGreaterThanOrEqual(field.constraints.minimum);
    }
  }
}

describe('GET /api/exports/datapackage.zip (Frictionless Data Package 2.0)', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // A hint for form editors in the profiles, not a constraint.
  ajv.addFormat('textarea', true);
  const validators = Object.fromEntries(
    ['datapackage', 'dataresource', 'tableschema', 'tabledialect'].map((name) => [
      name,
      ajv.compile(profile(name)),
    ]),
  );

  async function datapackage(client: ApiClient, query: string) {
    const response = await download(client, `/api/exports/datapackage.zip?${query}`);
    expect(response.status, response.text.slice(0, 500)).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const files = await unzip(response.bytes);
    const descriptor = JSON.parse(files.get('datapackage.json')!.toString('utf8')) as {
      licenses: { name: string }[];
      resources: {
        name: string;
        path: string;
        schema: { fields: Field[]; primaryKey: string[] };
        dialect: object;
      }[];
      vigie: { research: { gridMetres: number; embargoDays: number; minCellCount: number } | null };
    };
    return { files, descriptor };
  }

  function expectValid(descriptor: { resources: { schema: object; dialect: object }[] }): void {
    const check = (name: string, value: unknown) => {
      const valid = validators[name]!(value);
      expect(valid, `${name}: ${JSON.stringify(validators[name]!.errors?.slice(0, 5))}`).toBe(true);
    };
    check('datapackage', descriptor);
    for (const resource of descriptor.resources) {
      check('dataresource', resource);
      check('tableschema', resource.schema);
      check('tabledialect', resource.dialect);
    }
  }

  it('validates against the profiles, and each CSV matches its Table Schema (research level)', async () => {
    const { files, descriptor } = await datapackage(researcher, YEAR);
    expect([...files.keys()].sort()).toEqual([
      'LICENSE',
      'README.md',
      'data/incidents.csv',
      'data/observations.csv',
      'datapackage.json',
    ]);
    expectValid(descriptor);
    expect(descriptor.licenses[0]!.name).toBe('ODbL-1.0');
    expect(descriptor.vigie.research).toMatchObject({ gridMetres: 500, embargoDays: 30, minCellCount: 3 });
    for (const resource of descriptor.resources) {
      expectMatchesSchema(resource.path, files.get(resource.path)!.toString('utf8'), resource.schema);
    }
    const kind = descriptor.resources[0]!.schema.fields.find((field) => field.name === 'kind') as Field & {
      categories: { value: string; label: string }[];
      categoriesEn: { value: string; label: string }[];
    };
    expect(kind.categories).toContainEqual({ value: 'eviction', label: 'Expulsion' });
    expect(kind.categoriesEn).toContainEqual({ value: 'eviction', label: 'Eviction' });
    expect(files.get('LICENSE')!.toString('utf8')).toContain('Open Database License');
  });

  it('says in its README what was removed and how many rows', async () => {
    const { files } = await datapackage(researcher, YEAR);
    const readme = files.get('README.md')!.toString('utf8');
    expect(readme).toContain('500 m grid');
    expect(readme).toMatch(/removed: without research consent \| 1 \|/);
    expect(readme).toMatch(/generalised to area and month \(small commune-day cell\) \| 3 \|/);
    expect(readme).toMatch(/removed: small cell, even at area-month level \| 1 \|/);
    expect(readme).toMatch(/rows in the file \| 6 \|/);
    expect(readme).toContain('minimum');
    const recent = await datapackage(researcher, `from=${addDays(today, -10)}&to=${today}`);
    expect(recent.files.get('README.md')!.toString('utf8')).toMatch(
      /removed: in the embargo window \(from [\d-]+\) \| [3-9]\d* \|/,
    );
  });

  it('validates at internal level too, with the instants and free text the internal level keeps', async () => {
    const { files, descriptor } = await datapackage(api, `${YEAR}&level=internal`);
    expectValid(descriptor);
    expect(descriptor.vigie.research).toBeNull();
    for (const resource of descriptor.resources) {
      expectMatchesSchema(resource.path, files.get(resource.path)!.toString('utf8'), resource.schema);
    }
    expect(files.get('data/observations.csv')!.toString('utf8')).toContain(word);
    expect(files.get('data/incidents.csv')!.toString('utf8')).not.toContain(`Témoignage ${word}`);
  });
});

describe('research level, configured (VIGIE_LOCATION_GRID_METRES, VIGIE_RESEARCH_MIN_CELL_COUNT, VIGIE_RESEARCH_EMBARGO_DAYS)', () => {
  const configured = useApi({
    role: 'researcher',
    env: {
      VIGIE_LOCATION_GRID_METRES: '1000',
      VIGIE_RESEARCH_MIN_CELL_COUNT: '1',
      VIGIE_RESEARCH_EMBARGO_DAYS: '0',
      VIGIE_EXPORT_LICENSE: 'CC-BY-4.0',
    },
  });

  it('snaps to the configured grid, shows every cell and writes the settings into the package', async () => {
    const { rows } = await researchCsv(configured, 'observations.csv');
    expect(rows.map((row) => row.id).sort()).toEqual(
      [...ids.exact, ...ids.generalised, ids.suppressed].sort(),
    );
    for (const row of rows) {
      const [x, y] = await lambert(Number(row.longitude), Number(row.latitude));
      expect(Math.abs((((x % 1000) + 1000) % 1000) - 500)).toBeLessThan(0.5);
      expect(Math.abs((((y % 1000) + 1000) % 1000) - 500)).toBeLessThan(0.5);
    }
    const response = await download(configured, `/api/exports/datapackage.zip?${YEAR}`);
    const files = await unzip(response.bytes);
    const descriptor = JSON.parse(files.get('datapackage.json')!.toString('utf8')) as {
      licenses: { name: string }[];
      vigie: { research: object };
    };
    expect(descriptor.vigie.research).toMatchObject({ gridMetres: 1000, minCellCount: 1, embargoDays: 0 });
    expect(descriptor.licenses[0]!.name).toBe('CC-BY-4.0');
  });
});
