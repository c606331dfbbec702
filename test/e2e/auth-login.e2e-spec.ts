import { inject, describe, expect, it } from 'vitest';
import { startApp } from '../support/app';
import {
  BearerClient,
  insertUser,
  login,
  signIn,
  tokenHash,
  uniqueEmail,
  useAuthApp,
} from '../support/auth-e2e';
import { expectApiError } from '../support/e2e-api';
import { request } from '../support/http';

const SESSION_COOKIE = 'vigie_session';

/** The `Set-Cookie` of the session cookie, split into its name=value and lower-cased attributes. */
function sessionCookie(headers: Headers): { value: string; attributes: string[] } {
  const header = headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  expect(header, 'session Set-Cookie').toBeDefined();
  const [pair, ...attributes] = (header as string).split(';').map((part) => part.trim());
  return {
    value: (pair as string).slice(SESSION_COOKIE.length + 1),
    attributes: attributes.map((attribute) => attribute.toLowerCase()),
  };
}

describe('sign-in and sessions', () => {
  const ctx = useAuthApp();

  describe('POST /api/auth/login', () => {
    it('answers the token and the user, and sets an httpOnly SameSite=Strict session cookie', async () => {
      const user = await insertUser(ctx.db, { role: 'coordinator' });

      const response = await login(ctx.baseUrl, { email: user.email, password: user.password });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(response.body.user).toEqual({
        id: user.id,
        email: user.email,
        name: user.name,
        role: 'coordinator',
        totpEnabled: false,
        totpEnrollmentRequired: false,
      });
      const cookie = sessionCookie(response.headers);
      expect(cookie.value).toBe(response.body.token);
      expect(cookie.attributes).toContain('httponly');
      expect(cookie.attributes).toContain('samesite=strict');
      expect(cookie.attributes).toContain('path=/');
      // Served over plain HTTP here: a Secure cookie would never come back.
      expect(cookie.attributes).not.toContain('secure');
    });

    it('stores only the hash of the token', async () => {
      const user = await insertUser(ctx.db, { role: 'observer' });
      const client = await signIn(ctx.baseUrl, user);

      const stored = await ctx.db.query(`SELECT token_hash FROM sessions WHERE user_id = $1`, [user.id]);

      expect(stored).toEqual([{ token_hash: tokenHash(client.token) }]);
    });

    it('accepts the email in any case', async () => {
      const user = await insertUser(ctx.db, { role: 'observer', email: uniqueEmail('Mixed.Case') });

      const response = await login(ctx.baseUrl, { email: user.email.toUpperCase(), password: user.password });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });

    it('answers a wrong password and an unknown email with the same status and message', async () => {
      const user = await insertUser(ctx.db, { role: 'observer' });

      const wrongPassword = await login(ctx.baseUrl, { email: user.email, password: `${user.password}x` });
      const unknownEmail = await login(ctx.baseUrl, {
        email: uniqueEmail('nobody'),
        password: user.password,
      });

      const a = expectApiError(wrongPassword, 401);
      const b = expectApiError(unknownEmail, 401);
      expect(a.message).toBe(b.message);
      expect(a).toMatchObject({ code: 'invalid_credentials' });
      expect(b).toMatchObject({ code: 'invalid_credentials' });
      expect(wrongPassword.headers.getSetCookie()).toEqual([]);
    });

    it('audits the success and the failure', async () => {
      const user = await insertUser(ctx.db, { role: 'observer' });
      await login(ctx.baseUrl, { email: user.email, password: 'not the right one at all' });
      await signIn(ctx.baseUrl, user);

      const events: { action: string }[] = await ctx.db.query(
        `SELECT action FROM audit_events WHERE entity = 'users' AND entity_id = $1 ORDER BY id`,
        [user.id],
      );

      expect(events.map((event) => event.action)).toEqual(['login_failed', 'login']);
    });

    it('refuses a malformed body with 400', async () => {
      const response = await request(ctx.baseUrl, 'POST', '/api/auth/login', { email: 'nope', password: 1 });

      expectApiError(response, 400, ['email', 'password']);
    });
  });

  describe('lockout', () => {
    it('locks the account after 10 failures in a row, even for the right password, until the lock ends', async () => {
      const user = await insertUser(ctx.db, { role: 'legal' });

      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const response = await login(ctx.baseUrl, {
          email: user.email,
          password: `wrong password ${attempt}`,
        });
        expectApiError(response, 401);
      }
      const locked = await login(ctx.baseUrl, { email: user.email, password: user.password });
      const refusal = expectApiError(locked, 401);
      expect(refusal).toMatchObject({ code: 'invalid_credentials' });
      const [row] = await ctx.db.query(
        `SELECT locked_until > now() + interval '14 minutes' AS locked_15_min FROM users WHERE id = $1`,
        [user.id],
      );
      expect(row).toEqual({ locked_15_min: true });

      await ctx.db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [
        user.id,
      ]);
      const unlocked = await login(ctx.baseUrl, { email: user.email, password: user.password });

      expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    });

    it('counts failures in a row only: a success starts the count again', async () => {
      const user = await insertUser(ctx.db, { role: 'observer' });
      for (let attempt = 1; attempt <= 9; attempt += 1) {
        await login(ctx.baseUrl, { email: user.email, password: `wrong password ${attempt}` });
      }
      await signIn(ctx.baseUrl, user);
      await login(ctx.baseUrl, { email: user.email, password: 'wrong password again' });

      const response = await login(ctx.baseUrl, { email: user.email, password: user.password });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });
  });

  describe('rate limit per address', () => {
    it('answers 429 with Retry-After once the address has used up its failures', async () => {
      const limited = await startApp(inject('databaseUrl'), { VIGIE_LOGIN_MAX_FAILURES_PER_IP: '3' });
      try {
        await ctx.db.query(`DELETE FROM login_attempts`);
        const user = await insertUser(ctx.db, { role: 'observer' });
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          const response = await login(limited.baseUrl, {
            email: uniqueEmail('spray'),
            password: 'guess guess guess',
          });
          expectApiError(response, 401);
        }

        const fourth = await login(limited.baseUrl, { email: user.email, password: user.password });

        const body = expectApiError(fourth, 429);
        expect(body).toMatchObject({ code: 'too_many_attempts' });
        expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await ctx.db.query(`DELETE FROM login_attempts`);
        await limited.close();
      }
    });
  });

  describe('cookie sessions and Origin', () => {
    async function cookieOf(role: 'observer' | 'coordinator'): Promise<string> {
      const user = await insertUser(ctx.db, { role });
      const response = await login(ctx.baseUrl, { email: user.email, password: user.password });
      expect(response.status).toBe(200);
      return `${SESSION_COOKIE}=${sessionCookie(response.headers).value}`;
    }

    it('reads with the cookie alone', async () => {
      const cookie = await cookieOf('observer');

      const response = await request(ctx.baseUrl, 'GET', '/api/auth/me', undefined, { cookie });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });

    it('refuses a cookie-authenticated change without an Origin header', async () => {
      const cookie = await cookieOf('observer');

      const response = await request(ctx.baseUrl, 'POST', '/api/auth/logout', undefined, { cookie });

      expect(expectApiError(response, 403)).toMatchObject({ code: 'cross_origin' });
    });

    it('refuses a cookie-authenticated change from another origin', async () => {
      const cookie = await cookieOf('observer');

      const response = await request(ctx.baseUrl, 'POST', '/api/auth/logout', undefined, {
        cookie,
        origin: 'http://evil.example',
      });

      expect(expectApiError(response, 403)).toMatchObject({ code: 'cross_origin' });
    });

    it('accepts a cookie-authenticated change from its own origin', async () => {
      const cookie = await cookieOf('observer');

      const response = await request(ctx.baseUrl, 'POST', '/api/auth/logout', undefined, {
        cookie,
        origin: ctx.baseUrl,
      });

      expect(response.status, JSON.stringify(response.body)).toBe(204);
    });

    it('accepts a bearer-authenticated change without any Origin', async () => {
      const { client } = await ctx.signedIn('coordinator');

      const response = await client.post('/api/auth/logout');

      expect(response.status, JSON.stringify(response.body)).toBe(204);
    });
  });

  describe('session end', () => {
    it('revokes the session on logout: the token then gets 401', async () => {
      const { client } = await ctx.signedIn('observer');
      expect((await client.get('/api/auth/me')).status).toBe(200);

      expect((await client.post('/api/auth/logout')).status).toBe(204);

      expectApiError(await client.get('/api/auth/me'), 401);
    });

    it('expires a session idle for more than 12 hours', async () => {
      const { client } = await ctx.signedIn('observer');
      await ctx.db.query(
        `UPDATE sessions SET last_seen_at = now() - interval '11 hours' WHERE token_hash = $1`,
        [tokenHash(client.token)],
      );
      expect((await client.get('/api/auth/me')).status).toBe(200);

      await ctx.db.query(
        `UPDATE sessions SET last_seen_at = now() - interval '13 hours' WHERE token_hash = $1`,
        [tokenHash(client.token)],
      );

      expectApiError(await client.get('/api/auth/me'), 401);
    });

    it('refuses an unknown token and a request without any', async () => {
      expectApiError(await new BearerClient(ctx.baseUrl, 'not-a-token').get('/api/auth/me'), 401);
      expectApiError(await request(ctx.baseUrl, 'GET', '/api/auth/me'), 401);
    });
  });

  describe('deactivated account', () => {
    it('cannot sign in, and its open sessions are refused', async () => {
      const { client: admin } = await ctx.signedIn('admin');
      const { user, client } = await ctx.signedIn('observer');

      const deactivated = await admin.delete(`/api/users/${user.id}`);
      expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);

      expectApiError(await client.get('/api/auth/me'), 401);
      const refused = await login(ctx.baseUrl, { email: user.email, password: user.password });
      expect(expectApiError(refused, 401)).toMatchObject({ code: 'invalid_credentials' });
    });

    it('refuses open sessions even when the account is switched off behind the API', async () => {
      const { user, client } = await ctx.signedIn('observer');

      await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);

      expectApiError(await client.get('/api/auth/me'), 401);
    });
  });
});
