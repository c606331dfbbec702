import type { IncidentRecord, ObservationRecord } from '@vigie/domain';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIncident, createObservation, createSite, useApi } from '../support/e2e-api';
import { download, expectFile, parseCsv, unzip, type CsvRow } from '../support/exports';

/*
 * Issue 14, "Bad input": a formula typed into a free-text field (or brought in by an import) is
 * never evaluated when an export is opened in spreadsheet software. CSV and XLSX text cells that
 * would start a formula carry a leading apostrophe; GeoJSON keeps the values as recorded. The data
 * of this file sit in July 2011, a month no other test file uses.
 */

const api = useApi();
const MONTH = 'from=2011-07-01&to=2011-07-31&level=internal';
const HYPERLINK = '=HYPERLINK("http://evil","x")';
const DDE = "+cmd|' /C calc'!A0";
const SITE = '@SUM(1+1)*cmd|x';
let observation: ObservationRecord;
let incident: IncidentRecord;

beforeAll(async () => {
  const site = await createSite(api, { name: SITE });
  observation = await createObservation(api, {
    startedAt: '2011-07-12T07:00:00+02:00',
    endedAt: '2011-07-12T09:00:00+02:00',
    siteId: site.id,
    description: HYPERLINK,
    contractorPresent: true,
    contractorName: DDE,
    legalBasisDetails: '-5',
    arrests: 3,
  });
  incident = await createIncident(api, { occurredAt: '2011-07-12T07:30:00+02:00', publicSummary: HYPERLINK });
});

/** No cell would start a formula; a cell starting with `-` is a number of a typed column. */
function expectNoFormula(rows: CsvRow[]): void {
  for (const row of rows) {
    for (const [name, cell] of Object.entries(row)) {
      expect(cell, name).not.toMatch(/^[=+@\t\r]/);
      if (cell.startsWith('-')) expect(cell, name).toMatch(/^-\d+(\.\d+)?$/);
    }
  }
}

describe('CSV exports: formulas neutralised', () => {
  it.each([
    ['comma', '', ','],
    ['semicolon', '&sep=semicolon', ';'],
  ] as const)(
    'puts an apostrophe before free text and names that start a formula (%s)',
    async (_name, sep, delimiter) => {
      const file = await download(api, `/api/exports/observations.csv?${MONTH}${sep}`);
      expectFile(file, /^text\/csv/);
      const { rows } = parseCsv(file.text, delimiter);
      const row = rows.find((candidate) => candidate.id === observation.id)!;
      expect(row).toMatchObject({
        description: `'${HYPERLINK}`,
        contractor_name: `'${DDE}`,
        site_name: `'${SITE}`,
        // In a text column "-5" is text, neutralised like any other.
        legal_basis_details: "'-5",
        // Codes, ids and typed values are as they were.
        kind: 'eviction',
        arrests: '3',
        contractor_present: 'true',
        site_id: observation.siteId,
      });
      expectNoFormula(rows);
    },
  );

  it('neutralises incident text too', async () => {
    const file = await download(api, `/api/exports/incidents.csv?${MONTH}`);
    const { rows } = parseCsv(file.text);
    expect(rows.find((row) => row.id === incident.id)?.public_summary).toBe(`'${HYPERLINK}`);
    expectNoFormula(rows);
  });

  it('neutralises the data package CSVs and says so in its README', async () => {
    const file = await download(api, `/api/exports/datapackage.zip?${MONTH}`);
    expect(file.status, file.text.slice(0, 300)).toBe(200);
    const files = await unzip(file.bytes);
    const observations = parseCsv(files.get('data/observations.csv')!.toString('utf8')).rows;
    expect(observations.find((row) => row.id === observation.id)).toMatchObject({
      description: `'${HYPERLINK}`,
      contractor_name: `'${DDE}`,
    });
    expectNoFormula(observations);
    expectNoFormula(parseCsv(files.get('data/incidents.csv')!.toString('utf8')).rows);
    expect(files.get('README.md')!.toString('utf8')).toContain('formula injection');
  });
});

describe('XLSX exports: text cells, never formulas', () => {
  it('writes hostile text as a string cell starting with an apostrophe, and no formula anywhere', async () => {
    const file = await download(api, `/api/exports/observations.xlsx?${MONTH}`);
    expectFile(file, /spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer);
    const data = workbook.getWorksheet('Données')!;
    const header = (data.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    let row: ExcelJS.Row | undefined;
    data.eachRow((candidate) => {
      if (candidate.getCell(column('id')).value === observation.id) row = candidate;
    });
    expect(row).toBeDefined();
    for (const [name, text] of [
      ['description', HYPERLINK],
      ['contractor_name', DDE],
      ['site_name', SITE],
    ] as const) {
      const cell = row!.getCell(column(name));
      expect(cell.type, name).toBe(ExcelJS.ValueType.String);
      expect(cell.text, name).toBe(`'${text}`);
    }
    expect(row!.getCell(column('arrests')).value).toBe(3);
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((each) =>
        each.eachCell((cell) => {
          expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula, cell.address).toBeUndefined();
        }),
      );
    }
  });
});

describe('GeoJSON exports: values as recorded', () => {
  it('keeps the text unchanged: GeoJSON is read by programs, not spreadsheets', async () => {
    const file = await download(api, `/api/exports/observations.geojson?${MONTH}`);
    expectFile(file, /^application\/geo\+json/);
    const collection = JSON.parse(file.text) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    expect(collection.features.find((feature) => feature.id === observation.id)?.properties).toMatchObject({
      description: HYPERLINK,
      contractor_name: DDE,
      site_name: SITE,
      legal_basis_details: '-5',
    });
  });
});
