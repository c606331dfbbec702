import { randomUUID } from 'node:crypto';
import type { ObservationRecord, Role, SiteRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  expectApiError,
  observationInput,
  signedInAs,
  siteInput,
  totalCount,
  useApi,
} from '../support/e2e-api';
import { request } from '../support/http';
import type { TestUser } from '../support/users';

interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  context: unknown;
  prevHash: string;
  hash: string;
}

interface HistoryEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

type Verdict =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenAtId: string; reason: string };

const HASH = /^[0-9a-f]{64}$/;
const NON_ADMIN_ROLES: Role[] = ['coordinator', 'observer', 'legal', 'communication', 'researcher'];

/** Today in Paris, `YYYY-MM-DD`: bare dates in filters are Paris days. */
function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

/** The account a client is signed in as. */
function userOf(client: ApiClient): TestUser {
  expect(client.user).not.toBeNull();
  return client.user as TestUser;
}

describe('audit events and history', () => {
  /** Signed in as a fresh admin. */
  const admin = useApi();
  let adminUser: TestUser;
  /** An observation created, changed and deleted by `admin` through the API. */
  let observation: ObservationRecord;

  async function events(client: ApiClient, query: string): Promise<AuditEvent[]> {
    const response = await client.get<AuditEvent[]>(`/api/audit-events?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    adminUser = userOf(admin);
    const created = await admin.post<ObservationRecord>('/api/observations', observationInput());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const updated = await admin.patch<ObservationRecord>(`/api/observations/${created.body.id}`, {
      peopleEvicted: 55,
      version: created.body.version,
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const deleted = await admin.delete<ObservationRecord>(`/api/observations/${created.body.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    observation = deleted.body;
  });

  describe('GET /api/audit-events', () => {
    it('lists the create, update and delete of an observation, newest first, with actor and diff', async () => {
      const listed = await events(admin, `entity=observations&entityId=${observation.id}`);

      expect(listed.map((event) => event.action)).toEqual(['delete', 'update', 'create']);
      for (const event of listed) {
        expect(event).toMatchObject({
          actorId: adminUser.id,
          actorName: adminUser.name,
          actorEmail: adminUser.email,
          entity: 'observations',
          entityId: observation.id,
        });
        expect(event.hash).toMatch(HASH);
        expect(event.prevHash).toMatch(HASH);
        expect(Number.isNaN(Date.parse(event.at))).toBe(false);
      }
      const [deleted, updated, created] = listed as [AuditEvent, AuditEvent, AuditEvent];
      expect(created.diff?.kind).toEqual({ before: null, after: 'eviction' });
      expect(created.diff?.peopleEvicted).toEqual({ before: null, after: 40 });
      expect(updated.diff).toMatchObject({ peopleEvicted: { before: 40, after: 55 } });
      expect(Object.keys(updated.diff ?? {})).not.toContain('kind');
      expect(deleted.diff?.deletedAt).toMatchObject({ before: null, after: expect.any(String) });
      expect(Number(deleted.id)).toBeGreaterThan(Number(updated.id));
      expect(Number(updated.id)).toBeGreaterThan(Number(created.id));
    });

    it('answers the total in X-Total-Count and pages with _start/_end', async () => {
      const response = await admin.get<AuditEvent[]>(
        `/api/audit-events?entityId=${observation.id}&_start=1&_end=2`,
      );

      expect(response.status).toBe(200);
      expect(totalCount(response)).toBe(3);
      expect(response.body.map((event) => event.action)).toEqual(['update']);
    });

    it('filters by action, actor, id and Paris dates, and sorts by time', async () => {
      const all = await events(admin, `entityId=${observation.id}`);
      const created = all.find((event) => event.action === 'create') as AuditEvent;
      const scope = `entityId=${observation.id}`;

      expect((await events(admin, `${scope}&action=update`)).map((event) => event.action)).toEqual([
        'update',
      ]);
      expect(await events(admin, `${scope}&actorId=${adminUser.id}`)).toHaveLength(3);
      expect(await events(admin, `${scope}&actorId=${randomUUID()}`)).toEqual([]);
      expect((await events(admin, `id=${created.id}`)).map((event) => event.id)).toEqual([created.id]);
      expect(await events(admin, `${scope}&at_gte=${parisToday()}&at_lte=${parisToday()}`)).toHaveLength(3);
      expect(await events(admin, `${scope}&at_lte=2000-01-01`)).toEqual([]);
      expect((await events(admin, `${scope}&_sort=at&_order=ASC`)).map((event) => event.action)).toEqual([
        'create',
        'update',
        'delete',
      ]);
    });

    it('refuses an unknown filter, an unknown sort and a malformed value (400)', async () => {
      expectApiError(await admin.get('/api/audit-events?colour=red'), 400, ['colour']);
      expectApiError(await admin.get('/api/audit-events?_sort=hash'), 400, ['_sort']);
      expectApiError(await admin.get('/api/audit-events?actorId=nope'), 400, ['actorId']);
      expectApiError(await admin.get('/api/audit-events?at_gte=yesterday'), 400, ['at_gte']);
    });

    it.each(NON_ADMIN_ROLES)('is refused to %s (403)', async (role) => {
      const client = await signedInAs(admin, role);

      expectApiError(await client.get('/api/audit-events'), 403);
      expectApiError(await client.get('/api/audit-events/verify'), 403);
    });

    it('is refused without a session (401)', async () => {
      expectApiError(await request(admin.baseUrl, 'GET', '/api/audit-events'), 401);
      expectApiError(await request(admin.baseUrl, 'GET', '/api/audit-events/verify'), 401);
    });
  });

  describe('GET /api/audit-events/:id', () => {
    it('gives one event exactly as the list does, with its actor and diff', async () => {
      const [, updated] = await events(admin, `entityId=${observation.id}`);

      const response = await admin.get<AuditEvent>(`/api/audit-events/${updated!.id}`);

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual(updated);
      expect(response.body.diff).toMatchObject({ peopleEvicted: { before: 40, after: 55 } });
    });

    it('answers 404 for an unknown event and 400 for an id that is not a positive integer', async () => {
      const [newest] = await events(admin, '_start=0&_end=1');

      expectApiError(await admin.get(`/api/audit-events/${Number(newest!.id) + 1_000_000}`), 404);
      for (const id of ['abc', '0', '-3', '1.5', '12345678901234567890']) {
        expectApiError(await admin.get(`/api/audit-events/${id}`), 400);
      }
    });

    it.each(NON_ADMIN_ROLES)('is refused to %s (403), whether the event exists or not', async (role) => {
      const client = await signedInAs(admin, role);
      const [newest] = await events(admin, '_start=0&_end=1');

      expectApiError(await client.get(`/api/audit-events/${newest!.id}`), 403);
      expectApiError(await client.get('/api/audit-events/999999999'), 403);
    });
  });

  describe('GET /api/audit-events/verify', () => {
    it('finds the chain intact and names its head, the newest event', async () => {
      const response = await admin.get<Verdict>('/api/audit-events/verify');
      const [newest] = await events(admin, '_start=0&_end=1');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true, count: expect.any(Number), headHash: newest?.hash });
      expect(response.body.count).toBeGreaterThanOrEqual(3);
    });
  });

  describe('GET /api/observations/:id/history', () => {
    it('tells who changed what and when, newest first, without hashes', async () => {
      const response = await admin.get<HistoryEntry[]>(`/api/observations/${observation.id}/history`);

      expect(response.status).toBe(200);
      expect(totalCount(response)).toBe(3);
      expect(response.body.map((entry) => entry.action)).toEqual(['delete', 'update', 'create']);
      for (const entry of response.body) {
        expect(Object.keys(entry).sort()).toEqual(['action', 'actorId', 'actorName', 'at', 'diff', 'id']);
        expect(entry).toMatchObject({ actorId: adminUser.id, actorName: adminUser.name });
      }
      expect(response.body[1]?.diff).toMatchObject({ peopleEvicted: { before: 40, after: 55 } });
    });

    it('pages with _start/_end', async () => {
      const response = await admin.get<HistoryEntry[]>(
        `/api/observations/${observation.id}/history?_start=0&_end=1`,
      );

      expect(response.status).toBe(200);
      expect(totalCount(response)).toBe(3);
      expect(response.body.map((entry) => entry.action)).toEqual(['delete']);
    });

    it('hides a draft from communication (404) but shows a validated observation', async () => {
      const communication = await signedInAs(admin, 'communication');
      const draft = await admin.post<ObservationRecord>('/api/observations', observationInput());
      const validated = await admin.post<ObservationRecord>('/api/observations', observationInput());
      // The review workflow has its own endpoints and tests; here only the resulting state matters.
      await admin.dataSource.query(`UPDATE observations SET status = 'validated' WHERE id = $1`, [
        validated.body.id,
      ]);

      expectApiError(await communication.get(`/api/observations/${draft.body.id}/history`), 404);
      const visible = await communication.get<HistoryEntry[]>(
        `/api/observations/${validated.body.id}/history`,
      );
      expect(visible.status).toBe(200);
      expect(visible.body.map((entry) => entry.action)).toEqual(['create']);
    });

    it('answers 404 for an unknown observation and 400 for a malformed id', async () => {
      expectApiError(await admin.get(`/api/observations/${randomUUID()}/history`), 404);
      expectApiError(await admin.get('/api/observations/not-a-uuid/history'), 400);
    });

    it('is refused to a role that may not read observations (403)', async () => {
      const researcher = await signedInAs(admin, 'researcher');

      expectApiError(await researcher.get(`/api/observations/${observation.id}/history`), 403);
    });
  });

  describe('GET /api/sites/:id/history', () => {
    it('tells who created a site, to every role that may read sites', async () => {
      const created = await admin.post<SiteRecord>('/api/sites', siteInput());
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const communication = await signedInAs(admin, 'communication');

      const response = await communication.get<HistoryEntry[]>(`/api/sites/${created.body.id}/history`);

      expect(response.status).toBe(200);
      expect(response.body.map((entry) => [entry.action, entry.actorId])).toEqual([['create', adminUser.id]]);
      expectApiError(await admin.get(`/api/sites/${randomUUID()}/history`), 404);
      expectApiError(
        await (await signedInAs(admin, 'researcher')).get(`/api/sites/${created.body.id}/history`),
        403,
      );
    });
  });

  describe('GET /api/users/:id/history', () => {
    it('is for admins only, and 404 for an unknown account', async () => {
      const coordinator = await signedInAs(admin, 'coordinator');

      const response = await admin.get<HistoryEntry[]>(`/api/users/${userOf(coordinator).id}/history`);

      expect(response.status).toBe(200);
      expect(Array.isArray(response.body)).toBe(true);
      expectApiError(await admin.get(`/api/users/${randomUUID()}/history`), 404);
      expectApiError(await coordinator.get(`/api/users/${adminUser.id}/history`), 403);
    });
  });
});
