import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UserRecord } from '../../apps/api/src/users/user-record';
import {
  type BearerClient,
  insertUser,
  login,
  strongPassword,
  type TestUser,
  uniqueEmail,
  useAuthApp,
} from '../support/auth-e2e';
import { expectApiError, totalCount } from '../support/e2e-api';
import { request } from '../support/http';

const RECORD_KEYS = [
  'active',
  'createdAt',
  'createdBy',
  'email',
  'id',
  'lastLoginAt',
  'lockedUntil',
  'name',
  'role',
  'totpEnabled',
  'updatedAt',
  'updatedBy',
  'version',
];

interface AuditRow {
  action: string;
  actor_id: string | null;
  diff: Record<string, { before: unknown; after: unknown }> | null;
  context: Record<string, unknown> | null;
}

describe('users administration', () => {
  const ctx = useAuthApp();
  let admin: BearerClient;
  let adminUser: TestUser;

  beforeAll(async () => {
    ({ client: admin, user: adminUser } = await ctx.signedIn('admin'));
  });

  function newUserBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      email: uniqueEmail('new'),
      name: `Camille ${randomUUID().slice(0, 6)}`,
      role: 'observer',
      password: strongPassword(),
      ...overrides,
    };
  }

  async function createUser(
    overrides: Record<string, unknown> = {},
  ): Promise<UserRecord & { password: string }> {
    const body = newUserBody(overrides);
    const response = await admin.post<UserRecord>('/api/users', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { ...response.body, password: body.password as string };
  }

  async function auditOf(userId: string): Promise<AuditRow[]> {
    return ctx.db.query(
      `SELECT action, actor_id, diff, context FROM audit_events
        WHERE entity = 'users' AND entity_id = $1 ORDER BY id`,
      [userId],
    );
  }

  describe('access', () => {
    it('is refused to other roles with 403 and without a session with 401', async () => {
      const { client: coordinator } = await ctx.signedIn('coordinator');

      expectApiError(await coordinator.get('/api/users'), 403);
      expectApiError(await coordinator.post('/api/users', newUserBody()), 403);
      expectApiError(await request(ctx.baseUrl, 'GET', '/api/users'), 401);
    });
  });

  describe('POST /api/users', () => {
    it('creates the account, which can then sign in; the record carries no secret', async () => {
      const body = newUserBody({ role: 'legal' });

      const response = await admin.post<UserRecord>('/api/users', body);

      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(RECORD_KEYS);
      expect(response.body).toMatchObject({
        email: body.email,
        name: body.name,
        role: 'legal',
        active: true,
        totpEnabled: false,
        lastLoginAt: null,
        lockedUntil: null,
        createdBy: adminUser.id,
        updatedBy: adminUser.id,
        version: 1,
      });
      const signedIn = await login(ctx.baseUrl, {
        email: body.email as string,
        password: body.password as string,
      });
      expect(signedIn.status).toBe(200);
      const reread = await admin.get<UserRecord>(`/api/users/${response.body.id}`);
      expect(reread.body.lastLoginAt).toEqual(expect.any(String));
    });

    it('audits the creation without the password nor its hash', async () => {
      const record = await createUser();

      const [event, ...others] = await auditOf(record.id);

      expect(others).toEqual([]);
      expect(event).toMatchObject({
        action: 'create',
        actor_id: adminUser.id,
        diff: {
          email: { before: null, after: record.email },
          role: { before: null, after: 'observer' },
          password: { before: null, after: '[changed]' },
        },
      });
      expect(JSON.stringify(event)).not.toContain(record.password);
      expect(JSON.stringify(event)).not.toContain('$argon2');
    });

    it.each([
      ['shorter than 12 characters', 'Sh0rt!pass', 'must be at least 12 characters'],
      ['a common password', 'Azertyuiop2024!', 'is too common'],
      ['a common password plus digits', 'motdepasse123456', 'is too common'],
    ])('refuses a password %s with 400 errors.password', async (_case, password, message) => {
      const body = newUserBody({ password });

      const response = await admin.post('/api/users', body);

      expect(expectApiError(response, 400, ['password']).errors?.password).toBe(message);
      const [{ count }] = await ctx.db.query(`SELECT count(*)::int AS count FROM users WHERE email = $1`, [
        body.email,
      ]);
      expect(count).toBe(0);
    });

    it('refuses a password equal to the email, whatever the case', async () => {
      const email = uniqueEmail('self');

      const response = await admin.post('/api/users', newUserBody({ email, password: email.toUpperCase() }));

      expect(expectApiError(response, 400, ['password']).errors?.password).toBe(
        'must not be your email address or name',
      );
    });

    it('answers 409 errors.email for an email already used, in another case', async () => {
      const existing = await createUser();

      const response = await admin.post('/api/users', newUserBody({ email: existing.email.toUpperCase() }));

      expectApiError(response, 409, ['email']);
    });

    it('refuses an unknown role, a blank name, a bad email and unknown fields with 400', async () => {
      const response = await admin.post(
        '/api/users',
        newUserBody({ role: 'superuser', name: '   ', email: 'not-an-email', passwordHash: 'x' }),
      );

      expectApiError(response, 400, ['role', 'name', 'email', 'passwordHash']);
    });
  });

  describe('GET /api/users', () => {
    it('lists with X-Total-Count, filters on role, active, id and q, and sorts', async () => {
      const word = `zq${randomUUID().slice(0, 8)}`;
      const a = await createUser({ name: `Alice ${word}`, role: 'researcher' });
      const b = await createUser({ name: `Bob ${word}`, role: 'communication' });
      const c = await createUser({ email: uniqueEmail(word), role: 'researcher' });
      await admin.delete(`/api/users/${c.id}`);

      const byWord = await admin.get<UserRecord[]>(`/api/users?q=${word}&_sort=name&_order=ASC`);
      expect(byWord.status, JSON.stringify(byWord.body)).toBe(200);
      expect(totalCount(byWord)).toBe(3);
      expect(byWord.body.map((user) => user.id)).toEqual([a.id, b.id, c.id]);
      for (const user of byWord.body) expect(Object.keys(user).sort()).toEqual(RECORD_KEYS);

      const researchers = await admin.get<UserRecord[]>(`/api/users?q=${word}&role=researcher&active=true`);
      expect(researchers.body.map((user) => user.id)).toEqual([a.id]);

      const byIds = await admin.get<UserRecord[]>(`/api/users?id=${a.id}&id=${c.id}&_sort=email&_order=DESC`);
      expect(totalCount(byIds)).toBe(2);

      const page = await admin.get<UserRecord[]>(`/api/users?q=${word}&_start=1&_end=2&_sort=name`);
      expect(page.body.map((user) => user.id)).toEqual([b.id]);
      expect(totalCount(page)).toBe(3);
    });

    it.each([
      ['an unknown filter', 'password=x', 'password'],
      ['an unknown sort field', '_sort=passwordHash', '_sort'],
      ['an unknown role', 'role=root', 'role'],
    ])('refuses %s with 400', async (_case, query, field) => {
      expectApiError(await admin.get(`/api/users?${query}`), 400, [field]);
    });

    it.each(['email', 'name', 'role', 'createdAt', 'lastLoginAt', 'id'])('sorts by %s', async (field) => {
      const response = await admin.get(`/api/users?_sort=${field}&_order=DESC&_end=5`);

      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });
  });

  describe('GET /api/users/:id', () => {
    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectApiError(await admin.get(`/api/users/${randomUUID()}`), 404);
      expectApiError(await admin.get('/api/users/not-a-uuid'), 400);
    });
  });

  describe('PUT and PATCH /api/users/:id', () => {
    it('replaces the editable fields with the version, and audits the changed ones', async () => {
      const record = await createUser();

      const response = await admin.put<UserRecord>(`/api/users/${record.id}`, {
        email: record.email,
        name: 'Renamed Person',
        role: 'coordinator',
        active: true,
        version: 1,
      });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ name: 'Renamed Person', role: 'coordinator', version: 2 });
      const events = await auditOf(record.id);
      expect(events.at(-1)).toMatchObject({
        action: 'update',
        diff: {
          name: { before: record.name, after: 'Renamed Person' },
          role: { before: 'observer', after: 'coordinator' },
        },
      });
      expect(Object.keys(events.at(-1)?.diff ?? {}).sort()).toEqual(['name', 'role']);
    });

    it('answers 409 with the current record when the version is stale', async () => {
      const record = await createUser();
      await admin.patch(`/api/users/${record.id}`, { name: 'First change', version: 1 });

      const response = await admin.patch(`/api/users/${record.id}`, { name: 'Second change', version: 1 });

      const body = expectApiError(response, 409, ['version']);
      expect(body.current).toMatchObject({ id: record.id, name: 'First change', version: 2 });
    });

    it('changes only the fields a PATCH sends', async () => {
      const record = await createUser();

      const response = await admin.patch<UserRecord>(`/api/users/${record.id}`, {
        name: 'Only the name',
        version: 1,
      });

      expect(response.body).toMatchObject({ name: 'Only the name', email: record.email, role: 'observer' });
    });

    it('refuses null for a required field and a missing version with 400', async () => {
      const record = await createUser();

      expectApiError(await admin.patch(`/api/users/${record.id}`, { email: null, version: 1 }), 400, [
        'email',
      ]);
      expectApiError(await admin.patch(`/api/users/${record.id}`, { name: 'x' }), 400, ['version']);
    });

    it("answers 409 errors.email when taking another account's email", async () => {
      const first = await createUser();
      const second = await createUser();

      const response = await admin.patch(`/api/users/${second.id}`, {
        email: first.email.toUpperCase(),
        version: 1,
      });

      expectApiError(response, 409, ['email']);
    });

    it('ends the sessions of an account whose role changes', async () => {
      const record = await createUser();
      const signedIn = await login(ctx.baseUrl, { email: record.email, password: record.password });

      await admin.patch(`/api/users/${record.id}`, { role: 'coordinator', version: 1 });

      const me = await request(ctx.baseUrl, 'GET', '/api/auth/me', undefined, {
        authorization: `Bearer ${signedIn.body.token}`,
      });
      expectApiError(me, 401);
    });
  });

  describe('an administrator on their own account', () => {
    it('cannot deactivate it, by DELETE or by PATCH', async () => {
      const { client, user } = await ctx.signedIn('admin');

      expectApiError(await client.delete(`/api/users/${user.id}`), 409, ['active']);
      expectApiError(await client.patch(`/api/users/${user.id}`, { active: false, version: 1 }), 409, [
        'active',
      ]);
      expect((await client.get('/api/auth/me')).status).toBe(200);
    });

    it('cannot remove their own admin role', async () => {
      const { client, user } = await ctx.signedIn('admin');

      const response = await client.patch(`/api/users/${user.id}`, { role: 'observer', version: 1 });

      expectApiError(response, 409, ['role']);
    });

    it('may rename themselves', async () => {
      const { client, user } = await ctx.signedIn('admin');

      const response = await client.patch<UserRecord>(`/api/users/${user.id}`, {
        name: 'Admin Renamed',
        version: 1,
      });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });
  });

  describe('DELETE /api/users/:id and restore', () => {
    it('deactivates (never deletes), ends the sessions, and restore lets the user back in', async () => {
      const record = await createUser();
      const signedIn = await login(ctx.baseUrl, { email: record.email, password: record.password });
      const bearer = { authorization: `Bearer ${signedIn.body.token}` };

      const deleted = await admin.delete<UserRecord>(`/api/users/${record.id}`);

      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
      expect(deleted.body).toMatchObject({ active: false, version: 2 });
      expect((await admin.get<UserRecord>(`/api/users/${record.id}`)).body.active).toBe(false);
      expectApiError(await request(ctx.baseUrl, 'GET', '/api/auth/me', undefined, bearer), 401);
      expectApiError(await login(ctx.baseUrl, { email: record.email, password: record.password }), 401);

      const restored = await admin.post<UserRecord>(`/api/users/${record.id}/restore`);

      expect(restored.status, JSON.stringify(restored.body)).toBe(200);
      expect(restored.body.active).toBe(true);
      // The old session stays revoked; a new sign-in works.
      expectApiError(await request(ctx.baseUrl, 'GET', '/api/auth/me', undefined, bearer), 401);
      expect((await login(ctx.baseUrl, { email: record.email, password: record.password })).status).toBe(200);
      const actions = (await auditOf(record.id)).map((event) => event.action);
      expect(actions).toEqual(['create', 'login', 'delete', 'login_failed', 'restore', 'login']);
    });

    it('answers 404 for an unknown user', async () => {
      expectApiError(await admin.delete(`/api/users/${randomUUID()}`), 404);
    });
  });

  describe('POST /api/users/:id/reset-password', () => {
    it('sets a new password, ends the sessions, and audits without the password', async () => {
      const record = await createUser();
      const signedIn = await login(ctx.baseUrl, { email: record.email, password: record.password });
      const newPassword = strongPassword();

      const response = await admin.post<UserRecord>(`/api/users/${record.id}/reset-password`, {
        password: newPassword,
      });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const me = await request(ctx.baseUrl, 'GET', '/api/auth/me', undefined, {
        authorization: `Bearer ${signedIn.body.token}`,
      });
      expectApiError(me, 401);
      expectApiError(await login(ctx.baseUrl, { email: record.email, password: record.password }), 401);
      expect((await login(ctx.baseUrl, { email: record.email, password: newPassword })).status).toBe(200);
      const reset = (await auditOf(record.id)).find((event) => event.action === 'password_reset');
      expect(reset?.diff).toEqual({ password: { before: '[changed]', after: '[changed]' } });
      const everything = JSON.stringify(await auditOf(record.id));
      expect(everything).not.toContain(newPassword);
      expect(everything).not.toContain('$argon2');
    });

    it('lifts a lock', async () => {
      const record = await createUser();
      await ctx.db.query(
        `UPDATE users SET locked_until = now() + interval '15 minutes', failed_logins = 0 WHERE id = $1`,
        [record.id],
      );
      const newPassword = strongPassword();

      await admin.post(`/api/users/${record.id}/reset-password`, { password: newPassword });

      expect((await login(ctx.baseUrl, { email: record.email, password: newPassword })).status).toBe(200);
    });

    it('refuses a password the policy refuses, or the name of the user', async () => {
      const record = await createUser({ name: 'Jeanne Martin-Dupuis' });

      const common = await admin.post(`/api/users/${record.id}/reset-password`, {
        password: 'password123456',
      });
      const own = await admin.post(`/api/users/${record.id}/reset-password`, {
        password: 'jeanne martin-dupuis',
      });

      expect(expectApiError(common, 400, ['password']).errors?.password).toBe('is too common');
      expect(expectApiError(own, 400, ['password']).errors?.password).toBe(
        'must not be your email address or name',
      );
    });
  });

  describe('POST /api/users/:id/unlock', () => {
    it('shows the lock in the record and lifts it', async () => {
      const user = await insertUser(ctx.db, { role: 'observer' });
      await ctx.db.query(`UPDATE users SET locked_until = now() + interval '15 minutes' WHERE id = $1`, [
        user.id,
      ]);
      expect((await admin.get<UserRecord>(`/api/users/${user.id}`)).body.lockedUntil).toEqual(
        expect.any(String),
      );
      expectApiError(await login(ctx.baseUrl, { email: user.email, password: user.password }), 401);

      const response = await admin.post<UserRecord>(`/api/users/${user.id}/unlock`);

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.lockedUntil).toBeNull();
      expect((await login(ctx.baseUrl, { email: user.email, password: user.password })).status).toBe(200);
      const events = await auditOf(user.id);
      expect(events.find((event) => event.action === 'update')).toMatchObject({
        diff: { lockedUntil: { before: expect.any(String), after: null } },
        context: { operation: 'unlock' },
      });
    });
  });

  describe('POST /api/users/:id/totp/reset', () => {
    it("removes another user's second factor, ends their sessions, and audits it", async () => {
      const { user, client } = await ctx.signedIn('legal', { withTotp: true });

      const response = await admin.post<UserRecord>(`/api/users/${user.id}/totp/reset`);

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.totpEnabled).toBe(false);
      const [row] = await ctx.db.query(`SELECT totp_secret, totp_enabled FROM users WHERE id = $1`, [
        user.id,
      ]);
      expect(row).toEqual({ totp_secret: null, totp_enabled: false });
      expectApiError(await client.get('/api/auth/me'), 401);
      expect((await login(ctx.baseUrl, { email: user.email, password: user.password })).status).toBe(200);
      expect((await auditOf(user.id)).at(-2)).toMatchObject({
        action: 'totp_disabled',
        actor_id: adminUser.id,
        diff: { totpEnabled: { before: true, after: false } },
      });
    });
  });
});
