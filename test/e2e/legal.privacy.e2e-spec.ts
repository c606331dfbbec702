import type { AttachmentRecord, LegalCaseRecord } from '@vigie/domain';
import { PUBLIC_LEGAL_CASE_FIELDS } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, upload, uploadOk } from '../support/attachments';
import {
  type ApiClient,
  createLegalCase,
  expectApiError,
  idFilter,
  idsOf,
  signedInAs,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

/*
 * Legal cases seen from the side of roles that must not read all of them (DESIGN §4): what a
 * communication user, a coordinator or anyone else can learn, directly or indirectly, of the fields
 * that are not theirs (search, filters, sorting, counts, histories, deleted and preparing cases,
 * the case's own files).
 */
describe('legal cases, from the side of those who may not read them whole', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let legal: ApiClient;
  let communication: ApiClient;
  let coordinator: ApiClient;
  /** Words that appear in one field only of the `filed` case. */
  const words = {
    title: uniqueWord('titre'),
    publicSummary: uniqueWord('public'),
    summary: uniqueWord('interne'),
    claimants: uniqueWord('requerant'),
    confidentialNotes: uniqueWord('confidentiel'),
    respondents: uniqueWord('defendeur'),
  };
  let filed: LegalCaseRecord;
  let preparing: LegalCaseRecord;
  let deleted: LegalCaseRecord;
  let caseFile: AttachmentRecord;

  beforeAll(async () => {
    [legal, communication, coordinator] = await Promise.all([
      signedInAs(api, 'legal'),
      signedInAs(api, 'communication'),
      signedInAs(api, 'coordinator'),
    ]);
    filed = await createLegalCase(legal, {
      status: 'filed',
      title: `Référé ${words.title}`,
      publicSummary: `Résumé ${words.publicSummary}`,
      summary: `Résumé ${words.summary}`,
      claimants: `M. ${words.claimants}`,
      confidentialNotes: `Note ${words.confidentialNotes}`,
      respondents: `Préfet ${words.respondents}`,
    });
    preparing = await createLegalCase(legal, { status: 'preparing', title: `Projet ${words.title}` });
    deleted = await createLegalCase(legal, { status: 'filed', title: `Supprimé ${words.title}` });
    expect((await legal.delete(`/api/legal-cases/${deleted.id}`)).status).toBe(200);
    const changed = await legal.patch(`/api/legal-cases/${filed.id}`, {
      version: 1,
      summary: `Changé ${words.summary}`,
      confidentialNotes: `Changé ${words.confidentialNotes}`,
      publicSummary: `Changé ${words.publicSummary}`,
    });
    expect(changed.status).toBe(200);
    caseFile = await uploadOk(legal, [
      { name: 'legalCaseId', value: filed.id },
      { name: 'file', file: fixture('exif-calais.jpg'), filename: 'piece.jpg', type: 'image/jpeg' },
    ]);
  });

  describe('communication', () => {
    it('reads the public fields of a case only, not even the keys of the others', async () => {
      const response = await communication.get<Record<string, unknown>>(`/api/legal-cases/${filed.id}`);
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual([...PUBLIC_LEGAL_CASE_FIELDS].sort());
      const list = await communication.get<Record<string, unknown>[]>(`/api/legal-cases?id=${filed.id}`);
      expect(Object.keys(list.body[0]!).sort()).toEqual([...PUBLIC_LEGAL_CASE_FIELDS].sort());
      const text = JSON.stringify([response.body, list.body]);
      for (const word of [words.summary, words.claimants, words.confidentialNotes, words.respondents]) {
        expect(text).not.toContain(word);
      }
    });

    it('does not find cases in preparation or deleted: 404, absent from lists and counts', async () => {
      for (const hidden of [preparing, deleted]) {
        expectApiError(await communication.get(`/api/legal-cases/${hidden.id}`), 404);
        expectApiError(await communication.get(`/api/legal-cases/${hidden.id}/events`), 404);
        expectApiError(await communication.get(`/api/legal-cases/${hidden.id}/history`), 404);
        expectApiError(await communication.get(`/api/legal-cases/${hidden.id}/hearings.ics`), 404);
      }
      const list = await communication.get(
        `/api/legal-cases?${idFilter([filed.id, preparing.id, deleted.id])}`,
      );
      expect(idsOf(list)).toEqual([filed.id]);
      expect(totalCount(list)).toBe(1);
      expectApiError(await communication.get('/api/legal-cases?deleted=true'), 400, ['deleted']);
    });

    it('learns nothing of the other fields through the full-text search and its count', async () => {
      const hits = async (word: string) => {
        const response = await communication.get(`/api/legal-cases?q=${word}`);
        expect(response.status).toBe(200);
        return { ids: idsOf(response), total: totalCount(response) };
      };
      expect(await hits(words.title)).toEqual({ ids: [filed.id], total: 1 });
      expect(await hits(words.publicSummary)).toEqual({ ids: [filed.id], total: 1 });
      for (const word of [words.summary, words.claimants, words.confidentialNotes, words.respondents]) {
        expect(await hits(word), word).toEqual({ ids: [], total: 0 });
      }
      // While legal staff find the case by its (non-restricted) summary, never by restricted text.
      expect(idsOf(await legal.get(`/api/legal-cases?q=${words.summary}`))).toEqual([filed.id]);
      expect(idsOf(await legal.get(`/api/legal-cases?q=${words.claimants}`))).toEqual([]);
      expect(idsOf(await legal.get(`/api/legal-cases?q=${words.confidentialNotes}`))).toEqual([]);
    });

    it('cannot filter or sort by a field that is not public (400)', async () => {
      for (const filter of [
        'hasOpenDeadlines=true',
        'dueBefore=2030-01-01',
        `siteId=${filed.id}`,
        `reference=${filed.reference}`,
        `parentCaseId=${filed.id}`,
        'activeOn_gte=2025-01-01',
        'createdAt_gte=2025-01-01',
      ]) {
        expectApiError(await communication.get(`/api/legal-cases?${filter}`), 400);
      }
      for (const sort of ['reference', 'nextDueAt', 'updatedAt', 'createdAt']) {
        expectApiError(await communication.get(`/api/legal-cases?_sort=${sort}`), 400, ['_sort']);
      }
    });

    it('reads in the history only the changes of public fields', async () => {
      const history = await communication.get<{ action: string; diff: Record<string, unknown> }[]>(
        `/api/legal-cases/${filed.id}/history`,
      );
      expect(history.status).toBe(200);
      expect(history.body.map((entry) => entry.action)).toEqual(['update', 'create']);
      expect(Object.keys(history.body[0]!.diff)).toEqual(['publicSummary']);
      for (const entry of history.body) {
        for (const field of Object.keys(entry.diff)) {
          expect(PUBLIC_LEGAL_CASE_FIELDS as readonly string[]).toContain(field);
        }
      }
      const text = JSON.stringify(history.body);
      for (const word of [words.summary, words.claimants, words.confidentialNotes, words.respondents]) {
        expect(text).not.toContain(word);
      }
    });

    it('reads the live events of a public case, not its deleted ones', async () => {
      const add = (title: string) =>
        legal.post<{ id: string }>(`/api/legal-cases/${filed.id}/events`, {
          kind: 'filing',
          date: '2025-02-02',
          title,
        });
      const kept = await add('Requête déposée');
      const removed = await add('Saisie par erreur');
      expect((await legal.delete(`/api/legal-cases/${filed.id}/events/${removed.body.id}`)).status).toBe(200);
      const events = await communication.get(`/api/legal-cases/${filed.id}/events`);
      expect(idsOf(events)).toContain(kept.body.id);
      expect(idsOf(events)).not.toContain(removed.body.id);
      // No trash for communication, as on every list (issue 10, item 5).
      expectApiError(await communication.get(`/api/legal-cases/${filed.id}/events?deleted=true`), 400, [
        'deleted',
      ]);
      expectApiError(await communication.get(`/api/legal-cases/${filed.id}/events/${removed.body.id}`), 404);
    });

    it('has no access to perimeters, deadlines, evidence or rules (403), nor to the case’s files (404)', async () => {
      for (const path of [
        '/api/legal-cases.geojson',
        '/api/deadlines',
        '/api/deadlines.ics',
        `/api/legal-cases/${filed.id}/deadlines`,
        `/api/legal-cases/${filed.id}/evidence`,
        `/api/legal-cases/${filed.id}/evidence/in-perimeter`,
        '/api/legal-rules',
      ]) {
        expectApiError(await communication.get(path), 403);
      }
      expectApiError(await communication.get(`/api/attachments/${caseFile.id}`), 404);
      expect(idsOf(await communication.get(`/api/attachments?legalCaseId=${filed.id}`))).toEqual([]);
    });
  });

  describe('coordinators (field data, no legal cases)', () => {
    it('do not see the files of a legal case, nor attach one to it', async () => {
      expectApiError(await coordinator.get(`/api/attachments/${caseFile.id}`), 404);
      expectApiError(await coordinator.get(`/api/attachments/${caseFile.id}/content`), 404);
      expectApiError(await coordinator.get(`/api/attachments/${caseFile.id}/history`), 404);
      const list = await coordinator.get(`/api/attachments?legalCaseId=${filed.id}`);
      expect(idsOf(list)).toEqual([]);
      expect(totalCount(list)).toBe(0);
      const response = await upload(coordinator, [
        { name: 'legalCaseId', value: filed.id },
        { name: 'file', file: fixture('exif-calais.jpg'), filename: 'x.jpg', type: 'image/jpeg' },
      ]);
      // As for a case that does not exist: the id tells nothing.
      const error = expectApiError(response, 400, ['legalCaseId']);
      expect(error.message).toBe(`unknown legal case ${filed.id}`);
    });
  });

  it('masks restricted values in the audit trail, for admins too', async () => {
    const events = await api.get<
      { entity: string; entityId: string; diff: Record<string, { after: unknown }> }[]
    >(`/api/audit-events?entity=legal_cases&entityId=${filed.id}&_sort=id&_order=ASC`);
    expect(events.status, JSON.stringify(events.body)).toBe(200);
    expect(events.body[0]!.diff.confidentialNotes).toEqual({ before: null, after: '[restricted]' });
    expect(events.body[0]!.diff.claimants).toEqual({ before: null, after: '[restricted]' });
    const text = JSON.stringify(events.body);
    expect(text).not.toContain(words.claimants);
    expect(text).not.toContain(words.confidentialNotes);
    const stored = (await api.dataSource.query(
      `SELECT diff::text AS diff FROM audit_events WHERE entity = 'legal_cases' AND entity_id = $1`,
      [filed.id],
    )) as { diff: string }[];
    expect(stored.map((row) => row.diff).join(' ')).not.toContain(words.confidentialNotes);
  });
});
