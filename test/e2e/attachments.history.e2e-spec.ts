import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentRecord, ObservationRecord, Role } from '@vigie/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageUpload, setStatus } from '../support/acl';
import { download, uploadOk } from '../support/attachments';
import {
  type ApiClient,
  createObservation,
  expectApiError,
  signedInAs,
  totalCount,
  useApi,
} from '../support/e2e-api';

/** `GET /api/attachments/:id/history`: the file's audit events, under the attachments' visibility. */

interface HistoryEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-attachments-history-'));
const api = useApi({ env: { VIGIE_DATA_DIR: dataDir } });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const withPublication = [{ name: 'consent', value: '{"publication":true}' }];

async function historyOf(client: ApiClient, id: string) {
  return client.get<HistoryEntry[]>(`/api/attachments/${id}/history`);
}

describe('attachment history', () => {
  let validated: ObservationRecord;
  const clients = {} as Record<Role, ApiClient>;

  beforeAll(async () => {
    validated = await createObservation(api);
    await setStatus(api.dataSource, validated.id, 'validated');
    for (const role of ['coordinator', 'observer', 'legal', 'communication', 'researcher'] as const) {
      clients[role] = await signedInAs(api, role);
    }
    clients.admin = api;
  });

  it('lists who changed, downloaded, deleted and restored the file, newest first', async () => {
    const record = await uploadOk(api, imageUpload(validated.id));
    const coordinator = clients.coordinator;
    const patched = await coordinator.patch<AttachmentRecord>(`/api/attachments/${record.id}`, {
      version: 1,
      caption: 'Tentes lacérées',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await download(api, `/api/attachments/${record.id}/content`)).status).toBe(200);
    expect((await api.delete(`/api/attachments/${record.id}`)).status).toBe(200);
    expect((await api.post(`/api/attachments/${record.id}/restore`)).status).toBe(200);

    const history = await historyOf(api, record.id);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(totalCount(history)).toBe(5);
    expect(history.body.map((entry) => entry.action)).toEqual([
      'restore',
      'delete',
      'download',
      'update',
      'create',
    ]);
    expect(history.body[3]).toMatchObject({
      actorId: coordinator.user!.id,
      actorName: coordinator.user!.name,
      diff: { caption: { before: null, after: 'Tentes lacérées' } },
    });
    expect(history.body[4]).toMatchObject({
      actorId: api.user!.id,
      diff: { sha256: { before: null, after: record.sha256 } },
    });

    const page = await api.get<HistoryEntry[]>(`/api/attachments/${record.id}/history?_start=0&_end=2`);
    expect(page.body.map((entry) => entry.action)).toEqual(['restore', 'delete']);
    expect(totalCount(page)).toBe(5);
  });

  it('answers 404 for an unknown file and 400 for a malformed id or query', async () => {
    expectApiError(await historyOf(api, randomUUID()), 404);
    expectApiError(await api.get('/api/attachments/not-a-uuid/history'), 400);
    const record = await uploadOk(api, imageUpload(validated.id));
    expectApiError(await api.get(`/api/attachments/${record.id}/history?status=draft`), 400, ['status']);
  });

  it("gives an observer the history of its own uploads only, another's is 404", async () => {
    const observer = clients.observer;
    const own = await uploadOk(observer, imageUpload(validated.id));
    const ownHistory = await historyOf(observer, own.id);
    expect(ownHistory.status, JSON.stringify(ownHistory.body)).toBe(200);
    expect(ownHistory.body.map((entry) => entry.action)).toEqual(['create']);

    const others = await uploadOk(await signedInAs(api, 'observer'), imageUpload(validated.id));
    const admins = await uploadOk(api, imageUpload(validated.id));
    expectApiError(await historyOf(observer, others.id), 404);
    expectApiError(await historyOf(observer, admins.id), 404);
  });

  it('gives coordinators and legal users the history of every file', async () => {
    const record = await uploadOk(clients.observer, imageUpload(validated.id));
    for (const role of ['coordinator', 'legal'] as const) {
      const history = await historyOf(clients[role], record.id);
      expect(history.status, role).toBe(200);
      expect(
        history.body.map((entry) => entry.action),
        role,
      ).toEqual(['create']);
    }
  });

  it('gives communication the history of a consented file on a validated record only, without where it was taken', async () => {
    const communication = clients.communication;
    const consented = await uploadOk(api, imageUpload(validated.id, withPublication));
    expect(consented.exifLocation, 'the fixture carries a GPS position').not.toBeNull();

    const history = await historyOf(communication, consented.id);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(history.body.map((entry) => entry.action)).toEqual(['create']);
    expect(history.body[0]!.diff).toHaveProperty('mimeType');
    // None of what the copy without metadata leaves out (issue 10 item 1).
    for (const field of ['exifLocation', 'capturedAt', 'originalName', 'sha256', 'sizeBytes']) {
      expect(history.body[0]!.diff).not.toHaveProperty(field);
    }
    const adminView = await historyOf(api, consented.id);
    expect(adminView.body[0]!.diff).toHaveProperty('exifLocation');

    const unconsented = await uploadOk(api, imageUpload(validated.id));
    expectApiError(await historyOf(communication, unconsented.id), 404);
    const draft = await createObservation(api);
    const onDraft = await uploadOk(api, imageUpload(draft.id, withPublication));
    expectApiError(await historyOf(communication, onDraft.id), 404);
    expect((await api.delete(`/api/attachments/${consented.id}`)).status).toBe(200);
    expectApiError(await historyOf(communication, consented.id), 404);
  });

  it('refuses researchers with 403, whether the file exists or not', async () => {
    const record = await uploadOk(api, imageUpload(validated.id));
    expectApiError(await historyOf(clients.researcher, record.id), 403);
    expectApiError(await historyOf(clients.researcher, randomUUID()), 403);
  });
});
