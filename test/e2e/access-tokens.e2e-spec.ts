import { createHash, randomUUID } from 'node:crypto';
import { addDays, type NewAccessToken, parisToday, type AccessTokenView, type Role } from '@vigie/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bodyFor, ROUTES, TOTP_CODE_ROUTES } from '../support/acl';
import { totpCode } from '../support/auth-e2e';
import { type ApiClient, expectApiError, signedInAs, useApi } from '../support/e2e-api';
import { download, expectFile, unzip } from '../support/exports';
import type { JsonResponse } from '../support/http';
import { createSessionToken, createUser } from '../support/users';

const RATE_PER_MINUTE = 5;
const api = useApi({ env: { VIGIE_ACCESS_TOKEN_RATE_PER_MINUTE: String(RATE_PER_MINUTE) } });

const PERIOD = 'from=2031-01-01&to=2031-01-31';
const inDays = (days: number) => addDays(parisToday(), days);

/** Every secret the file made, to look for them where they must never be. */
const secrets: string[] = [];
let output = '';

beforeAll(() => {
  // What the app writes to the terminal (Nest's logger writes there, not through console).
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterAll(() => vi.restoreAllMocks());

/** `POST /api/auth/tokens` as `client`, with its password, for 30 days unless `body` says otherwise. */
function createToken(
  client: ApiClient,
  body: Record<string, unknown> = {},
): Promise<JsonResponse<NewAccessToken>> {
  return client.post<NewAccessToken>('/api/auth/tokens', {
    name: `Script ${randomUUID().slice(0, 8)}`,
    scopes: ['stats'],
    expiresAt: inDays(30),
    currentPassword: client.user!.password,
    ...body,
  });
}

async function newToken(client: ApiClient, body: Record<string, unknown> = {}): Promise<NewAccessToken> {
  const response = await createToken(client, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  secrets.push(response.body.token);
  return response.body;
}

/** The same app, with the token as the only credential. */
const withToken = (token: string) => api.as(token);

async function auditOf(tokenId: string): Promise<{ action: string; diff: unknown; context: unknown }[]> {
  return (await api.dataSource.query(
    `SELECT action, diff, context FROM audit_events WHERE entity = 'access_tokens' AND entity_id = $1 ORDER BY id`,
    [tokenId],
  )) as { action: string; diff: unknown; context: unknown }[];
}

describe('personal access tokens (DESIGN §5)', () => {
  let researcher: ApiClient;
  beforeAll(async () => {
    researcher = await signedInAs(api, 'researcher');
  });

  describe('create and list', () => {
    it('answers the secret once, stores only its SHA-256, and never lists it', async () => {
      const response = await createToken(researcher, {
        name: '  Script R — thèse  ',
        scopes: ['stats', 'exports'],
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const created = response.body;
      secrets.push(created.token);
      expect(created.token).toMatch(/^vgt_[A-Za-z0-9_-]{43}$/);
      expect(created).toMatchObject({
        name: 'Script R — thèse',
        prefix: created.token.slice(0, 12),
        scopes: ['exports', 'stats'],
        status: 'active',
        lastUsedAt: null,
        revokedAt: null,
      });
      // Valid through the chosen Paris day.
      expect(new Date(created.expiresAt).getTime()).toBeGreaterThan(Date.now() + 30 * 86_400_000);

      const list = await researcher.get<AccessTokenView[]>('/api/auth/tokens');
      expect(list.status).toBe(200);
      const listed = list.body.find((token) => token.id === created.id);
      expect(listed).toEqual({ ...created, token: undefined, createdAt: listed?.createdAt });
      expect(listed).not.toHaveProperty('token');
      expect(JSON.stringify(list.body)).not.toContain(created.token.slice(12));

      const [row] = (await api.dataSource.query(`SELECT * FROM access_tokens WHERE id = $1`, [
        created.id,
      ])) as Record<string, unknown>[];
      expect(row!.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(created.token.slice(12));
    });

    it("lists the user's own tokens only", async () => {
      const other = await signedInAs(api, 'researcher');
      const mine = await newToken(researcher);
      const theirs = await newToken(other);
      const ids = (await researcher.get<AccessTokenView[]>('/api/auth/tokens')).body.map((token) => token.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
    });

    it('asks for the current password, and the code when the account has a second factor', async () => {
      const missing = await createToken(researcher, { currentPassword: undefined });
      expectApiError(missing, 400);
      expect(missing.body).toMatchObject({
        code: 'current_credentials_required',
        errors: { currentPassword: expect.any(String) },
      });
      const wrong = await createToken(researcher, { currentPassword: 'not my password at all' });
      expectApiError(wrong, 400);
      expect(wrong.body).toMatchObject({ code: 'current_credentials_invalid' });

      const user = await createUser(api.dataSource, { role: 'researcher', withTotp: true });
      const secured = api.as(await createSessionToken(api.dataSource, user.id), user);
      const noCode = await createToken(secured);
      expectApiError(noCode, 400);
      expect(noCode.body).toMatchObject({ errors: { totp: expect.any(String) } });
      expect((await createToken(secured, { totp: await totpCode(user.totpSecret!) })).status).toBe(201);
      const count = (await api.dataSource.query(
        `SELECT count(*)::int AS n FROM access_tokens WHERE user_id = $1`,
        [user.id],
      )) as { n: number }[];
      expect(count[0]!.n).toBe(1);
    });

    it.each([
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['users'] }, 'scopes'],
      [{ scopes: ['stats', 'stats'] }, 'scopes'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ expiresAt: inDays(-1) }, 'expiresAt'],
      [{ expiresAt: inDays(400) }, 'expiresAt'],
      [{ expiresAt: '2027-02-30' }, 'expiresAt'],
      [{ expiresAt: undefined }, 'expiresAt'],
      [{ token: 'vgt_mine' }, 'token'],
    ])('refuses %j with a 400 naming the field, and makes no token', async (body, field) => {
      const before = (await researcher.get<AccessTokenView[]>('/api/auth/tokens')).body.length;
      const response = await createToken(researcher, body);
      expectApiError(response, 400);
      expect(Object.keys((response.body as { errors?: object }).errors ?? {})).toContain(field);
      expect((await researcher.get<AccessTokenView[]>('/api/auth/tokens')).body).toHaveLength(before);
    });

    it("refuses a scope the user's role may not hold (403), and allows the others", async () => {
      const observer = await signedInAs(api, 'observer');
      const refused = await createToken(observer, { scopes: ['exports', 'stats'] });
      expectApiError(refused, 403);
      expect(refused.body).toMatchObject({
        code: 'access_token_scope_not_allowed',
        errors: { scopes: expect.any(String) },
      });
      expect((await observer.get<AccessTokenView[]>('/api/auth/tokens')).body).toEqual([]);
      await newToken(observer, { scopes: ['stats'] });
    });

    it('holds at most 10 active tokens per account (409), and counts revoked ones out', async () => {
      const busy = await signedInAs(api, 'researcher');
      const made = [];
      for (let i = 0; i < 10; i += 1) made.push(await newToken(busy));
      const eleventh = await createToken(busy);
      expectApiError(eleventh, 409);
      expect(eleventh.body).toMatchObject({ code: 'access_token_limit_reached' });
      expect((await busy.delete(`/api/auth/tokens/${made[0]!.id}`)).status).toBe(204);
      await newToken(busy);
    });
  });

  describe('use', () => {
    it('reads the statistics as its user, with no password nor session, and notes when it was used', async () => {
      const { token, id } = await newToken(researcher);
      const viaToken = await withToken(token).get(`/api/stats/summary?${PERIOD}`);
      expect(viaToken.status, JSON.stringify(viaToken.body)).toBe(200);
      const viaSession = await researcher.get(`/api/stats/summary?${PERIOD}`);
      expect(viaToken.body).toEqual(viaSession.body);
      const series = await withToken(token).get(`/api/stats/series?${PERIOD}&interval=week&metric=evictions`);
      expect(series.status, JSON.stringify(series.body)).toBe(200);
      const listed = (await researcher.get<AccessTokenView[]>('/api/auth/tokens')).body.find(
        (t) => t.id === id,
      );
      expect(listed?.lastUsedAt).not.toBeNull();
    });

    it('downloads the data package with an exports token, at the research level only for a researcher', async () => {
      const { token, id, prefix } = await newToken(researcher, { scopes: ['exports'] });
      const client = withToken(token);
      const zip = await download(client, `/api/exports/datapackage.zip?${PERIOD}`);
      expectFile(zip, /^application\/zip/);
      expect([...(await unzip(zip.bytes)).keys()]).toContain('datapackage.json');
      // The export's audit event names the token it was made with (its id), never its secret.
      const lastExport = async () =>
        (
          (await api.dataSource.query(
            `SELECT context FROM audit_events WHERE action = 'export' ORDER BY id DESC LIMIT 1`,
          )) as { context: Record<string, unknown> }[]
        )[0]?.context;
      const audited = await lastExport();
      expect(audited).toMatchObject({ file: 'datapackage.zip', accessTokenId: id });
      expect(JSON.stringify(audited)).not.toContain(token);
      expect(JSON.stringify(audited)).not.toContain(token.slice(prefix.length));
      expectFile(await download(researcher, `/api/exports/datapackage.zip?${PERIOD}`), /^application\/zip/);
      expect(await lastExport()).toMatchObject({ file: 'datapackage.zip', accessTokenId: null });
      const internal = await download(client, `/api/exports/observations.csv?${PERIOD}&level=internal`);
      expect(internal.status, internal.text).toBe(403);
      const stats = await client.get(`/api/stats/summary?${PERIOD}`);
      expectApiError(stats, 403);
      expect(stats.body).toMatchObject({ code: 'access_token_scope_missing' });
    });

    it('is refused (401) by every route that is not an export or a statistic, even an admin token', async () => {
      const admin = await signedInAs(api, 'admin');
      const { token, id } = await newToken(admin, { scopes: ['exports', 'stats'] });
      const client = withToken(token);
      const requests: [string, string, unknown?][] = [
        ['GET', '/api/observations'],
        ['GET', '/api/users'],
        ['GET', '/api/audit-events'],
        ['GET', '/api/meta'],
        ['GET', '/api/auth/me'],
        ['POST', '/api/auth/logout'],
        ['GET', '/api/auth/tokens'],
        [
          'POST',
          '/api/auth/tokens',
          { name: 'minted', scopes: ['stats'], expiresAt: inDays(10), currentPassword: admin.user!.password },
        ],
        ['DELETE', `/api/auth/tokens/${id}`],
        ['POST', '/api/sites', {}],
      ];
      for (const [method, path, body] of requests) {
        const response = await client.call(method, path, body);
        expectApiError(response, 401);
        expect(response.body, `${method} ${path}`).toMatchObject({ code: 'access_token_not_accepted' });
      }
      // Nothing was minted nor revoked, and the token still works where it should.
      const mine = (await admin.get<AccessTokenView[]>('/api/auth/tokens')).body;
      expect(mine.map((t) => [t.id, t.status])).toEqual([[id, 'active']]);
      expect((await client.get(`/api/stats/summary?${PERIOD}`)).status).toBe(200);
      const refusals = (await auditOf(id)).filter((event) => event.action === 'token_refused');
      expect(refusals).toHaveLength(requests.length);
      expect(refusals[0]!.context).toMatchObject({
        method: 'GET',
        path: '/api/observations',
        reason: 'not_accepted',
      });
    });

    describe('on every guarded route', () => {
      const TOKEN_ROUTES = /^GET \/api\/(stats|exports)\//;
      let adminToken: string;
      beforeAll(async () => {
        adminToken = (await newToken(await signedInAs(api, 'admin'), { scopes: ['exports', 'stats'] })).token;
      });
      it.each([...ROUTES, ...TOTP_CODE_ROUTES].filter((route) => !TOKEN_ROUTES.test(route)))(
        "refuses an admin's live token on %s with 401 access_token_not_accepted",
        async (route) => {
          const [method = '', template = ''] = route.split(' ');
          const path = template
            .replace(':code', '62193')
            .replace('{z}/{x}/{y}', '0/0/0')
            .replace(/:id/g, () => randomUUID());
          const response = await withToken(adminToken).call(method, path, await bodyFor(route, null));
          expectApiError(response, 401);
          expect(response.body).toMatchObject({ code: 'access_token_not_accepted' });
        },
      );
    });

    it('stops working once revoked (401 access_token_revoked), for good', async () => {
      const { token, id } = await newToken(researcher);
      expect((await withToken(token).get(`/api/stats/summary?${PERIOD}`)).status).toBe(200);
      expect((await researcher.delete(`/api/auth/tokens/${id}`)).status).toBe(204);
      const refused = await withToken(token).get(`/api/stats/summary?${PERIOD}`);
      expectApiError(refused, 401);
      expect(refused.body).toMatchObject({ code: 'access_token_revoked' });
      const listed = (await researcher.get<AccessTokenView[]>('/api/auth/tokens')).body.find(
        (t) => t.id === id,
      );
      expect(listed).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
      // Revoking again changes nothing.
      expect((await researcher.delete(`/api/auth/tokens/${id}`)).status).toBe(204);
      expect((await auditOf(id)).filter((event) => event.action === 'token_revoked')).toHaveLength(1);
    });

    it('stops working once expired (401 access_token_expired)', async () => {
      const { token, id } = await newToken(researcher);
      await api.dataSource.query(
        `UPDATE access_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'
          WHERE id = $1`,
        [id],
      );
      const refused = await withToken(token).get(`/api/stats/summary?${PERIOD}`);
      expectApiError(refused, 401);
      expect(refused.body).toMatchObject({ code: 'access_token_expired' });
      const listed = (await researcher.get<AccessTokenView[]>('/api/auth/tokens')).body.find(
        (t) => t.id === id,
      );
      expect(listed?.status).toBe('expired');
    });

    it('is refused (401 access_token_invalid) when unknown, malformed, or its account deactivated', async () => {
      for (const token of [`vgt_${'A'.repeat(43)}`, 'vgt_short', `vgt_${'A'.repeat(43)}x`]) {
        const response = await withToken(token).get(`/api/stats/summary?${PERIOD}`);
        expectApiError(response, 401);
        expect(response.body).toMatchObject({ code: 'access_token_invalid' });
      }
      const leaving = await signedInAs(api, 'researcher');
      const { token } = await newToken(leaving);
      await api.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [leaving.user!.id]);
      const response = await withToken(token).get(`/api/stats/summary?${PERIOD}`);
      expectApiError(response, 401);
      expect(response.body).toMatchObject({ code: 'access_token_invalid' });
    });

    it("follows its user's role as it is now: no more exports once the role may not export", async () => {
      const changing = await signedInAs(api, 'researcher');
      const { token } = await newToken(changing, { scopes: ['exports', 'stats'] });
      expect((await download(withToken(token), `/api/exports/observations.csv?${PERIOD}`)).status).toBe(200);
      await api.dataSource.query(`UPDATE users SET role = 'observer' WHERE id = $1`, [changing.user!.id]);
      const exported = await download(withToken(token), `/api/exports/observations.csv?${PERIOD}`);
      expect(exported.status, exported.text).toBe(403);
      expect((await withToken(token).get(`/api/stats/summary?${PERIOD}`)).status).toBe(200);
    });

    it('lets nobody else revoke a token, not even an admin (404), and it keeps working', async () => {
      const { token, id } = await newToken(researcher);
      for (const role of ['researcher', 'admin'] as Role[]) {
        const other = await signedInAs(api, role);
        const response = await other.delete(`/api/auth/tokens/${id}`);
        expectApiError(response, 404);
      }
      expectApiError(await researcher.delete(`/api/auth/tokens/${randomUUID()}`), 404);
      expectApiError(await researcher.delete('/api/auth/tokens/not-a-uuid'), 400);
      expect((await withToken(token).get(`/api/stats/summary?${PERIOD}`)).status).toBe(200);
    });

    it(`allows ${RATE_PER_MINUTE} requests a minute per token, then 429 with Retry-After`, async () => {
      const { token } = await newToken(researcher);
      const other = await newToken(researcher);
      const statuses: number[] = [];
      let limited: JsonResponse | null = null;
      // Fixed one-minute windows: within 2 × limit + 1 requests, one window is over the limit.
      for (let i = 0; i < 2 * RATE_PER_MINUTE + 1 && !limited; i += 1) {
        const response = await withToken(token).get(`/api/stats/summary?${PERIOD}`);
        statuses.push(response.status);
        if (response.status === 429) limited = response;
      }
      expect(statuses.slice(0, RATE_PER_MINUTE)).toEqual(Array(RATE_PER_MINUTE).fill(200));
      expect(limited, statuses.join(' ')).not.toBeNull();
      expectApiError(limited!, 429);
      expect(limited!.body).toMatchObject({ code: 'access_token_rate_limited' });
      const retryAfter = Number(limited!.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another token of the same user has its own count.
      expect((await withToken(other.token).get(`/api/stats/summary?${PERIOD}`)).status).toBe(200);
    });
  });

  describe('audit', () => {
    it('records the creation, each use with its route, and the revocation, never the secret', async () => {
      const { token, id, prefix } = await newToken(researcher, { scopes: ['stats'] });
      await withToken(token).get(`/api/stats/summary?${PERIOD}`);
      await withToken(token).get(`/api/stats/summary?${PERIOD}&area=calaisis`);
      expect((await researcher.delete(`/api/auth/tokens/${id}`)).status).toBe(204);
      const events = await auditOf(id);
      expect(events.map((event) => event.action)).toEqual([
        'token_created',
        'token_used',
        'token_used',
        'token_revoked',
      ]);
      expect(events[0]!.diff).toMatchObject({
        prefix: { before: null, after: prefix },
        scopes: { after: ['stats'] },
      });
      expect(events[1]!.context).toMatchObject({
        method: 'GET',
        path: `/api/stats/summary?${PERIOD}`,
        scope: 'stats',
      });
      expect(events[2]!.context).toMatchObject({ path: `/api/stats/summary?${PERIOD}&area=calaisis` });
      const hash = createHash('sha256').update(token).digest('hex');
      for (const event of events) {
        expect(JSON.stringify(event)).not.toContain(token.slice(12));
        expect(JSON.stringify(event)).not.toContain(hash);
      }
      const [actor] = (await api.dataSource.query(
        `SELECT DISTINCT actor_id FROM audit_events WHERE entity = 'access_tokens' AND entity_id = $1`,
        [id],
      )) as { actor_id: string }[];
      expect(actor!.actor_id).toBe(researcher.user!.id);
    });

    it('keeps a secret misplaced in the URL out of the audit trail', async () => {
      const { token, id } = await newToken(researcher);
      await withToken(token).get(`/api/stats/summary?${PERIOD}&token=${token}`);
      const events = await auditOf(id);
      expect(JSON.stringify(events)).not.toContain(token.slice(12));
    });

    it('never writes a secret of this file to the audit trail or the logs', async () => {
      expect(secrets.length).toBeGreaterThan(10);
      const [trail] = (await api.dataSource.query(
        `SELECT string_agg(coalesce(diff::text, '') || coalesce(context::text, ''), ' ') AS text FROM audit_events`,
      )) as { text: string }[];
      for (const secret of secrets) {
        expect(trail!.text).not.toContain(secret.slice(12));
        expect(output).not.toContain(secret.slice(12));
      }
    });
  });
});
