import { createHash, randomUUID } from 'node:crypto';
import type { DuplicateComparison, ObservationRecord } from '@vigie/domain';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp } from '../support/app';
import {
  type ApiClient,
  createObservation,
  createSite,
  expectApiError,
  idFilter,
  idsOf,
  PLACES,
  signedInAs,
  useApi,
} from '../support/e2e-api';
import type { JsonResponse } from '../support/http';

interface AuditRow {
  action: string;
  entity: string;
  entity_id: string;
  actor_id: string | null;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  context: Record<string, unknown> | null;
}

/** `metres` east of central Calais (1° of longitude ≈ 70 km at this latitude). */
const east = (metres: number): [number, number] => [
  PLACES.centralCalais[0] + metres / 70_130,
  PLACES.centralCalais[1],
];
const point = (coordinates: [number, number]) => ({ type: 'Point', coordinates });
/** About 150 m east of central Calais. */
const NEARBY = east(150);

/**
 * Possible duplicates (DESIGN §3) through HTTP: detected on create, shown on records and lists,
 * compared side by side, dismissed or merged by a coordinator with nothing lost.
 */
describe('possible duplicates of observations', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let coordinator: ApiClient;
  let observer: ApiClient;
  let legal: ApiClient;
  let communication: ApiClient;
  let researcher: ApiClient;

  beforeAll(async () => {
    [coordinator, observer, legal, communication, researcher] = await Promise.all(
      (['coordinator', 'observer', 'legal', 'communication', 'researcher'] as const).map((role) =>
        signedInAs(api, role),
      ),
    );
  });

  /** A morning of its own per pair, decades before what the other files write. */
  let day = 0;
  function freshMorning(): Date {
    day += 2;
    return new Date(Date.UTC(1962, 0, 1, 6, 30) + day * 86_400_000);
  }

  const at = (morning: Date, minutes: number) => new Date(morning.getTime() + minutes * 60_000).toISOString();

  /** Two teams' reports of one eviction: 150 m and 40 minutes apart. */
  async function twoReports(client: ApiClient = api): Promise<[ObservationRecord, ObservationRecord]> {
    const morning = freshMorning();
    const first = await createObservation(client, {
      startedAt: at(morning, 0),
      endedAt: at(morning, 60),
      description: 'Équipe A : expulsion au Virval',
    });
    const second = await createObservation(client, {
      startedAt: at(morning, 40),
      endedAt: null,
      location: { type: 'Point', coordinates: NEARBY },
      peopleEvicted: 55,
      seizures: [{ item: 'tarp', quantity: 4, destroyed: false }],
      description: 'Équipe B : même opération, vue depuis le pont',
    });
    return [first, second];
  }

  async function read(id: string, client: ApiClient = api): Promise<ObservationRecord> {
    const response = await client.get<ObservationRecord>(`/api/observations/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  function ok<T>(response: JsonResponse<T>, status = 200): T {
    expect(response.status, JSON.stringify(response.body)?.slice(0, 600)).toBe(status);
    return response.body;
  }

  async function auditOf(entityId: string): Promise<AuditRow[]> {
    return api.dataSource.query(
      `SELECT action, entity, entity_id, actor_id, diff, context FROM audit_events
        WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );
  }

  /** The stored record, without what a merge or a restore legitimately changes. */
  function content(record: ObservationRecord): Partial<ObservationRecord> {
    const {
      version: _version,
      updatedAt: _updatedAt,
      updatedBy: _updatedBy,
      deletedAt: _deletedAt,
      mergedIntoId: _mergedIntoId,
      possibleDuplicateIds: _possible,
      ...rest
    } = record;
    return rest;
  }

  describe('detection', () => {
    it('has both reports of one eviction name each other, in single records and in lists', async () => {
      const [first, second] = await twoReports(observer);

      expect(second.possibleDuplicateIds).toEqual([first.id]);
      expect((await read(first.id)).possibleDuplicateIds).toEqual([second.id]);
      expect((await read(second.id)).possibleDuplicateIds).toEqual([first.id]);

      const list = await api.get<ObservationRecord[]>(
        `/api/observations?${idFilter([first.id, second.id])}&_sort=startedAt&_order=ASC`,
      );
      expect(ok(list).map((row) => [row.id, row.possibleDuplicateIds, row.mergedIntoId])).toEqual([
        [first.id, [second.id], null],
        [second.id, [first.id], null],
      ]);
    });

    it('compares them side by side, with the distance and the time gap', async () => {
      const [first, second] = await twoReports();

      const comparison = ok(
        await observer.get<DuplicateComparison[]>(`/api/observations/${first.id}/duplicates`),
      );

      expect(comparison).toHaveLength(1);
      const [entry] = comparison;
      expect(entry).toMatchObject({
        status: 'possible',
        decidedBy: null,
        decidedAt: null,
        timeGapMinutes: 0,
        observation: {
          id: second.id,
          peopleEvicted: 55,
          seizures: [{ item: 'tarp', quantity: 4, destroyed: false }],
          description: second.description,
          possibleDuplicateIds: [first.id],
        },
      });
      expect(entry?.distanceM).toBeGreaterThan(140);
      expect(entry?.distanceM).toBeLessThan(160);
    });

    it('never pairs two records of two different known sites, even at the same time 50 m apart', async () => {
      const morning = freshMorning();
      const [oldLidl, bmx] = [await createSite(api), await createSite(api, { location: point(east(50)) })];
      const first = await createObservation(observer, {
        startedAt: at(morning, 0),
        endedAt: null,
        siteId: oldLidl.id,
      });
      const second = await createObservation(observer, {
        startedAt: at(morning, 0),
        endedAt: null,
        siteId: bmx.id,
        location: point(east(50)),
      });

      expect(second.possibleDuplicateIds).toEqual([]);
      expect((await read(first.id)).possibleDuplicateIds).toEqual([]);
      expect(ok(await api.get<unknown[]>(`/api/observations/${first.id}/duplicates`))).toEqual([]);
    });

    it('pairs two records of the same site 20 minutes apart', async () => {
      const morning = freshMorning();
      const camp = await createSite(api);
      const first = await createObservation(observer, {
        startedAt: at(morning, 0),
        endedAt: null,
        siteId: camp.id,
      });
      const second = await createObservation(api, {
        startedAt: at(morning, 20),
        endedAt: null,
        siteId: camp.id,
        location: point(east(40)),
      });

      expect(second.possibleDuplicateIds).toEqual([first.id]);
      expect((await read(first.id)).possibleDuplicateIds).toEqual([second.id]);
    });

    it('answers 404 for the comparison of an unknown record', async () => {
      expectApiError(await api.get(`/api/observations/${randomUUID()}/duplicates`), 404);
    });
  });

  describe('POST /api/observations/:id/duplicates/:otherId/dismiss', () => {
    it('marks the pair "not a duplicate" on both records, audited once however often it is sent', async () => {
      const [first, second] = await twoReports();

      const decision = ok(
        await coordinator.post<DuplicateComparison>(
          `/api/observations/${first.id}/duplicates/${second.id}/dismiss`,
        ),
      );
      expect(decision).toMatchObject({
        status: 'dismissed',
        decidedBy: coordinator.user!.id,
        observation: { id: second.id, possibleDuplicateIds: [] },
      });
      expect(decision.decidedAt).toEqual(expect.any(String));

      // From the other side, again: nothing changes.
      const again = ok(
        await coordinator.post<DuplicateComparison>(
          `/api/observations/${second.id}/duplicates/${first.id}/dismiss`,
        ),
      );
      expect(again).toMatchObject({ status: 'dismissed', decidedAt: decision.decidedAt });

      expect((await read(first.id)).possibleDuplicateIds).toEqual([]);
      expect((await read(second.id)).possibleDuplicateIds).toEqual([]);
      // The records themselves did not change.
      expect((await read(first.id)).version).toBe(first.version);
      const comparison = ok(
        await api.get<DuplicateComparison[]>(`/api/observations/${second.id}/duplicates`),
      );
      expect(comparison.map((entry) => [entry.observation.id, entry.status])).toEqual([
        [first.id, 'dismissed'],
      ]);

      for (const [record, other] of [
        [first, second],
        [second, first],
      ] as const) {
        const dismissals = (await auditOf(record.id)).filter((event) => event.action === 'dismiss_duplicate');
        expect(dismissals).toHaveLength(1);
        expect(dismissals[0]).toMatchObject({
          entity: 'observations',
          actor_id: coordinator.user!.id,
          diff: { possibleDuplicateIds: { before: [other.id], after: [] } },
          context: { notDuplicateOf: other.id },
        });
      }
      const history = ok(await api.get<{ action: string }[]>(`/api/observations/${first.id}/history`));
      expect(history.map((entry) => entry.action)).toContain('dismiss_duplicate');
    });

    it('keeps the decision when the record is edited afterwards', async () => {
      const [first, second] = await twoReports();
      ok(await coordinator.post(`/api/observations/${first.id}/duplicates/${second.id}/dismiss`));

      const edited = ok(
        await api.patch<ObservationRecord>(`/api/observations/${second.id}`, {
          version: second.version,
          location: { type: 'Point', coordinates: [NEARBY[0], NEARBY[1] + 0.0005] },
          arrests: 3,
        }),
      );

      expect(edited.possibleDuplicateIds).toEqual([]);
      expect((await read(first.id)).possibleDuplicateIds).toEqual([]);
    });

    it('answers 404 for records that were never flagged as duplicates, and for unknown ones', async () => {
      const [first] = await twoReports();
      const unrelated = await createObservation(api, { startedAt: at(freshMorning(), 0), endedAt: null });

      const notAPair = await coordinator.post(
        `/api/observations/${first.id}/duplicates/${unrelated.id}/dismiss`,
      );
      expect(expectApiError(notAPair, 404).code).toBe('duplicate_pair_not_found');
      expectApiError(
        await coordinator.post(`/api/observations/${randomUUID()}/duplicates/${first.id}/dismiss`),
        404,
      );
      expectApiError(
        await coordinator.post(`/api/observations/${first.id}/duplicates/not-a-uuid/dismiss`),
        400,
      );
      expect((await read(first.id)).possibleDuplicateIds).toHaveLength(1);
    });
  });

  describe('POST /api/observations/:id/merge', () => {
    it('merges a detected duplicate pair with nothing lost', async () => {
      const [kept, duplicate] = await twoReports(observer);
      const db = api.dataSource;
      // Incidents and attachments arrive through their own APIs; here they are written in SQL.
      const incident = async (observationId: string, deleted = false): Promise<string> => {
        const [row]: { id: string }[] = await db.query(
          `INSERT INTO incidents (type, occurred_at, location, observation_id, description, deleted_at)
           SELECT 'tear_gas', o.started_at, o.location, o.id, 'Gaz lacrymogène', $2 FROM observations o WHERE o.id = $1
           RETURNING id`,
          [observationId, deleted ? new Date() : null],
        );
        return row!.id;
      };
      const attachment = async (observationId: string): Promise<string> => {
        const bytes = Buffer.from(`photo ${randomUUID()}`);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        await db.query(
          `INSERT INTO stored_files (sha256, size_bytes, mime_type) VALUES ($1, $2, 'image/jpeg')`,
          [sha256, bytes.length],
        );
        const [row]: { id: string }[] = await db.query(
          `INSERT INTO attachments (sha256, size_bytes, mime_type, original_name, observation_id)
           VALUES ($1, $2, 'image/jpeg', 'photo.jpg', $3) RETURNING id`,
          [sha256, bytes.length, observationId],
        );
        return row!.id;
      };
      const movedIncidents = [await incident(duplicate.id), await incident(duplicate.id, true)].sort();
      const movedAttachments = [await attachment(duplicate.id)];
      const keptIncident = await incident(kept.id);
      const keptAttachment = await attachment(kept.id);
      // Someone else's record, to check that nothing else changes.
      const bystander = await createObservation(api, { startedAt: at(freshMorning(), 0), endedAt: null });
      const bystanderIncident = await incident(bystander.id);
      const duplicateBefore = await read(duplicate.id);
      const keptBefore = await read(kept.id);

      const merged = ok(
        await coordinator.post<ObservationRecord>(`/api/observations/${kept.id}/merge`, {
          duplicateId: duplicate.id,
          version: kept.version,
        }),
      );

      // The kept record: same content, one more version, no more duplicate.
      expect(merged).toMatchObject({
        id: kept.id,
        version: kept.version + 1,
        updatedBy: coordinator.user!.id,
        deletedAt: null,
        mergedIntoId: null,
        possibleDuplicateIds: [],
      });
      expect(content(merged)).toEqual(content(keptBefore));

      // The merged record is still there, whole, soft-deleted and pointing at the kept one.
      const gone = await read(duplicate.id);
      expect(gone).toMatchObject({
        mergedIntoId: kept.id,
        deletedAt: expect.any(String),
        version: duplicate.version + 1,
        possibleDuplicateIds: [],
      });
      expect(content(gone)).toEqual(content(duplicateBefore));
      expect(idsOf(await api.get(`/api/observations?${idFilter([kept.id, duplicate.id])}`))).toEqual([
        kept.id,
      ]);
      expect(
        idsOf(await api.get(`/api/observations?${idFilter([kept.id, duplicate.id])}&deleted=true`)),
      ).toEqual([duplicate.id]);

      // Its incidents (the deleted one too) and files now belong to the kept record.
      const incidents: { id: string; observation_id: string; version: number; updated_by: string | null }[] =
        await db.query(
          `SELECT id, observation_id, version, updated_by FROM incidents WHERE id = ANY($1::uuid[]) ORDER BY id`,
          [[...movedIncidents, keptIncident, bystanderIncident]],
        );
      const byId = new Map(incidents.map((row) => [row.id, row]));
      for (const id of movedIncidents) {
        expect(byId.get(id)).toMatchObject({
          observation_id: kept.id,
          version: 2,
          updated_by: coordinator.user!.id,
        });
      }
      expect(byId.get(keptIncident)).toMatchObject({ observation_id: kept.id, version: 1 });
      expect(byId.get(bystanderIncident)).toMatchObject({ observation_id: bystander.id, version: 1 });
      const attachments: { id: string; observation_id: string; version: number }[] = await db.query(
        `SELECT id, observation_id, version FROM attachments WHERE id = ANY($1::uuid[])`,
        [[...movedAttachments, keptAttachment]],
      );
      expect(attachments).toHaveLength(2);
      for (const row of attachments) {
        expect(row).toMatchObject({ observation_id: kept.id, version: row.id === keptAttachment ? 1 : 2 });
      }
      expect(await read(bystander.id)).toEqual(bystander);

      // Every change is in the audit trail, and the trail still verifies.
      expect((await auditOf(kept.id)).at(-1)).toMatchObject({
        action: 'merge',
        actor_id: coordinator.user!.id,
        diff: { possibleDuplicateIds: { before: [duplicate.id], after: [] } },
        context: { mergedId: duplicate.id, incidentIds: movedIncidents, attachmentIds: movedAttachments },
      });
      expect((await auditOf(duplicate.id)).at(-1)).toMatchObject({
        action: 'delete',
        diff: { mergedIntoId: { before: null, after: kept.id }, deletedAt: { before: null } },
        context: { mergedIntoId: kept.id },
      });
      for (const id of [...movedIncidents, ...movedAttachments]) {
        expect(await auditOf(id)).toEqual([
          expect.objectContaining({
            action: 'update',
            entity: movedAttachments.includes(id) ? 'attachments' : 'incidents',
            diff: { observationId: { before: duplicate.id, after: kept.id } },
          }),
        ]);
      }
      const history = ok(
        await observer.get<{ action: string }[]>(`/api/observations/${duplicate.id}/history`),
      );
      expect(history.map((entry) => entry.action)).toEqual(['delete', 'create']);
      expect(ok(await api.get<{ ok: boolean }>('/api/audit-events/verify'))).toMatchObject({ ok: true });
    });

    it('restores a merged record as a record of its own, its moved children staying where they are', async () => {
      const [kept, duplicate] = await twoReports();
      const [incident]: { id: string }[] = await api.dataSource.query(
        `INSERT INTO incidents (type, occurred_at, location, observation_id)
         SELECT 'arrest', started_at, location, id FROM observations WHERE id = $1 RETURNING id`,
        [duplicate.id],
      );
      ok(
        await coordinator.post(`/api/observations/${kept.id}/merge`, {
          duplicateId: duplicate.id,
          version: kept.version,
        }),
      );

      const restored = ok(
        await coordinator.post<ObservationRecord>(`/api/observations/${duplicate.id}/restore`),
      );

      expect(restored).toMatchObject({
        deletedAt: null,
        mergedIntoId: null,
        possibleDuplicateIds: [kept.id],
      });
      expect((await read(kept.id)).possibleDuplicateIds).toEqual([duplicate.id]);
      const [row]: { observation_id: string }[] = await api.dataSource.query(
        `SELECT observation_id FROM incidents WHERE id = $1`,
        [incident!.id],
      );
      expect(row?.observation_id).toBe(kept.id);
      expect((await auditOf(duplicate.id)).at(-1)).toMatchObject({
        action: 'restore',
        diff: { mergedIntoId: { before: kept.id, after: null } },
      });
    });

    it('refuses to merge a record into itself, an unknown or a deleted one, or on a stale version', async () => {
      const [kept, duplicate] = await twoReports();
      const deleted = await createObservation(api, { startedAt: at(freshMorning(), 0), endedAt: null });
      ok(await api.delete(`/api/observations/${deleted.id}`));
      const merge = (id: string, body: unknown) => coordinator.post(`/api/observations/${id}/merge`, body);

      const itself = expectApiError(
        await merge(kept.id, { duplicateId: kept.id, version: kept.version }),
        400,
        ['duplicateId'],
      );
      expect(itself.message).toMatch(/itself/);
      const unknown = expectApiError(
        await merge(kept.id, { duplicateId: randomUUID(), version: kept.version }),
        400,
        ['duplicateId'],
      );
      expect(unknown.message).toMatch(/unknown observation/);
      const gone = expectApiError(
        await merge(kept.id, { duplicateId: deleted.id, version: kept.version }),
        409,
        ['duplicateId'],
      );
      expect(gone.message).toMatch(/deleted/);
      const stale = expectApiError(
        await merge(kept.id, { duplicateId: duplicate.id, version: kept.version + 5 }),
        409,
      );
      expect(stale.code).toBe('stale_version');
      expect(stale.current).toMatchObject({ id: kept.id, version: kept.version });
      expectApiError(await merge(deleted.id, { duplicateId: kept.id, version: 2 }), 409);
      expectApiError(await merge(randomUUID(), { duplicateId: kept.id, version: 1 }), 404);
      expectApiError(await merge(kept.id, { duplicateId: 'nope', version: 'one' }), 400, [
        'duplicateId',
        'version',
      ]);
      expectApiError(
        await merge(kept.id, { duplicateId: duplicate.id, version: kept.version, extra: 1 }),
        400,
      );

      // Nothing changed.
      expect(await read(kept.id)).toEqual(await read(kept.id));
      expect((await read(kept.id)).version).toBe(kept.version);
      expect(await read(duplicate.id)).toMatchObject({
        deletedAt: null,
        mergedIntoId: null,
        version: duplicate.version,
      });

      // A record already merged cannot be merged again.
      ok(await merge(kept.id, { duplicateId: duplicate.id, version: kept.version }));
      const twice = expectApiError(
        await merge(kept.id, { duplicateId: duplicate.id, version: kept.version + 1 }),
        409,
      );
      expect(twice.message).toMatch(/already merged/);
    });
  });

  describe('access', () => {
    it('lets only coordinators and admins dismiss or merge (403 for the other roles)', async () => {
      const [first, second] = await twoReports();
      for (const client of [observer, legal, communication, researcher]) {
        expectApiError(
          await client.post(`/api/observations/${first.id}/duplicates/${second.id}/dismiss`),
          403,
        );
        expectApiError(
          await client.post(`/api/observations/${first.id}/merge`, {
            duplicateId: second.id,
            version: first.version,
          }),
          403,
        );
      }
      expect((await read(first.id)).possibleDuplicateIds).toEqual([second.id]);
      expect(await read(second.id)).toMatchObject({ deletedAt: null, version: second.version });
    });

    it('shows the comparison to every role that reads observations; researchers get 403', async () => {
      const [first] = await twoReports();
      for (const client of [api, coordinator, observer, legal]) {
        expect(ok(await client.get<unknown[]>(`/api/observations/${first.id}/duplicates`))).toHaveLength(1);
      }
      expectApiError(await researcher.get(`/api/observations/${first.id}/duplicates`), 403);
    });

    it('tells communication only of validated duplicates, and 404 for an unvalidated record', async () => {
      const [first, second] = await twoReports();
      await api.dataSource.query(`UPDATE observations SET status = 'validated' WHERE id = $1`, [first.id]);

      expect((await read(first.id, communication)).possibleDuplicateIds).toEqual([]);
      expect(ok(await communication.get(`/api/observations/${first.id}/duplicates`))).toEqual([]);
      expectApiError(await communication.get(`/api/observations/${second.id}/duplicates`), 404);
      const list = ok(
        await communication.get<ObservationRecord[]>(`/api/observations?${idFilter([first.id])}`),
      );
      expect(list.map((row) => row.possibleDuplicateIds)).toEqual([[]]);

      await api.dataSource.query(`UPDATE observations SET status = 'validated' WHERE id = $1`, [second.id]);
      expect((await read(first.id, communication)).possibleDuplicateIds).toEqual([second.id]);
    });
  });
});

/** The thresholds come from the environment (VIGIE_DUPLICATE_*), checked when the API starts. */
describe('possible duplicates with other thresholds', () => {
  const api = useApi({ env: { VIGIE_DUPLICATE_RADIUS_M: '100', VIGIE_DUPLICATE_WINDOW_MINUTES: '30' } });

  it('pairs records only within the configured distance and time', async () => {
    const morning = new Date(Date.UTC(1961, 5, 1, 6, 30));
    const at = (minutes: number) => new Date(morning.getTime() + minutes * 60_000).toISOString();
    const first = await createObservation(api, { startedAt: at(0), endedAt: null });
    const near = await createObservation(api, {
      startedAt: at(25),
      endedAt: null,
      location: point(east(80)),
    });
    // 150 m from the first and 70 m from `near`, but 5 and 35 minutes from them.
    const far = await createObservation(api, {
      startedAt: at(60),
      endedAt: null,
      location: point(east(150)),
    });
    const tooFar = await createObservation(api, {
      startedAt: at(5),
      endedAt: null,
      location: point(east(-120)),
    });

    expect(near.possibleDuplicateIds).toEqual([first.id]);
    expect(far.possibleDuplicateIds).toEqual([]);
    expect(tooFar.possibleDuplicateIds).toEqual([]);
  });

  it.each([
    ['VIGIE_DUPLICATE_RADIUS_M', '0', /VIGIE_DUPLICATE_RADIUS_M must be at least 10 \(metres\)/],
    ['VIGIE_DUPLICATE_RADIUS_M', 'far', /VIGIE_DUPLICATE_RADIUS_M must be an integer/],
    ['VIGIE_DUPLICATE_WINDOW_MINUTES', '2000', /VIGIE_DUPLICATE_WINDOW_MINUTES must be at most 1440/],
    ['VIGIE_DUPLICATE_WINDOW_MINUTES', '1.5', /VIGIE_DUPLICATE_WINDOW_MINUTES must be an integer/],
  ])('refuses to start with %s=%s, saying why', async (name, value, message) => {
    await expect(startApp(inject('databaseUrl'), { [name]: value })).rejects.toThrow(message);
  });
});
