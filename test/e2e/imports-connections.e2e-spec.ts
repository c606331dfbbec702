import type { ImportDryRun, ImportRecord } from '@vigie/domain';
import { expect, it } from 'vitest';
import { expectApiError, uniqueWord, useApi } from '../support/e2e-api';
import {
  BAD_MAPPING,
  badRows,
  csvFile,
  legacyCsv1252,
  legacyMapping,
  legacyRows,
} from '../support/import-files';
import { uploadImportOk } from '../support/imports';

/*
 * A commit of observations holds a second pooled connection beside its transaction, for the search
 * of possible duplicates (docs/decisions.md, "The commit's records are paired on a second
 * connection"), and must give it back whatever the outcome: on a pool of two connections, one kept
 * by a refused commit would leave every later commit waiting for ever.
 */
process.env.VIGIE_DB_POOL_SIZE = '2';

const api = useApi({ role: 'admin' });

async function checkedImport(file: { bytes: Buffer; name: string }, mapping: unknown): Promise<string> {
  const detail = await uploadImportOk(api, file);
  expect((await api.put(`/api/imports/${detail.id}/mapping`, mapping)).status).toBe(200);
  const dryRun = await api.post<ImportDryRun>(`/api/imports/${detail.id}/dry-run`);
  expect(dryRun.status).toBe(200);
  return detail.id;
}

it('gives both connections back after refused and successful commits, on a pool of two', async () => {
  const word = uniqueWord('pool');
  const rejected = await checkedImport(csvFile(badRows(word, 2008), 'bad.csv'), BAD_MAPPING);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    expectApiError(await api.post(`/api/imports/${rejected}/commit`, {}), 409, ['skipRejected']);
  }
  const legacy = await checkedImport(legacyCsv1252(legacyRows(word)), legacyMapping());
  const committed = await api.post<ImportRecord>(`/api/imports/${legacy}/commit`, {});
  expect(committed.status).toBe(200);
  expect(committed.body.result).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0 });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    expectApiError(await api.post(`/api/imports/${legacy}/commit`, {}), 409);
  }
  const skipping = await api.post<ImportRecord>(`/api/imports/${rejected}/commit`, { skipRejected: true });
  expect(skipping.status).toBe(200);
  expect(skipping.body.result?.created).toBeGreaterThan(0);
});
