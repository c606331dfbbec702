import type { ImportDetail, ImportRecord, Role } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  expectApiError,
  signedInAs,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';
import { BAD_MAPPING, badRows, csvFile, koboCsv, koboSubmissions } from '../support/import-files';
import { uploadImport, uploadImportOk } from '../support/imports';

/*
 * Who may import (issue 14, DESIGN §4–5): admins and coordinators; an import's rows, samples and
 * report are its creator's and the admins' only. The route-by-route tables are in the roles'
 * `*.acl.e2e-spec.ts` files; here, the cases a user would notice.
 */

const api = useApi({ role: 'admin' });

describe('imports between coordinators', () => {
  let owner: ApiClient;
  let other: ApiClient;
  let theirs: ImportDetail;

  beforeAll(async () => {
    owner = await signedInAs(api, 'coordinator');
    other = await signedInAs(api, 'coordinator');
    theirs = await uploadImportOk(owner, csvFile(badRows(uniqueWord('acl'), 2018), 'bad.csv'));
    expect((await owner.put(`/api/imports/${theirs.id}/mapping`, BAD_MAPPING)).status).toBe(200);
    expect((await owner.post(`/api/imports/${theirs.id}/dry-run`)).status).toBe(200);
  });

  it.each([
    ['GET', ''],
    ['GET', '/rows'],
    ['GET', '/report.csv'],
    ['PUT', '/mapping'],
    ['POST', '/dry-run'],
    ['POST', '/commit'],
    ['POST', '/undo'],
  ])("hides another coordinator's import: %s …%s is 404 and changes nothing", async (method, suffix) => {
    const before = await api.dataSource.query(`SELECT * FROM imports WHERE id = $1`, [theirs.id]);
    const body = method === 'PUT' ? BAD_MAPPING : method === 'POST' ? { skipRejected: true } : undefined;
    expectApiError(await other.call(method, `/api/imports/${theirs.id}${suffix}`, body), 404);
    expect(await api.dataSource.query(`SELECT * FROM imports WHERE id = $1`, [theirs.id])).toEqual(before);
  });

  it("leaves another coordinator's imports out of the history; an admin sees them", async () => {
    const mine = await uploadImportOk(other, csvFile(badRows(uniqueWord('acl'), 2018), 'mine.csv'));
    const list = await other.get<ImportRecord[]>('/api/imports?_start=0&_end=1000');
    expect(list.status).toBe(200);
    expect(list.body.map((row) => row.id)).toEqual([mine.id]);
    expect(totalCount(list)).toBe(1);
    const all = await api.get<ImportRecord[]>('/api/imports?_start=0&_end=1000');
    expect(all.body.map((row) => row.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('refuses a coordinator the import as validated (403), and writes nothing', async () => {
    const body = expectApiError(
      await owner.post(`/api/imports/${theirs.id}/commit`, { skipRejected: true, asValidated: true }),
      403,
    );
    expect(body.message).toContain('admin');
    expect((await owner.get<ImportRecord>(`/api/imports/${theirs.id}`)).body.status).toBe('checked');
    // As submitted, the same commit goes through.
    const done = await owner.post<ImportRecord>(`/api/imports/${theirs.id}/commit`, { skipRejected: true });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'committed', asValidated: false, result: { created: 2 } });
  });
});

describe('roles without imports.manage', () => {
  it.each<Role>(['observer', 'legal', 'communication', 'researcher'])(
    'refuses %s an upload, the history, the mappings and the feeds with 403, storing nothing',
    async (role) => {
      const client = await signedInAs(api, role);
      const before = await api.dataSource.query(
        `SELECT count(*)::int AS n FROM imports WHERE created_by = $1`,
        [client.user!.id],
      );
      expectApiError(await uploadImport(client, koboCsv(koboSubmissions('x'))), 403);
      expect(
        await api.dataSource.query(`SELECT count(*)::int AS n FROM imports WHERE created_by = $1`, [
          client.user!.id,
        ]),
      ).toEqual(before);
      for (const path of ['/api/imports', '/api/import-mappings', '/api/kobo-feeds']) {
        expectApiError(await client.get(path), 403);
      }
    },
  );

  it("never gives communication an observation's source", async () => {
    const upload = await uploadImportOk(api, koboCsv(koboSubmissions(uniqueWord('acl'))));
    expect((await api.put(`/api/imports/${upload.id}/mapping`, upload.suggestedMapping)).status).toBe(200);
    // A KoboToolbox export of the same submissions may exist already: only new records matter here.
    const commit = await api.post<ImportRecord>(`/api/imports/${upload.id}/commit`, { asValidated: true });
    expect(commit.status, JSON.stringify(commit.body)).toBe(200);
    const [row] = (await api.dataSource.query(
      `SELECT id FROM observations WHERE source->>'importId' = $1 LIMIT 1`,
      [upload.id],
    )) as { id: string }[];
    const communication = await signedInAs(api, 'communication');

    const seen = await communication.get<Record<string, unknown>>(`/api/observations/${row!.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('source');
    const list = await communication.get<Record<string, unknown>[]>(`/api/observations?id=${row!.id}`);
    expect(list.body[0]).toBeDefined();
    expect(list.body[0]).not.toHaveProperty('source');
    const admin = await api.get<Record<string, unknown>>(`/api/observations/${row!.id}`);
    expect(admin.body.source).toMatchObject({ importId: upload.id, row: expect.any(Number) });
  });
});
