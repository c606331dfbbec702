import { randomUUID } from 'node:crypto';
import type { DeadlineRecord, LegalCaseEventRecord, LegalCaseRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  CALAIS_PERIMETER,
  createLegalCase,
  createObservation,
  createSite,
  expectApiError,
  idFilter,
  idsOf,
  legalCaseInput,
  PLACES,
  signedInAs,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

interface HistoryEntry {
  action: string;
  actorId: string | null;
  diff: Record<string, { before: unknown; after: unknown }>;
}

describe('legal cases', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let legal: ApiClient;

  beforeAll(async () => {
    legal = await signedInAs(api, 'legal');
  });

  async function listed(
    ids: readonly string[],
    filter: string,
    client: ApiClient = legal,
  ): Promise<string[]> {
    const response = await client.get<LegalCaseRecord[]>(`/api/legal-cases?${idFilter(ids)}&${filter}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return idsOf(response);
  }

  async function addEvent(caseId: string, body: Record<string, unknown>): Promise<LegalCaseEventRecord> {
    const response = await legal.post<LegalCaseEventRecord>(`/api/legal-cases/${caseId}/events`, {
      title: 'Évènement',
      ...body,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  describe('POST /api/legal-cases', () => {
    it('stores every field of DESIGN §3 with the challenged act, and answers it back', async () => {
      const input = legalCaseInput({
        courtReference: 'n° 2500123',
        outcome: null,
        claimants: 'Association X, M. Y',
        respondents: 'Préfet du Pas-de-Calais',
        lawyer: 'Me Dupont',
        summary: 'Expulsions répétées du campement.',
        publicSummary: 'Un référé contre les expulsions.',
        confidentialNotes: 'Stratégie : plaider l’urgence.',
        challengedAct: {
          reference: 'n° 2025-104',
          title: 'Arrêté portant interdiction de distribution',
          authority: 'Préfet du Pas-de-Calais',
          signedOn: '2025-03-01',
          publishedOn: '2025-03-03',
          validFrom: '2025-03-04',
          validTo: '2025-04-30',
          perimeter: CALAIS_PERIMETER,
        },
      });
      const response = await legal.post<LegalCaseRecord>('/api/legal-cases', input);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({
        ...input,
        challengedAct: { ...(input.challengedAct as object), documentId: null },
        parentCaseId: null,
        parent: null,
        appeals: [],
        version: 1,
        deletedAt: null,
        createdBy: legal.user!.id,
      });
      expect((await legal.get(`/api/legal-cases/${response.body.id}`)).body).toEqual(response.body);
    });

    it('derives the sites concerned from the perimeter and counts the open deadlines it starts', async () => {
      const site = await createSite(api, {
        location: { type: 'Point', coordinates: [...PLACES.centralCalais] },
      });
      const record = await createLegalCase(legal, {
        procedure: 'recours_annulation',
        challengedAct: { publishedOn: '2025-03-03', perimeter: CALAIS_PERIMETER },
      });
      expect(record.siteIds).toContain(site.id);
      // R. 421-1: two months (délai franc) from the publication on 3 March 2025 → Monday 5 May 2025.
      expect(record).toMatchObject({ openDeadlines: 1, nextDueAt: '2025-05-05' });
      // What is read from other records is audited on them, not in the case's own history.
      const history = await legal.get<HistoryEntry[]>(`/api/legal-cases/${record.id}/history`);
      expect(history.body.map((entry) => entry.action)).toEqual(['create']);
      expect(history.body[0]!.diff).toHaveProperty('challengedAct');
      for (const derived of ['siteIds', 'openDeadlines', 'nextDueAt', 'appeals', 'parent']) {
        expect(history.body[0]!.diff).not.toHaveProperty(derived);
      }
    });

    it('replays a retried create with the same id and content, and refuses other content under it', async () => {
      const input = legalCaseInput({ id: randomUUID() });
      expect((await legal.post('/api/legal-cases', input)).status).toBe(201);
      const again = await legal.post<LegalCaseRecord>('/api/legal-cases', input);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(input.id);
      const other = await legal.post('/api/legal-cases', { ...input, title: 'Autre chose' });
      expectApiError(other, 409, ['id']);
    });
  });

  describe('GET /api/legal-cases', () => {
    it('filters by procedure, forum, status, outcome and full text, and counts in X-Total-Count', async () => {
      const word = uniqueWord('requete');
      const [a, b, c] = await Promise.all([
        createLegalCase(legal, { summary: `Dossier ${word}` }),
        createLegalCase(legal, {
          procedure: 'recours_annulation',
          status: 'decided',
          outcome: 'rejected',
          summary: `Autre ${word}`,
        }),
        createLegalCase(legal, {
          procedure: 'criminal_complaint',
          forum: 'parquet_boulogne',
          status: 'pending',
        }),
      ]);
      const ids = [a!.id, b!.id, c!.id];
      expect(await listed(ids, 'procedure=refere_liberte')).toEqual([a!.id]);
      expect((await listed(ids, 'procedure=recours_annulation&procedure=criminal_complaint')).sort()).toEqual(
        [b!.id, c!.id].sort(),
      );
      expect(await listed(ids, 'forum=parquet_boulogne')).toEqual([c!.id]);
      expect(await listed(ids, 'status=decided&outcome=rejected')).toEqual([b!.id]);
      const search = await legal.get(`/api/legal-cases?q=${word}`);
      expect(idsOf(search).sort()).toEqual([a!.id, b!.id].sort());
      expect(totalCount(search)).toBe(2);
    });

    it('filters by open deadlines, a due date and the period of the chronology', async () => {
      const [withDeadline, quiet] = await Promise.all([createLegalCase(legal), createLegalCase(legal)]);
      const manual = await legal.post<DeadlineRecord>(`/api/legal-cases/${withDeadline!.id}/deadlines`, {
        title: 'Mémoire en réplique',
        dueAt: '2025-06-10',
      });
      expect(manual.status, JSON.stringify(manual.body)).toBe(201);
      await addEvent(quiet!.id, { kind: 'filing', date: '2024-11-05' });
      await addEvent(quiet!.id, { kind: 'submission', date: '2025-01-20' });
      const ids = [withDeadline!.id, quiet!.id];
      expect(await listed(ids, 'hasOpenDeadlines=true')).toEqual([withDeadline!.id]);
      expect(await listed(ids, 'hasOpenDeadlines=false')).toEqual([quiet!.id]);
      expect(await listed(ids, 'dueBefore=2025-06-10')).toEqual([withDeadline!.id]);
      expect(await listed(ids, 'dueBefore=2025-06-09')).toEqual([]);
      // The chronology runs 5 Nov 2024 → 20 Jan 2025: it overlaps December, not February.
      expect(await listed(ids, 'activeOn_gte=2024-12-01&activeOn_lte=2024-12-31')).toEqual([quiet!.id]);
      expect(await listed(ids, 'activeOn_gte=2025-02-01')).toEqual([]);
      expect(await listed(ids, 'activeOn_lte=2024-11-04')).toEqual([]);
    });

    it('filters by a site linked through evidence or inside the perimeter', async () => {
      const site = await createSite(api, { location: { type: 'Point', coordinates: [2.303, 51.0136] } });
      const observation = await createObservation(api, {
        siteId: site.id,
        location: { type: 'Point', coordinates: [2.303, 51.0136] },
      });
      const [linked, other] = await Promise.all([createLegalCase(legal), createLegalCase(legal)]);
      const link = await legal.post(`/api/legal-cases/${linked!.id}/evidence`, {
        observationId: observation.id,
      });
      expect(link.status, JSON.stringify(link.body)).toBe(201);
      expect(await listed([linked!.id, other!.id], `siteId=${site.id}`)).toEqual([linked!.id]);
    });

    it('sorts by the next due date, cases without one last', async () => {
      const [late, soon, none] = await Promise.all([
        createLegalCase(legal),
        createLegalCase(legal),
        createLegalCase(legal),
      ]);
      for (const [record, dueAt] of [
        [late!, '2026-03-01'],
        [soon!, '2026-01-15'],
      ] as const) {
        const response = await legal.post(`/api/legal-cases/${record.id}/deadlines`, { title: 'x', dueAt });
        expect(response.status).toBe(201);
      }
      const ids = [late!.id, soon!.id, none!.id];
      expect(await listed(ids, '_sort=nextDueAt&_order=ASC')).toEqual([soon!.id, late!.id, none!.id]);
      expect(await listed(ids, '_sort=nextDueAt&_order=DESC')).toEqual([late!.id, soon!.id, none!.id]);
    });

    it('refuses an unknown filter or sort field with 400', async () => {
      expectApiError(await legal.get('/api/legal-cases?colour=red'), 400, ['colour']);
      expectApiError(await legal.get('/api/legal-cases?_sort=claimants'), 400, ['_sort']);
      expectApiError(await legal.get('/api/legal-cases?procedure=duel'), 400, ['procedure']);
    });
  });

  describe('GET /api/legal-cases.geojson', () => {
    it("gives the challenged acts' perimeters as features, cases without one left out", async () => {
      const [mapped, unmapped] = await Promise.all([
        createLegalCase(legal, { challengedAct: { reference: 'A-1', perimeter: CALAIS_PERIMETER } }),
        createLegalCase(legal),
      ]);
      const response = await legal.get<{
        type: string;
        features: { id: string; geometry: { type: string }; properties: Record<string, unknown> }[];
      }>(`/api/legal-cases.geojson?${idFilter([mapped!.id, unmapped!.id])}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(response.body.features.map((feature) => feature.id)).toEqual([mapped!.id]);
      expect(response.body.features[0]).toMatchObject({
        geometry: CALAIS_PERIMETER,
        properties: { reference: mapped!.reference, actReference: 'A-1' },
      });
    });
  });

  describe('PUT and PATCH /api/legal-cases/:id', () => {
    it('changes the fields sent, bumps the version and records the change in the history', async () => {
      const record = await createLegalCase(legal, {
        challengedAct: { reference: 'A-2', publishedOn: '2025-01-10' },
      });
      const response = await legal.patch<LegalCaseRecord>(`/api/legal-cases/${record.id}`, {
        version: 1,
        status: 'decided',
        outcome: 'granted',
        challengedAct: { validTo: '2025-12-31' },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({
        version: 2,
        status: 'decided',
        outcome: 'granted',
        challengedAct: { reference: 'A-2', publishedOn: '2025-01-10', validTo: '2025-12-31' },
      });
      const history = await legal.get<HistoryEntry[]>(`/api/legal-cases/${record.id}/history`);
      expect(history.body.map((entry) => entry.action)).toEqual(['update', 'create']);
      expect(history.body[0]!.diff).toMatchObject({
        status: { before: 'filed', after: 'decided' },
        outcome: { before: null, after: 'granted' },
      });
    });

    it('answers a stale version with 409 and the current case, changing nothing', async () => {
      const record = await createLegalCase(legal);
      expect(
        (await legal.patch(`/api/legal-cases/${record.id}`, { version: 1, lawyer: 'Me A' })).status,
      ).toBe(200);
      const stale = await legal.patch<{ current: LegalCaseRecord }>(`/api/legal-cases/${record.id}`, {
        version: 1,
        lawyer: 'Me B',
      });
      expectApiError(stale, 409, ['version']);
      expect(stale.body.current).toMatchObject({ version: 2, lawyer: 'Me A' });
      expect((await legal.get<LegalCaseRecord>(`/api/legal-cases/${record.id}`)).body.lawyer).toBe('Me A');
    });

    it('replaces the whole case on PUT: what is left out is cleared, the act included', async () => {
      const record = await createLegalCase(legal, { lawyer: 'Me C', challengedAct: { reference: 'A-3' } });
      const response = await legal.put<LegalCaseRecord>(`/api/legal-cases/${record.id}`, {
        ...legalCaseInput({ reference: record.reference, title: 'Nouveau titre' }),
        version: 1,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ title: 'Nouveau titre', lawyer: null, challengedAct: null });
    });
  });

  describe('appeals', () => {
    it('shows its parent on an appeal, and its appeals on the parent', async () => {
      const first = await createLegalCase(legal, { status: 'appealed', outcome: 'rejected' });
      const appeal = await createLegalCase(legal, {
        procedure: 'appeal',
        forum: 'conseil_etat',
        parentCaseId: first.id,
      });
      expect(appeal.parent).toMatchObject({ id: first.id, reference: first.reference, outcome: 'rejected' });
      const parent = await legal.get<LegalCaseRecord>(`/api/legal-cases/${first.id}`);
      expect(parent.body.appeals).toEqual([
        expect.objectContaining({ id: appeal.id, reference: appeal.reference, forum: 'conseil_etat' }),
      ]);
      expect(await listed([first.id, appeal.id], `parentCaseId=${first.id}`)).toEqual([appeal.id]);
      expect(await listed([first.id, appeal.id], `reference=${appeal.reference.toUpperCase()}`)).toEqual([
        appeal.id,
      ]);
    });
  });

  describe('DELETE and restore', () => {
    it('soft-deletes a case (out of lists, its deadlines out of « Échéances »), and restores it', async () => {
      const record = await createLegalCase(legal);
      const deadline = await legal.post<DeadlineRecord>(`/api/legal-cases/${record.id}/deadlines`, {
        title: 'À faire',
        dueAt: '2025-09-01',
      });
      const inDeadlines = async () =>
        idsOf(await legal.get(`/api/deadlines?id=${deadline.body.id}`)).includes(deadline.body.id);
      expect(await inDeadlines()).toBe(true);
      const deleted = await legal.delete<LegalCaseRecord>(`/api/legal-cases/${record.id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body.deletedAt).not.toBeNull();
      expect(await listed([record.id], '')).toEqual([]);
      expect(await listed([record.id], 'deleted=true')).toEqual([record.id]);
      expect(await inDeadlines()).toBe(false);
      expectApiError(await legal.patch(`/api/legal-cases/${record.id}`, { version: 2, lawyer: 'x' }), 409);
      const restored = await legal.post<LegalCaseRecord>(`/api/legal-cases/${record.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body.deletedAt).toBeNull();
      expect(await inDeadlines()).toBe(true);
      const history = await legal.get<HistoryEntry[]>(`/api/legal-cases/${record.id}/history`);
      expect(history.body.map((entry) => entry.action)).toEqual(['restore', 'delete', 'create']);
    });
  });

  describe('events', () => {
    it('keeps a chronology in date order, hearings with their time, room and judge', async () => {
      const record = await createLegalCase(legal);
      await addEvent(record.id, { kind: 'decision', date: '2025-03-10', outcome: 'rejected' });
      await addEvent(record.id, {
        kind: 'hearing',
        date: '2025-03-07',
        time: '14:30',
        room: 'Salle 2',
        judge: 'Mme la juge des référés',
      });
      await addEvent(record.id, { kind: 'filing', date: '2025-03-05' });
      const chronology = await legal.get<LegalCaseEventRecord[]>(`/api/legal-cases/${record.id}/events`);
      expect(chronology.body.map((event) => [event.date, event.kind])).toEqual([
        ['2025-03-05', 'filing'],
        ['2025-03-07', 'hearing'],
        ['2025-03-10', 'decision'],
      ]);
      expect(chronology.body[1]).toMatchObject({
        time: '14:30',
        room: 'Salle 2',
        judge: 'Mme la juge des référés',
      });
      expect(totalCount(chronology)).toBe(3);
    });

    it('changes an event with its version, and keeps what it was in the history', async () => {
      const record = await createLegalCase(legal);
      const event = await addEvent(record.id, { kind: 'hearing', date: '2025-05-07', time: '09:00' });
      const moved = await legal.patch<LegalCaseEventRecord>(
        `/api/legal-cases/${record.id}/events/${event.id}`,
        {
          version: 1,
          date: '2025-05-14',
        },
      );
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ date: '2025-05-14', time: '09:00', version: 2 });
      const history = await legal.get<HistoryEntry[]>(
        `/api/legal-cases/${record.id}/events/${event.id}/history`,
      );
      expect(history.body[0]!.diff).toMatchObject({ date: { before: '2025-05-07', after: '2025-05-14' } });
      expectApiError(
        await legal.patch(`/api/legal-cases/${record.id}/events/${event.id}`, { version: 1, title: 'x' }),
        409,
        ['version'],
      );
    });

    it('does not find an event under another case', async () => {
      const [one, other] = await Promise.all([createLegalCase(legal), createLegalCase(legal)]);
      const event = await addEvent(one!.id, { kind: 'filing', date: '2025-01-02' });
      expectApiError(await legal.get(`/api/legal-cases/${other!.id}/events/${event.id}`), 404);
      expectApiError(await legal.get(`/api/legal-cases/${other!.id}/events/${event.id}/history`), 404);
    });
  });
});
