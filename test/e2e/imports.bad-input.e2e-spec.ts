import { describe, expect, it } from 'vitest';
import { expectApiError, useApi } from '../support/e2e-api';
import { binaryBytes, csvFile, type ImportFile, legacyRows, legacyXlsx } from '../support/import-files';
import { uploadImport } from '../support/imports';

/*
 * Files an import refuses whole (issue 14, "Bad input"): each a clear 4xx in the API's error
 * format, and nothing stored — no import, no row.
 */

describe('imports: files refused whole', () => {
  const api = useApi({ role: 'admin' });

  async function stored(): Promise<{ imports: number; rows: number }> {
    const [row] = (await api.dataSource.query(
      `SELECT (SELECT count(*)::int FROM imports WHERE created_by = $1) AS imports,
              (SELECT count(*)::int FROM import_rows r JOIN imports i ON i.id = r.import_id
                WHERE i.created_by = $1) AS rows`,
      [api.user!.id],
    )) as { imports: number; rows: number }[];
    return row!;
  }

  async function expectRefusedUpload(
    file: ImportFile,
    status: number,
    fields: Record<string, string> = { kind: 'observations' },
    errorKeys: string[] = [],
  ): Promise<string> {
    const before = await stored();
    const body = expectApiError(await uploadImport(api, file, fields), status, errorKeys);
    expect(await stored()).toEqual(before);
    return body.message;
  }

  const text = (content: string, name = 'fichier.csv'): ImportFile => ({
    bytes: Buffer.from(content, 'utf8'),
    name,
    type: 'text/csv',
  });

  it('refuses an empty file', async () => {
    expect(await expectRefusedUpload(text(''), 400)).toMatch(/empty/i);
  });

  it('refuses a header row without data rows, or with empty lines only', async () => {
    await expectRefusedUpload(text('Date,Type\r\n'), 400, undefined, ['file']);
    await expectRefusedUpload(text('Date,Type\r\n,\r\n,\r\n'), 400, undefined, ['file']);
  });

  it('refuses a binary file named .csv with 415', async () => {
    await expectRefusedUpload({ bytes: binaryBytes(), name: 'export.csv', type: 'text/csv' }, 415);
  });

  it('refuses text named .xlsx with 415', async () => {
    await expectRefusedUpload(text('a,b\r\n1,2\r\n', 'export.xlsx'), 415);
  });

  it('refuses duplicated headers, naming them and their columns', async () => {
    const message = await expectRefusedUpload(text('Date,Type,Date\r\n2021-03-04,Expulsion,x\r\n'), 400);
    expect(message).toContain('Date');
    expect(message).toMatch(/1.*3/);
  });

  it('refuses an unknown sheet, listing the sheets there are', async () => {
    const file = await legacyXlsx(legacyRows('x'));
    const message = await expectRefusedUpload(file, 400, { kind: 'observations', sheet: '2020' });
    expect(message).toContain('2020');
    expect(message).toContain('Synthèse');
    expect(message).toContain('2019');
  });

  it('refuses an upload without kind, with an unknown kind, without file or with an unknown field', async () => {
    const file = csvFile([['Date'], ['2021-03-04']], 'a.csv');
    await expectRefusedUpload(file, 400, {}, ['kind']);
    await expectRefusedUpload(file, 400, { kind: 'sites' }, ['kind']);
    await expectRefusedUpload(file, 400, { kind: 'observations', owner: 'x' }, ['owner']);
    const before = await stored();
    const form = new FormData();
    form.append('kind', 'observations');
    expectApiError(await api.post('/api/imports', form), 400, ['file']);
    expect(await stored()).toEqual(before);
  });

  it('refuses a row with more cells than headers', async () => {
    const message = await expectRefusedUpload(text('Date,Type\r\n2021-03-04,Expulsion,en trop\r\n'), 400);
    expect(message).toMatch(/row 2/i);
  });
});

describe('imports: a file over VIGIE_IMPORT_MAX_MB', () => {
  const api = useApi({ role: 'admin', env: { VIGIE_IMPORT_MAX_MB: '1' } });

  it('is refused with 413 and nothing is stored', async () => {
    const before = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM imports WHERE created_by = $1`,
      [api.user!.id],
    );
    const line = `2021-03-04T07:30:00+01:00,Expulsion,${'x'.repeat(200)}\r\n`;
    const big = 'Date,Type,Remarques\r\n' + line.repeat(Math.ceil((1.5 * 1024 * 1024) / line.length));
    const body = expectApiError(await uploadImport(api, { bytes: big, name: 'gros.csv' }), 413, ['file']);
    expect(body.message).toContain('1 MB');
    expect(
      await api.dataSource.query(`SELECT count(*)::int AS n FROM imports WHERE created_by = $1`, [
        api.user!.id,
      ]),
    ).toEqual(before);
    // Just under the limit goes through.
    const small = 'Date,Type,Remarques\r\n' + line.repeat(100);
    expect((await uploadImport(api, { bytes: small, name: 'petit.csv' })).status).toBe(201);
  });
});
