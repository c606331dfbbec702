import { randomInt } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { AUTH_RETENTION_JOB, AuthRetention } from '../../apps/api/src/auth/auth-retention';
import type { TotpEnrolment } from '../../apps/api/src/auth/totp.service';
import { ScheduledJobs } from '../../apps/api/src/jobs/scheduled-jobs';
import type { UserRecord } from '../../apps/api/src/users/user-record';
import { startApp, type RunningApp } from '../support/app';
import {
  BearerClient,
  insertUser,
  login,
  strongPassword,
  type TestUser,
  totpCode,
  uniqueEmail,
  useAuthApp,
} from '../support/auth-e2e';
import { expectApiError } from '../support/e2e-api';
import { request, type JsonResponse } from '../support/http';
import { createSessionToken } from '../support/users';

/*
 * Authentication and sessions seen from the attacker's side (issue 10, items 10–14): parallel
 * password guessing against the lockout, forged X-Forwarded-For, replayed and guessed TOTP codes,
 * a stolen session changing its owner's credentials, and how long sign-in traces are kept.
 */

const SESSION_COOKIE = 'vigie_session';

/** A well-formed code that is not one the server would accept now. */
async function wrongCode(secret: string): Promise<string> {
  const valid = new Set(await Promise.all([-1, 0, 1].map((steps) => totpCode(secret, steps))));
  for (const candidate of ['000000', '111111', '222222', '333333'])
    if (!valid.has(candidate)) return candidate;
  throw new Error('unreachable');
}

/** A documentation address (RFC 5737) nobody else in the run uses. */
function forgedAddress(): string {
  return `198.51.100.${randomInt(1, 255)}`;
}

async function withApp<T>(env: Record<string, string>, body: (app: RunningApp) => Promise<T>): Promise<T> {
  const app = await startApp(inject('databaseUrl'), env);
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

describe('authentication and sessions under attack', () => {
  const ctx = useAuthApp();

  async function failureReasons(userId: string): Promise<Record<string, number>> {
    const rows: { reason: string; count: number }[] = await ctx.db.query(
      `SELECT context->>'reason' AS reason, count(*)::int AS count FROM audit_events
        WHERE action = 'login_failed' AND entity_id = $1 GROUP BY 1`,
      [userId],
    );
    return Object.fromEntries(rows.map((row) => [row.reason, row.count]));
  }

  describe('lockout under parallel guessing (item 10)', () => {
    it('checks at most 10 passwords out of 60 sent at once, then refuses the right one while locked', async () => {
      // The per-address limit is raised by the test app, as behind a proxy or from 60 addresses.
      const user = await insertUser(ctx.db, { role: 'legal' });

      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, attempt) =>
          login(ctx.baseUrl, { email: user.email, password: `wrong password number ${attempt}` }),
        ),
      );

      for (const response of responses) {
        expect(expectApiError(response, 401)).toMatchObject({ code: 'invalid_credentials' });
      }
      // Locked answers look like wrong passwords (nothing tells the attacker the lock is on); the
      // audit trail tells them apart: a password was checked only for a `bad_password`.
      expect(await failureReasons(user.id)).toEqual({ bad_password: 10, locked: 50 });
      const [row] = await ctx.db.query(`SELECT locked_until > now() AS locked FROM users WHERE id = $1`, [
        user.id,
      ]);
      expect(row).toEqual({ locked: true });

      const right = await login(ctx.baseUrl, { email: user.email, password: user.password });

      expect(expectApiError(right, 401)).toMatchObject({ code: 'invalid_credentials' });
      expect(await failureReasons(user.id)).toEqual({ bad_password: 10, locked: 51 });
    });

    it('answers an unknown email like a wrong password, in parallel too', async () => {
      const email = uniqueEmail('nobody');

      const responses = await Promise.all(
        Array.from({ length: 12 }, () => login(ctx.baseUrl, { email, password: 'some guess or other' })),
      );

      const bodies = responses.map((response) => expectApiError(response, 401));
      expect(new Set(bodies.map((body) => `${body.code} ${body.message}`)).size).toBe(1);
      expect(bodies[0]).toMatchObject({ code: 'invalid_credentials' });
    });
  });

  describe('client address behind a proxy (item 11)', () => {
    async function loginFrom(
      baseUrl: string,
      forwardedFor: string,
      body: { email: string; password: string },
    ): Promise<JsonResponse> {
      return request(baseUrl, 'POST', '/api/auth/login', body, { 'x-forwarded-for': forwardedFor });
    }

    async function auditedAddresses(emails: string[]): Promise<string[]> {
      const rows: { ip: string }[] = await ctx.db.query(
        `SELECT DISTINCT context->>'ip' AS ip FROM audit_events
          WHERE action = 'login_failed' AND context->>'email' = ANY($1)`,
        [emails],
      );
      return rows.map((row) => row.ip);
    }

    it.each([
      ['the proxy address list 127.0.0.1', '127.0.0.1'],
      ['a hop count of 1', '1'],
    ])(
      'with %s, forging the left-most X-Forwarded-For entries does not escape the per-address limit',
      async (_label, trustProxy) => {
        await ctx.db.query(`DELETE FROM login_attempts`);
        // The test client talks to the app directly, so it plays the trusted proxy: the entry it
        // appends last (right-most) is the client address; everything left of it is the client's
        // own claim, which a real proxy would pass on untouched.
        const clientAddress = forgedAddress();
        const emails: string[] = [];
        await withApp(
          { VIGIE_TRUST_PROXY: trustProxy, VIGIE_LOGIN_MAX_FAILURES_PER_IP: '3' },
          async (app) => {
            const statuses: number[] = [];
            for (let attempt = 0; attempt < 6; attempt += 1) {
              const email = uniqueEmail('spray');
              emails.push(email);
              const response = await loginFrom(
                app.baseUrl,
                `${forgedAddress()}, 10.${attempt}.0.1, ${clientAddress}`,
                {
                  email,
                  password: 'guess guess guess',
                },
              );
              statuses.push(response.status);
            }

            expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
          },
        );
        // The audit trail records the address Fastify derived, not any forged entry.
        expect(await auditedAddresses(emails)).toEqual([clientAddress]);
        await ctx.db.query(`DELETE FROM login_attempts`);
      },
    );

    it('ignores X-Forwarded-For entirely when no proxy is configured', async () => {
      const email = uniqueEmail('direct');

      await loginFrom(ctx.baseUrl, forgedAddress(), { email, password: 'guess guess guess' });

      expect(await auditedAddresses([email])).toEqual(['127.0.0.1']);
    });

    it('records the derived address in the audit context of a signed-in action too', async () => {
      const clientAddress = forgedAddress();
      await withApp({ VIGIE_TRUST_PROXY: '127.0.0.1' }, async (app) => {
        const user = await insertUser(ctx.db, { role: 'observer' });
        const signedIn = await loginFrom(app.baseUrl, `203.0.113.66, ${clientAddress}`, {
          email: user.email,
          password: user.password,
        });
        expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
        const token = (signedIn.body as { token: string }).token;

        const logout = await request(app.baseUrl, 'POST', '/api/auth/logout', undefined, {
          authorization: `Bearer ${token}`,
          'x-forwarded-for': `203.0.113.67, ${clientAddress}`,
        });

        expect(logout.status).toBe(204);
        const events: { action: string; ip: string }[] = await ctx.db.query(
          `SELECT action, context->>'ip' AS ip FROM audit_events WHERE entity_id = $1 ORDER BY id`,
          [user.id],
        );
        expect(events).toEqual([
          { action: 'login', ip: clientAddress },
          { action: 'logout', ip: clientAddress },
        ]);
      });
    });
  });

  describe('TOTP codes are good once, and guessing them is limited (item 12)', () => {
    it('refuses a code already used to sign in, at the next sign-in', async () => {
      const user = await insertUser(ctx.db, { role: 'coordinator', withTotp: true });
      const code = await totpCode(user.totpSecret as string);

      const first = await login(ctx.baseUrl, { email: user.email, password: user.password, totp: code });
      const replayed = await login(ctx.baseUrl, { email: user.email, password: user.password, totp: code });

      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(expectApiError(replayed, 401)).toMatchObject({ code: 'invalid_credentials' });
      expect(await failureReasons(user.id)).toEqual({ bad_totp: 1 });
    });

    it('lets only one of two sign-ins racing with the same code through', async () => {
      const user = await insertUser(ctx.db, { role: 'coordinator', withTotp: true });
      const code = await totpCode(user.totpSecret as string);

      const responses = await Promise.all([
        login(ctx.baseUrl, { email: user.email, password: user.password, totp: code }),
        login(ctx.baseUrl, { email: user.email, password: user.password, totp: code }),
      ]);

      expect(responses.map((response) => response.status).sort()).toEqual([200, 401]);
    });

    it('refuses the code that confirmed the enrolment when signing in', async () => {
      const user = await insertUser(ctx.db, { role: 'observer' });
      const client = new BearerClient(ctx.baseUrl, await createSessionToken(ctx.db, user.id));
      const enrolment = await client.post<TotpEnrolment>('/api/auth/totp/enrol', {
        currentPassword: user.password,
      });
      const code = await totpCode(enrolment.body.secret);
      expect((await client.post('/api/auth/totp/verify', { code })).status).toBe(200);

      const replayed = await login(ctx.baseUrl, { email: user.email, password: user.password, totp: code });

      expect(expectApiError(replayed, 401)).toMatchObject({ code: 'invalid_credentials' });
    });

    it('refuses to disable the factor with a code already used, even with the password', async () => {
      const user = await insertUser(ctx.db, { role: 'observer', withTotp: true });
      const code = await totpCode(user.totpSecret as string);
      const signedIn = await login(ctx.baseUrl, { email: user.email, password: user.password, totp: code });
      const client = new BearerClient(ctx.baseUrl, signedIn.body.token);

      const replayed = await client.post('/api/auth/totp/disable', { code, currentPassword: user.password });

      expectApiError(replayed, 400, ['code']);
      const [row] = await ctx.db.query(`SELECT totp_enabled FROM users WHERE id = $1`, [user.id]);
      expect(row).toEqual({ totp_enabled: true });
    });

    it('answers 429 on /totp/verify once the account has used up its attempts, even for the right code', async () => {
      await withApp({ VIGIE_LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '5' }, async (app) => {
        const user = await insertUser(ctx.db, { role: 'observer' });
        const client = new BearerClient(app.baseUrl, await createSessionToken(ctx.db, user.id));
        const enrolment = await client.post<TotpEnrolment>('/api/auth/totp/enrol', {
          currentPassword: user.password,
        });
        expect(enrolment.status, JSON.stringify(enrolment.body)).toBe(200);
        const secret = enrolment.body.secret;

        for (let attempt = 0; attempt < 5; attempt += 1) {
          expectApiError(await client.post('/api/auth/totp/verify', { code: await wrongCode(secret) }), 400, [
            'code',
          ]);
        }
        const limited = await client.post('/api/auth/totp/verify', { code: await totpCode(secret) });

        expect(expectApiError(limited, 429)).toMatchObject({ code: 'too_many_attempts' });
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        const [row] = await ctx.db.query(`SELECT totp_enabled FROM users WHERE id = $1`, [user.id]);
        expect(row).toEqual({ totp_enabled: false });
      });
    });

    it('answers 429 on /totp/disable once the address has used up its failures, whatever the account', async () => {
      await ctx.db.query(`DELETE FROM login_attempts`);
      await withApp({ VIGIE_LOGIN_MAX_FAILURES_PER_IP: '3' }, async (app) => {
        const sessionOf = async (user: TestUser) =>
          new BearerClient(app.baseUrl, await createSessionToken(ctx.db, user.id));
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const user = await insertUser(ctx.db, { role: 'observer', withTotp: true });
          const response = await (
            await sessionOf(user)
          ).post('/api/auth/totp/disable', {
            code: await wrongCode(user.totpSecret as string),
            currentPassword: user.password,
          });
          expectApiError(response, 400, ['code']);
        }
        const next = await insertUser(ctx.db, { role: 'observer', withTotp: true });

        const limited = await (
          await sessionOf(next)
        ).post('/api/auth/totp/disable', {
          code: await totpCode(next.totpSecret as string),
          currentPassword: next.password,
        });

        expect(expectApiError(limited, 429)).toMatchObject({ code: 'too_many_attempts' });
      });
      await ctx.db.query(`DELETE FROM login_attempts`);
    });
  });

  describe('a stolen session cannot change its owner’s credentials (item 13)', () => {
    /** The session cookie of a fresh sign-in, and the headers a cookie-only caller sends. */
    async function stolenCookie(user: TestUser): Promise<Record<string, string>> {
      const response = await login(ctx.baseUrl, {
        email: user.email,
        password: user.password,
        ...(user.totpSecret ? { totp: await totpCode(user.totpSecret) } : {}),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return { cookie: `${SESSION_COOKIE}=${response.body.token}`, origin: ctx.baseUrl };
    }

    function post(headers: Record<string, string>, path: string, body?: unknown): Promise<JsonResponse> {
      return request(ctx.baseUrl, 'POST', path, body ?? {}, headers);
    }

    it('cannot change the password without the current one; can with it', async () => {
      const admin = await insertUser(ctx.db, { role: 'admin' });
      const cookie = await stolenCookie(admin);
      const newPassword = strongPassword();
      const path = `/api/users/${admin.id}/reset-password`;

      const bare = await post(cookie, path, { password: newPassword });
      const wrong = await post(cookie, path, { password: newPassword, currentPassword: 'a guess of mine' });

      expect(expectApiError(bare, 400, ['currentPassword'])).toMatchObject({
        code: 'current_credentials_required',
      });
      expect(expectApiError(wrong, 400, ['currentPassword'])).toMatchObject({
        code: 'current_credentials_invalid',
      });
      expectApiError(await login(ctx.baseUrl, { email: admin.email, password: newPassword }), 401);
      expect(await failureReasons(admin.id)).toMatchObject({ bad_password: 2 });

      const right = await post(cookie, path, { password: newPassword, currentPassword: admin.password });

      expect(right.status, JSON.stringify(right.body)).toBe(200);
      expect((await login(ctx.baseUrl, { email: admin.email, password: newPassword })).status).toBe(200);
      const [event] = await ctx.db.query(
        `SELECT actor_id, context->>'operation' AS operation FROM audit_events
          WHERE action = 'password_reset' AND entity_id = $1`,
        [admin.id],
      );
      expect(event).toEqual({ actor_id: admin.id, operation: 'own_change' });
    });

    it('needs the current code too when the account has a second factor', async () => {
      const admin = await insertUser(ctx.db, { role: 'admin', withTotp: true });
      const cookie = await stolenCookie(admin);
      const newPassword = strongPassword();
      const path = `/api/users/${admin.id}/reset-password`;

      const withoutCode = await post(cookie, path, {
        password: newPassword,
        currentPassword: admin.password,
      });
      expectApiError(withoutCode, 400, ['totp']);

      const withCode = await post(cookie, path, {
        password: newPassword,
        currentPassword: admin.password,
        totp: await totpCode(admin.totpSecret as string, 1),
      });
      expect(withCode.status, JSON.stringify(withCode.body)).toBe(200);
    });

    it('cannot remove its own second factor, by either route, without password and code', async () => {
      const admin = await insertUser(ctx.db, { role: 'admin', withTotp: true });
      const cookie = await stolenCookie(admin);
      const nextCode = await totpCode(admin.totpSecret as string, 1);

      const reset = await post(cookie, `/api/users/${admin.id}/totp/reset`);
      const disable = await post(cookie, '/api/auth/totp/disable', { code: nextCode });

      expect(expectApiError(reset, 400, ['currentPassword', 'totp'])).toMatchObject({
        code: 'current_credentials_required',
      });
      expectApiError(disable, 400, ['currentPassword']);
      const [row] = await ctx.db.query(`SELECT totp_enabled FROM users WHERE id = $1`, [admin.id]);
      expect(row).toEqual({ totp_enabled: true });

      const proven = await post(cookie, '/api/auth/totp/disable', {
        code: nextCode,
        currentPassword: admin.password,
      });
      expect(proven.status, JSON.stringify(proven.body)).toBe(200);
    });

    it('cannot start an enrolment (put its own authenticator on the account) without the password', async () => {
      const observer = await insertUser(ctx.db, { role: 'observer' });
      const cookie = await stolenCookie(observer);

      const bare = await post(cookie, '/api/auth/totp/enrol');

      expectApiError(bare, 400, ['currentPassword']);
      const [row] = await ctx.db.query(`SELECT totp_secret FROM users WHERE id = $1`, [observer.id]);
      expect(row).toEqual({ totp_secret: null });
      expect(
        (await post(cookie, '/api/auth/totp/enrol', { currentPassword: observer.password })).status,
      ).toBe(200);
    });

    it('lets an admin reset another account without their credentials, audited as an admin reset', async () => {
      const admin = await insertUser(ctx.db, { role: 'admin' });
      const cookie = await stolenCookie(admin);
      const other = await insertUser(ctx.db, { role: 'observer', withTotp: true });

      const password = await post(cookie, `/api/users/${other.id}/reset-password`, {
        password: strongPassword(),
      });
      const totp = await post(cookie, `/api/users/${other.id}/totp/reset`);

      expect(password.status, JSON.stringify(password.body)).toBe(200);
      expect(totp.status, JSON.stringify(totp.body)).toBe(200);
      expect((totp.body as UserRecord).totpEnabled).toBe(false);
      const events = await ctx.db.query(
        `SELECT action, actor_id, context->>'operation' AS operation FROM audit_events
          WHERE entity_id = $1 AND action IN ('password_reset', 'totp_disabled') ORDER BY id`,
        [other.id],
      );
      expect(events).toEqual([
        { action: 'password_reset', actor_id: admin.id, operation: 'admin_reset' },
        { action: 'totp_disabled', actor_id: admin.id, operation: 'admin_reset' },
      ]);
    });
  });

  describe('retention of sign-in traces (item 14)', () => {
    it('is a daily scheduled job', () => {
      const job = ctx.app
        .get(ScheduledJobs)
        .registered()
        .find((entry) => entry.name === AUTH_RETENTION_JOB);

      expect(job?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    });

    it('deletes attempts and ended sessions older than 90 days, and nothing younger', async () => {
      const user = await insertUser(ctx.db, { role: 'observer' });
      const marker = uniqueEmail('retention');
      await ctx.db.query(
        `INSERT INTO login_attempts (at, ip, email, success)
         VALUES (now() - interval '91 days', '192.0.2.1', $1, false),
                (now() - interval '89 days', '192.0.2.2', $1, true)`,
        [marker],
      );
      const session = async (lastSeen: string, revoked: string | null) => {
        const [row] = await ctx.db.query(
          `INSERT INTO sessions (token_hash, user_id, ip, user_agent, created_at, last_seen_at, revoked_at)
           VALUES (md5(random()::text), $1, '192.0.2.3', 'Mozilla/5.0 (test)', now() - $2::interval,
                   now() - $2::interval, now() - $3::interval)
           RETURNING id`,
          [user.id, lastSeen, revoked],
        );
        return (row as { id: string }).id;
      };
      const idleLongAgo = await session('100 days', null);
      const revokedLongAgo = await session('120 days', '100 days');
      const idleRecently = await session('89 days', null);
      const revokedRecently = await session('120 days', '10 days');
      const live = await session('1 minute', null);

      const purged = await ctx.app.get(AuthRetention).run();

      expect(purged.loginAttempts).toBeGreaterThanOrEqual(1);
      expect(purged.sessions).toBeGreaterThanOrEqual(2);
      const attempts = await ctx.db.query(`SELECT ip FROM login_attempts WHERE email = $1`, [marker]);
      expect(attempts).toEqual([{ ip: '192.0.2.2' }]);
      const kept: { id: string }[] = await ctx.db.query(`SELECT id FROM sessions WHERE user_id = $1`, [
        user.id,
      ]);
      expect(kept.map((row) => row.id).sort()).toEqual([idleRecently, revokedRecently, live].sort());
      expect(kept.map((row) => row.id)).not.toContain(idleLongAgo);
      expect(kept.map((row) => row.id)).not.toContain(revokedLongAgo);
    });
  });
});
