import { createHash, randomUUID } from 'node:crypto';
import type { ImportDryRun, ImportRecord, ObservationRecord, Role } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, expectApiError, signedInAs, uniqueWord, useApi } from '../support/e2e-api';
import { request } from '../support/http';
import { uploadImportOk } from '../support/imports';
import {
  type CreatedKoboFeed,
  createFeed,
  feedSubmissions,
  KOBO_LAT,
  KOBO_LON,
  type KoboFeed,
  type KoboReceipt,
  koboMappingSpec,
  koboSubmission,
  postToHook,
  saveMapping,
  type SavedMapping,
} from '../support/kobo';

interface AuditEvent {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  context: Record<string, unknown> | null;
}

describe('live KoboToolbox feed', () => {
  /** An admin: reads observations, audit events and the database. */
  const api = useApi();
  /** Who manages the feeds, as a team's coordinator does. */
  let coordinator: ApiClient;

  beforeAll(async () => {
    coordinator = await signedInAs(api, 'coordinator');
  });

  /** A fresh mapping and feed, so that each test counts its own submissions. */
  async function newFeed(): Promise<{ mapping: SavedMapping; feed: CreatedKoboFeed }> {
    const mapping = await saveMapping(coordinator, { name: `Formulaire ${uniqueWord('kobo')}` });
    return { mapping, feed: await createFeed(coordinator, mapping.id, `Expulsions ${uniqueWord('feed')}`) };
  }

  async function feedOf(id: string): Promise<KoboFeed> {
    const response = await coordinator.get<KoboFeed>(`/api/kobo-feeds/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  /** Ids of the live observations that came from the KoboToolbox submission `uuid`, however. */
  async function observationsFrom(uuid: string): Promise<string[]> {
    const rows = (await api.dataSource.query(
      `SELECT id FROM observations WHERE source->>'sourceId' = $1 AND deleted_at IS NULL`,
      [uuid],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  async function observation(id: string): Promise<ObservationRecord> {
    const response = await api.get<ObservationRecord>(`/api/observations/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  describe('POST /api/kobo-feeds', () => {
    it('shows the token and the URL once, and stores only a SHA-256 of the token', async () => {
      const { mapping, feed } = await newFeed();

      expect(feed.token).toMatch(/^vkf_[A-Za-z0-9_-]{43}$/);
      expect(feed.url).toBe(`${api.baseUrl}/api/import/kobo/${feed.token}`);
      expect(feed).toMatchObject({
        prefix: feed.token.slice(0, 8),
        mappingId: mapping.id,
        mappingName: mapping.name,
        createdBy: coordinator.user!.id,
        revokedAt: null,
        lastReceivedAt: null,
        acceptedCount: 0,
        rejectedCount: 0,
      });

      const list = await coordinator.get<KoboFeed[]>('/api/kobo-feeds');
      const one = await coordinator.get<KoboFeed>(`/api/kobo-feeds/${feed.id}`);
      expect(list.body.map((row) => row.id)).toContain(feed.id);
      for (const shown of [JSON.stringify(list.body), JSON.stringify(one.body)]) {
        expect(shown).not.toContain(feed.token);
        expect(shown).not.toMatch(/"(token|url|tokenHash)"/);
      }

      const [row] = (await api.dataSource.query(
        `SELECT token_hash, row_to_json(f)::text AS everything FROM kobo_feeds f WHERE id = $1`,
        [feed.id],
      )) as { token_hash: string; everything: string }[];
      expect(row!.token_hash).toBe(createHash('sha256').update(feed.token).digest('hex'));
      expect(row!.token_hash).not.toBe(feed.token);
      expect(row!.everything).not.toContain(feed.token);
      const [leaks] = (await api.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE strpos(coalesce(diff::text, '') || coalesce(context::text, ''), $1) > 0`,
        [feed.token],
      )) as { n: number }[];
      expect(leaks!.n).toBe(0);
    });

    it('refuses a mapping of incidents, or an unknown one (400)', async () => {
      const incidents = await saveMapping(coordinator, {
        name: `Incidents ${uniqueWord('kobo')}`,
        kind: 'incidents',
        columns: ['Date', 'Type', '_uuid'],
        mapping: { columns: { Date: 'occurredAt', Type: 'type' }, sourceIdColumn: '_uuid' },
      });
      expectApiError(
        await coordinator.post('/api/kobo-feeds', { name: 'Incidents', mappingId: incidents.id }),
        400,
        ['mappingId'],
      );
      expectApiError(
        await coordinator.post('/api/kobo-feeds', { name: 'Nulle part', mappingId: randomUUID() }),
        400,
        ['mappingId'],
      );
    });

    it('keeps a mapping a live feed uses (409) until the feed is revoked', async () => {
      const { mapping, feed } = await newFeed();

      expectApiError(await coordinator.delete(`/api/import-mappings/${mapping.id}`), 409);
      expect((await coordinator.get(`/api/import-mappings/${mapping.id}`)).status).toBe(200);

      expect((await coordinator.delete(`/api/kobo-feeds/${feed.id}`)).status).toBe(200);
      expect((await coordinator.delete(`/api/import-mappings/${mapping.id}`)).status).toBe(200);
      expect(await feedOf(feed.id)).toMatchObject({ mappingId: null, revokedAt: expect.any(String) });
    });
  });

  describe('POST /api/import/kobo/:token', () => {
    it('turns a submission into one submitted observation with its source, audited as via KoboToolbox', async () => {
      const { feed } = await newFeed();
      const submission = koboSubmission();
      const before = Date.now();

      const response = await postToHook(api.baseUrl, feed.token, submission);

      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toEqual({ status: 'accepted', id: expect.any(String) });
      const id = response.body.id!;
      expect(await observationsFrom(submission._uuid as string)).toEqual([id]);
      const stored = await observation(id);
      expect(stored).toMatchObject({
        kind: 'eviction',
        status: 'submitted',
        peopleEvicted: 40,
        description: submission['group_expulsion/remarques'],
        location: { type: 'Point', coordinates: [KOBO_LON, KOBO_LAT] },
        createdBy: coordinator.user!.id,
        source: { importId: null, feedId: feed.id, sourceId: submission._uuid },
      });
      expect(Date.parse(stored.startedAt)).toBe(Date.parse('2025-03-04T07:30:00+01:00'));
      expect(stored.forces.map((force) => force.unit)).toEqual(['crs', 'gm']);

      const audit = await api.get<AuditEvent[]>(`/api/audit-events?entityId=${id}`);
      expect(audit.body).toEqual([
        expect.objectContaining({
          action: 'create',
          entity: 'observations',
          actorId: coordinator.user!.id,
          context: { via: 'kobo', feedId: feed.id, submission: submission._uuid },
        }),
      ]);

      const after = await feedOf(feed.id);
      expect(after).toMatchObject({ acceptedCount: 1, rejectedCount: 0 });
      expect(Date.parse(after.lastReceivedAt!)).toBeGreaterThanOrEqual(before - 1000);
      const accepted = await feedSubmissions(coordinator, feed.id, 'accepted');
      expect(accepted).toEqual([
        expect.objectContaining({
          feedId: feed.id,
          uuid: submission._uuid,
          status: 'accepted',
          observationId: id,
          errors: null,
          receivedCount: 1,
          payload: submission,
        }),
      ]);
      expect(await feedSubmissions(coordinator, feed.id, 'rejected')).toEqual([]);
    });

    it('stores a submission posted twice, or three times at once, as one observation', async () => {
      const { feed } = await newFeed();
      const submission = koboSubmission();

      const concurrent = await Promise.all(
        [1, 2, 3].map(() => postToHook(api.baseUrl, feed.token, submission)),
      );
      const again = await postToHook(api.baseUrl, feed.token, submission);

      expect(concurrent.map((response) => response.status).sort()).toEqual([200, 200, 201]);
      const [id] = await observationsFrom(submission._uuid as string);
      expect(await observationsFrom(submission._uuid as string)).toEqual([id]);
      for (const response of [...concurrent, again]) {
        expect(response.body.id).toBe(id);
        if (response.status === 200) expect(response.body).toMatchObject({ duplicate: true });
      }
      expect(again.status).toBe(200);
      expect(await feedSubmissions(coordinator, feed.id)).toEqual([
        expect.objectContaining({ status: 'accepted', observationId: id, receivedCount: 4 }),
      ]);
      expect(await feedOf(feed.id)).toMatchObject({ acceptedCount: 1, rejectedCount: 0 });
    });

    it('answers 400 with the reasons for an invalid submission and keeps it in the rejected list', async () => {
      const { feed } = await newFeed();
      const cases: [string, Record<string, unknown>][] = [
        ['startedAt', { 'group_expulsion/date': '2025-02-31' }],
        ['forces', { 'group_expulsion/forces': 'crs brav_m' }],
        ['location', { _geolocation: [KOBO_LON, KOBO_LAT] }],
      ];
      const posted: Record<string, unknown>[] = [];
      for (const [field, change] of cases) {
        const submission = koboSubmission(change);
        posted.push(submission);
        const response = await postToHook(api.baseUrl, feed.token, submission);
        const error = expectApiError(response, 400);
        const keys = Object.keys(error.errors ?? {});
        expect(keys, JSON.stringify(error)).toHaveLength(1);
        expect(keys[0]!.split('.')[0]).toBe(field);
        // Free-text answers may hold testimony: never echoed in an error.
        expect(error.message).not.toContain('Tentes lacérées');
        expect(await observationsFrom(submission._uuid as string)).toEqual([]);
      }

      const rejected = await feedSubmissions(coordinator, feed.id, 'rejected');
      expect(rejected.map((row) => row.uuid).sort()).toEqual(posted.map((row) => row._uuid).sort());
      for (const row of rejected) {
        const submission = posted.find((one) => one._uuid === row.uuid)!;
        expect(row).toMatchObject({ status: 'rejected', observationId: null, payload: submission });
        expect(Object.values(row.errors ?? {}).join(' ')).toMatch(/\S/);
      }
      const reasons = rejected.map((row) => JSON.stringify(row.errors)).join(' ');
      expect(reasons).toContain('2025-02-31');
      expect(reasons).toContain('brav_m');
      expect(reasons).toMatch(/swapped/);
      expect(await feedSubmissions(coordinator, feed.id, 'accepted')).toEqual([]);
      expect(await feedOf(feed.id)).toMatchObject({ acceptedCount: 0, rejectedCount: 3 });
    });

    it('rejects and lists a payload without `_uuid`, once however often it comes', async () => {
      const { feed } = await newFeed();
      const submission = koboSubmission({ _uuid: undefined, 'meta/instanceID': undefined });

      for (let attempt = 0; attempt < 2; attempt++) {
        const error = expectApiError(await postToHook(api.baseUrl, feed.token, submission), 400, ['_uuid']);
        expect(error.errors!._uuid).toMatch(/missing/);
      }

      const rejected = await feedSubmissions(coordinator, feed.id, 'rejected');
      expect(rejected).toEqual([
        expect.objectContaining({ uuid: null, receivedCount: 2, payload: submission, observationId: null }),
      ]);
      expect(await feedOf(feed.id)).toMatchObject({ acceptedCount: 0, rejectedCount: 1 });
    });

    it('takes the uuid from `meta/instanceID` when `_uuid` is absent', async () => {
      const { feed } = await newFeed();
      const uuid = randomUUID();
      const submission = koboSubmission({ _uuid: undefined, 'meta/instanceID': `uuid:${uuid}` });

      const response = await postToHook(api.baseUrl, feed.token, submission);

      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(await observationsFrom(uuid)).toEqual([response.body.id]);
    });

    it('is public: no cookie nor bearer needed, and credentials do not stand for a token', async () => {
      const { feed } = await newFeed();

      // postToHook sends no credentials at all.
      expect((await postToHook(api.baseUrl, feed.token, koboSubmission())).status).toBe(201);
      // A signed-in admin with a wrong token gets nothing more than a stranger.
      const withBearer = await request(
        api.baseUrl,
        'POST',
        `/api/import/kobo/vkf_${'A'.repeat(43)}`,
        koboSubmission(),
        {
          authorization: `Bearer ${api.token}`,
        },
      );
      expectApiError(withBearer, 404);
    });

    it('answers 404 for an unknown or revoked token and stores nothing', async () => {
      const { feed } = await newFeed();
      const submission = koboSubmission();
      const nearMiss = `${feed.token.slice(0, -1)}${feed.token.endsWith('A') ? 'B' : 'A'}`;

      for (const token of [
        nearMiss,
        'vkf_',
        'x',
        feed.prefix,
        createHash('sha256').update(feed.token).digest('hex'),
      ]) {
        expectApiError(await postToHook(api.baseUrl, token, submission), 404);
      }
      const revoked = await coordinator.delete<KoboFeed>(`/api/kobo-feeds/${feed.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      expectApiError(await postToHook(api.baseUrl, feed.token, submission), 404);

      expect(await observationsFrom(submission._uuid as string)).toEqual([]);
      expect(await feedSubmissions(coordinator, feed.id)).toEqual([]);
      expect(await feedOf(feed.id)).toMatchObject({
        lastReceivedAt: null,
        acceptedCount: 0,
        rejectedCount: 0,
      });
    });

    it('answers 400 to a body that is not one JSON object, and stores nothing', async () => {
      const { feed } = await newFeed();

      for (const body of [
        '[]',
        JSON.stringify([koboSubmission()]),
        '"submission"',
        '42',
        'null',
        '{"_uuid": ',
      ]) {
        const response = await postToHook(api.baseUrl, feed.token, body);
        expectApiError(response, 400);
      }
      const asForm = await request(api.baseUrl, 'POST', `/api/import/kobo/${feed.token}`, '_uuid=x', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expectApiError(asForm, 415);
      expectApiError(await request(api.baseUrl, 'POST', `/api/import/kobo/${feed.token}`), 415);
      const empty = await request(api.baseUrl, 'POST', `/api/import/kobo/${feed.token}`, undefined, {
        'content-type': 'application/json',
      });
      expectApiError(empty, 400);

      expect(await feedSubmissions(coordinator, feed.id)).toEqual([]);
    });
  });

  describe('POST /api/kobo-feeds/:id/submissions/:sid/retry', () => {
    it('accepts a rejected submission once its mapping is fixed', async () => {
      const { mapping, feed } = await newFeed();
      const submission = koboSubmission({ 'group_expulsion/forces': 'crs brav_m' });
      expectApiError(await postToHook(api.baseUrl, feed.token, submission), 400, ['forces']);
      const [rejected] = await feedSubmissions(coordinator, feed.id, 'rejected');

      const stillWrong = await coordinator.post<KoboReceipt>(
        `/api/kobo-feeds/${feed.id}/submissions/${rejected!.id}/retry`,
      );
      expect(stillWrong.body).toMatchObject({ status: 'rejected', errors: { forces: expect.any(String) } });

      const fixed = await coordinator.put<SavedMapping>(`/api/import-mappings/${mapping.id}`, {
        name: mapping.name,
        // The whole answer is mapped: a map of the one choice `brav_m` is not applied inside a
        // space-separated select_multiple (mapping/cell-values.ts splits on , ; / only).
        mapping: koboMappingSpec({ forces: { 'crs brav_m': 'crs other' } }),
        version: mapping.version,
      });
      expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
      expectApiError(
        await coordinator.put(`/api/import-mappings/${mapping.id}`, {
          name: mapping.name,
          mapping: koboMappingSpec(),
          version: mapping.version,
        }),
        409,
      );

      const retried = await coordinator.post<KoboReceipt>(
        `/api/kobo-feeds/${feed.id}/submissions/${rejected!.id}/retry`,
      );
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      expect(retried.body).toEqual({ status: 'accepted', id: expect.any(String) });
      const stored = await observation(retried.body.id!);
      expect(stored.forces.map((force) => force.unit)).toEqual(['crs', 'other']);
      expect(stored).toMatchObject({
        status: 'submitted',
        source: { feedId: feed.id, sourceId: submission._uuid },
      });

      const twice = await coordinator.post<KoboReceipt>(
        `/api/kobo-feeds/${feed.id}/submissions/${rejected!.id}/retry`,
      );
      expect(twice.body).toMatchObject({ status: 'accepted', id: retried.body.id, duplicate: true });
      expect(await observationsFrom(submission._uuid as string)).toEqual([retried.body.id]);
      expect(await feedSubmissions(coordinator, feed.id, 'rejected')).toEqual([]);
      expect(await feedSubmissions(coordinator, feed.id, 'accepted')).toEqual([
        expect.objectContaining({ id: rejected!.id, observationId: retried.body.id, errors: null }),
      ]);
      expect(await feedOf(feed.id)).toMatchObject({ acceptedCount: 1, rejectedCount: 0 });
    });

    it('is 404 for a submission of another feed', async () => {
      const one = await newFeed();
      const other = await newFeed();
      expectApiError(
        await postToHook(
          api.baseUrl,
          one.feed.token,
          koboSubmission({ _uuid: undefined, 'meta/instanceID': undefined }),
        ),
        400,
      );
      const [rejected] = await feedSubmissions(coordinator, one.feed.id, 'rejected');

      expectApiError(
        await coordinator.post(`/api/kobo-feeds/${other.feed.id}/submissions/${rejected!.id}/retry`),
        404,
      );
    });
  });

  describe('with KoboToolbox file exports', () => {
    /** A Kobo CSV export ("XML values and headers", `;`) of the same form, one line per submission. */
    function koboCsv(uuids: string[]): string {
      const header = [
        'start',
        'end',
        'today',
        'group_expulsion/date',
        'group_expulsion/heure',
        'group_expulsion/forces',
        'group_expulsion/forces/crs',
        'group_expulsion/forces/gm',
        'group_expulsion/personnes_expulsees',
        'group_expulsion/lieu',
        '_group_expulsion/lieu_latitude',
        '_group_expulsion/lieu_longitude',
        '_group_expulsion/lieu_altitude',
        '_group_expulsion/lieu_precision',
        '_id',
        '_uuid',
        '_submission_time',
        '_validation_status',
        '_notes',
        '_status',
        '_submitted_by',
        '__version__',
        '_tags',
        '_index',
      ];
      const lines = uuids.map((uuid, index) =>
        [
          '2025-03-04T07:21:05.123+01:00',
          '2025-03-04T07:58:40.456+01:00',
          '2025-03-04',
          '2025-03-04',
          '07:30:00.000+01:00',
          'crs gm',
          '1',
          '1',
          '40',
          `${KOBO_LAT} ${KOBO_LON} 0 5`,
          String(KOBO_LAT),
          String(KOBO_LON),
          '0',
          '5',
          String(200_000 + index),
          uuid,
          '2025-03-04T06:58:41',
          '',
          '',
          'submitted_via_web',
          '',
          'vQm3Zs8XkTpYbN4cD2fHa7',
          '',
          String(index + 1),
        ].join(';'),
      );
      return [header.join(';'), ...lines].join('\r\n') + '\r\n';
    }

    async function importCsv(uuids: string[]): Promise<ImportDryRun & { importId: string }> {
      const upload = await uploadImportOk(coordinator, {
        bytes: koboCsv(uuids),
        name: 'expulsions_2025.csv',
      });
      expect(upload.format).toBe('kobo-csv');
      const mapped = await coordinator.put(`/api/imports/${upload.id}/mapping`, {
        columns: {
          'group_expulsion/date': 'startedAt.date',
          'group_expulsion/heure': 'startedAt.time',
          'group_expulsion/forces': 'forces',
          'group_expulsion/personnes_expulsees': 'peopleEvicted',
          '_group_expulsion/lieu_latitude': 'location.latitude',
          '_group_expulsion/lieu_longitude': 'location.longitude',
        },
        timezone: 'Europe/Paris',
        dateFormat: null,
        sourceIdColumn: '_uuid',
        defaults: { kind: 'eviction' },
      });
      expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
      const dryRun = await coordinator.post<ImportDryRun>(`/api/imports/${upload.id}/dry-run`);
      expect(dryRun.status, JSON.stringify(dryRun.body)).toBe(200);
      const committed = await coordinator.post<ImportRecord>(`/api/imports/${upload.id}/commit`, {});
      expect(committed.status, JSON.stringify(committed.body)).toBe(200);
      return { ...dryRun.body, importId: upload.id };
    }

    it('does not duplicate a submission already imported from an export', async () => {
      const { feed } = await newFeed();
      const uuid = randomUUID();
      const report = await importCsv([uuid]);
      expect(report.summary).toMatchObject({ create: 1, rejected: 0 });
      const [imported] = await observationsFrom(uuid);

      const response = await postToHook(
        api.baseUrl,
        feed.token,
        koboSubmission({ _uuid: uuid, 'meta/instanceID': `uuid:${uuid}` }),
      );

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({ status: 'accepted', id: imported, duplicate: true });
      expect(await observationsFrom(uuid)).toEqual([imported]);
      expect(await observation(imported!)).toMatchObject({
        source: { importId: report.importId, feedId: null },
      });
    });

    it('does not duplicate, in a later export, a submission the feed received', async () => {
      const { feed } = await newFeed();
      const uuid = randomUUID();
      const live = await postToHook(
        api.baseUrl,
        feed.token,
        koboSubmission({ _uuid: uuid, 'meta/instanceID': `uuid:${uuid}` }),
      );
      expect(live.status).toBe(201);

      const report = await importCsv([uuid]);

      expect(report.summary.create).toBe(0);
      expect(await observationsFrom(uuid)).toEqual([live.body.id]);
    });
  });

  describe('access', () => {
    const forbidden: Role[] = ['observer', 'legal', 'communication', 'researcher'];

    it.each(forbidden)('refuses every /api/kobo-feeds route to %s (403)', async (role) => {
      const { feed } = await newFeed();
      expectApiError(
        await postToHook(
          api.baseUrl,
          feed.token,
          koboSubmission({ _uuid: undefined, 'meta/instanceID': undefined }),
        ),
        400,
      );
      const [rejected] = await feedSubmissions(coordinator, feed.id, 'rejected');
      const client = await signedInAs(api, role);
      const mappingId = feed.mappingId!;

      for (const [method, path, body] of [
        ['GET', '/api/kobo-feeds'],
        ['POST', '/api/kobo-feeds', { name: 'Intrus', mappingId }],
        ['GET', `/api/kobo-feeds/${feed.id}`],
        ['GET', `/api/kobo-feeds/${feed.id}/submissions?status=rejected`],
        ['POST', `/api/kobo-feeds/${feed.id}/submissions/${rejected!.id}/retry`],
        ['DELETE', `/api/kobo-feeds/${feed.id}`],
      ] as [string, string, unknown?][]) {
        expectApiError(await client.call(method, path, body), 403);
        expectApiError(await request(api.baseUrl, method, path, body), 401);
      }
      expect(await feedOf(feed.id)).toMatchObject({ revokedAt: null });
    });
  });
});
