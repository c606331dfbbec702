import { randomUUID } from 'node:crypto';
import type { DeadlineRecord, LegalCaseEventRecord, LegalCaseRecord, LegalRuleView } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createLegalCase,
  expectApiError,
  idsOf,
  signedInAs,
  totalCount,
  useApi,
} from '../support/e2e-api';

interface HistoryEntry {
  action: string;
  actorId: string | null;
  diff: Record<string, { before: unknown; after: unknown }>;
}

interface AuditRow {
  action: string;
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

describe('legal deadlines', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let legal: ApiClient;

  beforeAll(async () => {
    legal = await signedInAs(api, 'legal');
  });

  async function deadlinesOf(caseId: string, query = ''): Promise<DeadlineRecord[]> {
    const response = await legal.get<DeadlineRecord[]>(`/api/legal-cases/${caseId}/deadlines?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  async function recordDecision(
    caseId: string,
    body: Record<string, unknown>,
  ): Promise<LegalCaseEventRecord> {
    const response = await legal.post<LegalCaseEventRecord>(`/api/legal-cases/${caseId}/events`, {
      kind: 'decision',
      title: 'Ordonnance de référé',
      outcome: 'rejected',
      ...body,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  describe('computed from events', () => {
    it('computes the 15-day appeal of a notified référé-liberté order, citing its text', async () => {
      const record = await createLegalCase(legal, { procedure: 'refere_liberte', forum: 'ta_lille' });
      const decision = await recordDecision(record.id, { date: '2025-03-03', notifiedOn: '2025-03-04' });
      const [deadline, ...others] = await deadlinesOf(record.id);
      expect(others).toEqual([]);
      // Délai franc: 4 March + 15 days = 19 March, not counting the last day → Thursday 20 March.
      expect(deadline).toMatchObject({
        caseId: record.id,
        caseReference: record.reference,
        rule: 'ce_appeal_refere_liberte',
        ruleConfirmed: false,
        computed: true,
        source: 'event',
        sourceEventId: decision.id,
        startsOn: '2025-03-04',
        dueAt: '2025-03-20',
        status: 'open',
      });
      expect(deadline!.basis!.fr).toContain('CJA, art. L. 523-1');
      expect(deadline!.basis!.fr).toContain('20 mars 2025');
      expect(deadline!.basis!.en).toContain('20 March 2025');
    });

    it('starts nothing for a decision not yet notified, and the deadline once it is', async () => {
      const record = await createLegalCase(legal);
      const decision = await recordDecision(record.id, { date: '2025-04-10' });
      expect(await deadlinesOf(record.id)).toEqual([]);
      const notified = await legal.patch(`/api/legal-cases/${record.id}/events/${decision.id}`, {
        version: 1,
        notifiedOn: '2025-04-11',
      });
      expect(notified.status, JSON.stringify(notified.body)).toBe(200);
      // 11 April + 15 = 26 April, +1 (franc) = Sunday 27 April → Monday 28 April 2025.
      expect((await deadlinesOf(record.id)).map((d) => d.dueAt)).toEqual(['2025-04-28']);
    });

    it('recomputes when the notification date changes, keeping the old due date in the history, audited', async () => {
      const record = await createLegalCase(legal);
      const decision = await recordDecision(record.id, { date: '2025-04-28', notifiedOn: '2025-04-29' });
      const [before] = await deadlinesOf(record.id);
      // 29 April + 15 = 14 May, +1 = Thursday 15 May 2025.
      expect(before!.dueAt).toBe('2025-05-15');
      const moved = await legal.patch(`/api/legal-cases/${record.id}/events/${decision.id}`, {
        version: 1,
        notifiedOn: '2025-05-06',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      const [after] = await deadlinesOf(record.id);
      // 6 May + 15 = 21 May, +1 = Thursday 22 May 2025: the same deadline, moved.
      expect(after).toMatchObject({
        id: before!.id,
        dueAt: '2025-05-22',
        startsOn: '2025-05-06',
        version: 2,
      });
      const history = await legal.get<HistoryEntry[]>(
        `/api/legal-cases/${record.id}/deadlines/${before!.id}/history`,
      );
      expect(history.status).toBe(200);
      expect(history.body.map((entry) => entry.action)).toEqual(['update', 'create']);
      expect(history.body[0]!.diff.dueAt).toEqual({ before: '2025-05-15', after: '2025-05-22' });
      expect(history.body[0]!.actorId).toBe(legal.user!.id);
      const audited = (await api.dataSource.query(
        `SELECT action, diff FROM audit_events WHERE entity = 'legal_deadlines' AND entity_id = $1 ORDER BY id`,
        [before!.id],
      )) as AuditRow[];
      expect(audited.map((row) => row.action)).toEqual(['create', 'update']);
    });

    it('moves a deadline that falls on a holiday to the next working day, and says so', async () => {
      const record = await createLegalCase(legal);
      // 15 April 2025 + 15 = 30 April, +1 (franc) = Thursday 1 May, Fête du travail → Friday 2 May.
      await recordDecision(record.id, { date: '2025-04-15', notifiedOn: '2025-04-15' });
      const [deadline] = await deadlinesOf(record.id);
      expect(deadline!.dueAt).toBe('2025-05-02');
      expect(deadline!.basis!.fr).toMatch(/1er mai 2025/);
      expect(deadline!.basis!.fr).toMatch(/Fête du travail/);
    });

    it('cancels the deadline when its event is deleted or no longer calls for it, and reopens it after', async () => {
      const record = await createLegalCase(legal);
      const decision = await recordDecision(record.id, { date: '2025-02-03', notifiedOn: '2025-02-03' });
      const [deadline] = await deadlinesOf(record.id);
      expect((await legal.delete(`/api/legal-cases/${record.id}/events/${decision.id}`)).status).toBe(200);
      expect((await deadlinesOf(record.id))[0]).toMatchObject({
        id: deadline!.id,
        status: 'cancelled',
        cancelReason: 'source_removed',
        closedBy: legal.user!.id,
      });
      const open = await legal.get(`/api/deadlines?status=open&caseId=${record.id}`);
      expect(idsOf(open)).toEqual([]);
      expect((await legal.post(`/api/legal-cases/${record.id}/events/${decision.id}/restore`)).status).toBe(
        200,
      );
      expect((await deadlinesOf(record.id))[0]).toMatchObject({
        id: deadline!.id,
        status: 'open',
        cancelReason: null,
        closedAt: null,
      });
      // A change of procedure: the référé-liberté rule no longer applies.
      const current = (await legal.get<{ version: number }>(`/api/legal-cases/${record.id}`)).body;
      const changed = await legal.patch(`/api/legal-cases/${record.id}`, {
        version: current.version,
        procedure: 'criminal_complaint',
        forum: 'parquet_boulogne',
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect((await deadlinesOf(record.id))[0]!.status).toBe('cancelled');
    });

    it('marks the first day a civil-party complaint becomes possible as such, not as a time limit', async () => {
      const record = await createLegalCase(legal, {
        procedure: 'criminal_complaint',
        forum: 'parquet_boulogne',
      });
      await legal.post(`/api/legal-cases/${record.id}/events`, {
        kind: 'filing',
        date: '2025-03-04',
        title: 'Plainte simple',
      });
      const [opens] = await deadlinesOf(record.id);
      // 4 March 2025 + 3 months = Wednesday 4 June 2025.
      expect(opens).toMatchObject({
        rule: 'civil_party_complaint_opens',
        nature: 'earliest',
        dueAt: '2025-06-04',
      });
      // Not a time limit: the case has no next due date, and no « due before » match.
      const stored = (await legal.get<LegalCaseRecord>(`/api/legal-cases/${record.id}`)).body;
      expect(stored).toMatchObject({ openDeadlines: 1, nextDueAt: null });
      expect(idsOf(await legal.get(`/api/legal-cases?id=${record.id}&dueBefore=2030-01-01`))).toEqual([]);
      const manual = await legal.post<DeadlineRecord>(`/api/legal-cases/${record.id}/deadlines`, {
        title: 'Relance',
        dueAt: '2025-05-01',
      });
      expect(manual.body.nature).toBe('deadline');
    });

    it('keeps a deadline done once marked so, even when its event moves', async () => {
      const record = await createLegalCase(legal);
      const decision = await recordDecision(record.id, { date: '2025-06-02', notifiedOn: '2025-06-02' });
      const [deadline] = await deadlinesOf(record.id);
      const done = await legal.patch<DeadlineRecord>(
        `/api/legal-cases/${record.id}/deadlines/${deadline!.id}`,
        {
          version: 1,
          status: 'done',
        },
      );
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body).toMatchObject({
        status: 'done',
        closedBy: legal.user!.id,
        closedByName: legal.user!.name,
        closedAt: expect.any(String),
      });
      await legal.patch(`/api/legal-cases/${record.id}/events/${decision.id}`, {
        version: 1,
        notifiedOn: '2025-06-03',
      });
      expect((await deadlinesOf(record.id))[0]).toMatchObject({ status: 'done', startsOn: '2025-06-03' });
    });

    it('computes the annulment time limit from the publication of the challenged act', async () => {
      const record = await createLegalCase(legal, {
        procedure: 'recours_annulation',
        challengedAct: { reference: 'n° 2025-07', publishedOn: '2025-01-31' },
      });
      const [deadline] = await deadlinesOf(record.id);
      // 31 January + 2 months = 31 March, +1 (franc) = Tuesday 1 April 2025.
      expect(deadline).toMatchObject({
        rule: 'annulment_action',
        source: 'challenged_act',
        dueAt: '2025-04-01',
      });
      const republished = await legal.patch(`/api/legal-cases/${record.id}`, {
        version: 1,
        challengedAct: { publishedOn: '2024-12-31' },
      });
      expect(republished.status, JSON.stringify(republished.body)).toBe(200);
      // 31 December + 2 months = 28 February 2025 (no 31st), +1 = Saturday 1 March → Monday 3 March.
      expect((await deadlinesOf(record.id))[0]).toMatchObject({ id: deadline!.id, dueAt: '2025-03-03' });
    });

    it('refuses to reschedule or delete a computed deadline (409), but takes its status and notes', async () => {
      const record = await createLegalCase(legal);
      await recordDecision(record.id, { date: '2025-02-10', notifiedOn: '2025-02-11' });
      const [deadline] = await deadlinesOf(record.id);
      const path = `/api/legal-cases/${record.id}/deadlines/${deadline!.id}`;
      expectApiError(await legal.patch(path, { version: 1, dueAt: '2025-12-31' }), 409, ['dueAt']);
      expectApiError(await legal.delete(path), 409);
      const noted = await legal.patch<DeadlineRecord>(path, { version: 1, notes: 'Appel à préparer' });
      expect(noted.status).toBe(200);
      expect((await deadlinesOf(record.id))[0]).toMatchObject({
        dueAt: deadline!.dueAt,
        notes: 'Appel à préparer',
      });
    });
  });

  describe('added by hand', () => {
    it('takes a due date alone, or a rule and its start date (computed, with its basis)', async () => {
      const record = await createLegalCase(legal, {
        procedure: 'criminal_complaint',
        forum: 'parquet_dunkerque',
      });
      const plain = await legal.post<DeadlineRecord>(`/api/legal-cases/${record.id}/deadlines`, {
        title: 'Relancer le parquet',
        dueAt: '2025-09-15',
        notes: 'par courrier',
      });
      expect(plain.status, JSON.stringify(plain.body)).toBe(201);
      expect(plain.body).toMatchObject({ computed: false, rule: null, basis: null, dueAt: '2025-09-15' });
      const ruled = await legal.post<DeadlineRecord>(`/api/legal-cases/${record.id}/deadlines`, {
        rule: 'misdemeanour_limitation',
        startsOn: '2025-03-04',
      });
      expect(ruled.status, JSON.stringify(ruled.body)).toBe(201);
      // 4 March 2025 + 6 years = Monday 4 March 2031.
      expect(ruled.body).toMatchObject({
        computed: false,
        rule: 'misdemeanour_limitation',
        startsOn: '2025-03-04',
        dueAt: '2031-03-04',
        title: expect.stringMatching(/.+/),
      });
      expect(ruled.body.basis!.fr).toContain('CPP, art. 8');
      const moved = await legal.patch<DeadlineRecord>(
        `/api/legal-cases/${record.id}/deadlines/${ruled.body.id}`,
        {
          version: 1,
          startsOn: '2025-03-08',
        },
      );
      // 8 March 2031 is a Saturday → Monday 10 March 2031.
      expect(moved.body.dueAt).toBe('2031-03-10');
    });

    it('is idempotent with a client id, and deleted and restored', async () => {
      const record = await createLegalCase(legal);
      const body = { id: randomUUID(), title: 'Mémoire', dueAt: '2025-10-01' };
      expect((await legal.post(`/api/legal-cases/${record.id}/deadlines`, body)).status).toBe(201);
      expect((await legal.post(`/api/legal-cases/${record.id}/deadlines`, body)).status).toBe(200);
      expectApiError(
        await legal.post(`/api/legal-cases/${record.id}/deadlines`, { ...body, dueAt: '2025-10-02' }),
        409,
      );
      const path = `/api/legal-cases/${record.id}/deadlines/${body.id}`;
      expect((await legal.delete(path)).status).toBe(200);
      expect((await deadlinesOf(record.id)).map((d) => d.id)).toEqual([]);
      expect((await deadlinesOf(record.id, 'deleted=true')).map((d) => d.id)).toEqual([body.id]);
      expect((await legal.post(`${path}/restore`)).status).toBe(200);
      expect((await deadlinesOf(record.id)).map((d) => d.id)).toEqual([body.id]);
    });

    it('refuses a rule that does not exist, a rule without its start date, or both a rule and a date', async () => {
      const record = await createLegalCase(legal);
      const path = `/api/legal-cases/${record.id}/deadlines`;
      expectApiError(await legal.post(path, { rule: 'duel_au_soleil', startsOn: '2025-01-01' }), 400, [
        'rule',
      ]);
      expectApiError(await legal.post(path, { rule: 'fine_contest' }), 400, ['startsOn']);
      expectApiError(
        await legal.post(path, { rule: 'fine_contest', startsOn: '2025-01-01', dueAt: '2025-02-01' }),
        400,
        ['dueAt'],
      );
      expectApiError(await legal.post(path, { title: 'Sans date' }), 400, ['dueAt']);
      expectApiError(await legal.post(path, { title: 'x', dueAt: '2025-02-30' }), 400, ['dueAt']);
      expect(await deadlinesOf(record.id)).toEqual([]);
    });
  });

  describe('GET /api/deadlines', () => {
    it('lists the open deadlines of every case, soonest first, with the due-date filters', async () => {
      const [first, second] = await Promise.all([createLegalCase(legal), createLegalCase(legal)]);
      const add = async (caseId: string, dueAt: string) => {
        const response = await legal.post<DeadlineRecord>(`/api/legal-cases/${caseId}/deadlines`, {
          title: `Échéance du ${dueAt}`,
          dueAt,
        });
        expect(response.status).toBe(201);
        return response.body.id;
      };
      const late = await add(first!.id, '2030-02-20');
      const soon = await add(second!.id, '2030-02-10');
      const done = await add(first!.id, '2030-02-15');
      expect(
        (await legal.patch(`/api/legal-cases/${first!.id}/deadlines/${done}`, { version: 1, status: 'done' }))
          .status,
      ).toBe(200);
      // Other tests share the database: these two cases only.
      const response = await legal.get<DeadlineRecord[]>(
        `/api/deadlines?status=open&dueAt_gte=2030-02-01&dueAt_lte=2030-02-28&caseId=${first!.id}&caseId=${second!.id}`,
      );
      expect(idsOf(response)).toEqual([soon, late]);
      expect(totalCount(response)).toBe(2);
      expect(response.body[0]).toMatchObject({ caseReference: second!.reference, caseTitle: second!.title });
    });
  });

  describe('GET /api/deadlines/:id', () => {
    it('gives one deadline of any case as the list does, a deleted one too, none of a deleted case', async () => {
      const record = await createLegalCase(legal);
      const add = async (title: string) => {
        const response = await legal.post<DeadlineRecord>(`/api/legal-cases/${record.id}/deadlines`, {
          title,
          dueAt: '2030-03-10',
        });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return response.body;
      };
      const kept = await add('Mémoire complémentaire');
      const dropped = await add('Pièces en double');
      expect((await legal.delete(`/api/legal-cases/${record.id}/deadlines/${dropped.id}`)).status).toBe(200);

      const one = await legal.get<DeadlineRecord>(`/api/deadlines/${kept.id}`);
      const listed = await legal.get<DeadlineRecord[]>(`/api/deadlines?id=${kept.id}`);
      const deleted = await legal.get<DeadlineRecord>(`/api/deadlines/${dropped.id}`);
      const trash = await legal.get<DeadlineRecord[]>(`/api/deadlines?id=${dropped.id}&deleted=true`);

      expect(one.status, JSON.stringify(one.body)).toBe(200);
      expect(one.body).toEqual(listed.body[0]);
      expect(one.body).toMatchObject({ caseReference: record.reference, title: 'Mémoire complémentaire' });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual(trash.body[0]);
      expect(deleted.body.deletedAt).toEqual(expect.any(String));

      // A deleted case's deadlines are not due any more: the list leaves them out, and so does this.
      expect((await legal.delete(`/api/legal-cases/${record.id}`)).status).toBe(200);
      expectApiError(await legal.get(`/api/deadlines/${kept.id}`), 404);
      expect(idsOf(await legal.get(`/api/deadlines?id=${kept.id}`))).toEqual([]);
      expect((await legal.post(`/api/legal-cases/${record.id}/restore`)).status).toBe(200);
      expect((await legal.get(`/api/deadlines/${kept.id}`)).status).toBe(200);
    });

    it('answers 404 for an unknown deadline and 400 for a malformed id', async () => {
      expectApiError(await legal.get(`/api/deadlines/${randomUUID()}`), 404);
      expectApiError(await legal.get('/api/deadlines/not-a-uuid'), 400);
    });
  });

  describe('rules', () => {
    it('lists every rule « à confirmer » until an admin confirms it, which the deadlines then say', async () => {
      const rules = await legal.get<LegalRuleView[]>('/api/legal-rules');
      expect(rules.status).toBe(200);
      expect(rules.body.map((rule) => rule.code)).toEqual(
        expect.arrayContaining([
          'ce_appeal_refere_liberte',
          'appeal_ta_judgment',
          'annulment_action',
          'cada_referral_implicit',
          'civil_party_complaint_opens',
          'echr_application',
          'fine_contest',
          'misdemeanour_limitation',
        ]),
      );
      for (const rule of rules.body) {
        expect(rule.citation).not.toBe('');
        expect(rule.description.fr).not.toBe('');
        expect(rule.description.en).not.toBe('');
      }
      const record = await createLegalCase(legal, { procedure: 'fine_contest', forum: 'tribunal_police' });
      await legal.post(`/api/legal-cases/${record.id}/events`, {
        kind: 'notification',
        date: '2025-03-04',
        title: 'Avis de contravention',
      });
      expect((await deadlinesOf(record.id))[0]).toMatchObject({ rule: 'fine_contest', ruleConfirmed: false });

      expectApiError(await legal.post('/api/legal-rules/fine_contest/confirm'), 403);
      const confirmed = await api.post<LegalRuleView>('/api/legal-rules/fine_contest/confirm');
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ confirmed: true, confirmedBy: api.user!.id });
      expect((await deadlinesOf(record.id))[0]!.ruleConfirmed).toBe(true);
      const audited = (await api.dataSource.query(
        `SELECT action, diff FROM audit_events WHERE entity = 'legal_rules' AND entity_id = 'fine_contest'`,
      )) as AuditRow[];
      expect(audited).toEqual([{ action: 'update', diff: { confirmed: { before: false, after: true } } }]);
      const withdrawn = await api.delete<LegalRuleView>('/api/legal-rules/fine_contest/confirm');
      expect(withdrawn.body.confirmed).toBe(false);
      expectApiError(await api.post('/api/legal-rules/duel_au_soleil/confirm'), 404);
    });

    it('lists the rules in the list dialect: confirmed or not, sorted by confirmation time, paged', async () => {
      const confirmed = await api.post<LegalRuleView>('/api/legal-rules/fine_contest/confirm');
      expect(confirmed.status).toBe(200);
      try {
        const yes = await legal.get<LegalRuleView[]>(
          '/api/legal-rules?confirmed=true&_sort=confirmedAt&_order=DESC',
        );
        const no = await legal.get<LegalRuleView[]>('/api/legal-rules?confirmed=false&_start=0&_end=100');
        const page = await legal.get<LegalRuleView[]>('/api/legal-rules?_start=1&_end=3');
        const all = await legal.get<LegalRuleView[]>('/api/legal-rules');

        expect(yes.body.map((rule) => rule.id)).toContain('fine_contest');
        expect(yes.body.find((rule) => rule.id === 'fine_contest')).toEqual(confirmed.body);
        expect(no.body.map((rule) => rule.id)).not.toContain('fine_contest');
        expect(totalCount(yes) + totalCount(no)).toBe(totalCount(all));
        expect(page.body.map((rule) => rule.id)).toEqual(all.body.slice(1, 3).map((rule) => rule.id));
        expect(totalCount(page)).toBe(all.body.length);
      } finally {
        expect((await api.delete('/api/legal-rules/fine_contest/confirm')).status).toBe(200);
      }
      expectApiError(await legal.get('/api/legal-rules?_sort=dueAt'), 400, ['_sort']);
      expectApiError(await legal.get('/api/legal-rules?confirmed=maybe'), 400, ['confirmed']);
    });
  });
});
