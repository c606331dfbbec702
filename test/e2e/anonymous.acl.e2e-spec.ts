import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyFor, ROUTES, TOTP_CODE_ROUTES } from '../support/acl';
import { createObservation, expectApiError, observationInput, useApi } from '../support/e2e-api';
import { request } from '../support/http';
import { createUser } from '../support/users';

/**
 * Without a session nothing but `GET /api/health` and `POST /api/auth/login` answers (issue 3,
 * DESIGN §1.3): 401 in the JSON error format, before any look-up, so an id neither exists nor not.
 * A session cookie only changes data from our own origin.
 */
const GUARDED = [...ROUTES, ...TOTP_CODE_ROUTES];

/** A concrete request for a route: a random id, Calais for a commune, the whole-world tile, a valid body. */
async function concrete(route: string): Promise<{ method: string; path: string; body: unknown }> {
  const [method = '', template = ''] = route.split(' ');
  const path = template
    .replace(':code', '62193')
    .replace('{z}/{x}/{y}', '0/0/0')
    .replace(/:id/g, () => randomUUID());
  return { method, path, body: await bodyFor(route, null) };
}

describe('access without a session', () => {
  const api = useApi({ role: 'admin' });

  it('answers the health check to anyone: up or down only, no versions nor file check (issue 10)', async () => {
    const response = await api.as(null).get('/api/health');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it.each(GUARDED)('refuses %s without credentials with 401', async (route) => {
    const { method, path, body } = await concrete(route);
    expectApiError(await request(api.baseUrl, method, path, body), 401);
  });

  it.each(GUARDED)('refuses %s with a made-up bearer token with 401', async (route) => {
    const { method, path, body } = await concrete(route);
    const token = randomBytes(32).toString('base64url');
    expectApiError(await request(api.baseUrl, method, path, body, { authorization: `Bearer ${token}` }), 401);
  });

  it.each(GUARDED)('refuses %s with a made-up access token (vgt_…) with 401', async (route) => {
    const { method, path, body } = await concrete(route);
    const token = `vgt_${randomBytes(32).toString('base64url')}`;
    expectApiError(await request(api.baseUrl, method, path, body, { authorization: `Bearer ${token}` }), 401);
  });

  it('answers a calendar feed to its secret URL only: a made-up or malformed one is a 404', async () => {
    const token = randomBytes(32).toString('base64url');
    for (const path of [`/api/calendar/${token}.ics`, '/api/calendar/feed.ics', `/api/calendar/${token}`]) {
      expectApiError(await request(api.baseUrl, 'GET', path), 404);
    }
    const { url } = (await api.post<{ url: string }>('/api/auth/calendar-feed')).body;
    const feed = await request<string>(api.baseUrl, 'GET', new URL(url).pathname);
    expect(feed.status).toBe(200);
    expect(feed.body).toMatch(/^BEGIN:VCALENDAR/);
  });

  it('refuses a made-up session cookie with 401', async () => {
    const cookie = `vigie_session=${randomBytes(32).toString('base64url')}`;
    expectApiError(await request(api.baseUrl, 'GET', '/api/observations', undefined, { cookie }), 401);
  });

  describe('with the session cookie of a sign-in', () => {
    let cookie = '';
    const evil = { origin: 'https://evil.example' };

    beforeAll(async () => {
      const user = await createUser(api.dataSource, { role: 'coordinator' });
      const login = await request(api.baseUrl, 'POST', '/api/auth/login', {
        email: user.email,
        password: user.password,
      });
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      const setCookie = login.headers.getSetCookie().find((value) => value.startsWith('vigie_session='));
      expect(setCookie, 'session cookie').toBeDefined();
      cookie = setCookie!.split(';')[0]!;
    });

    it('reads with the cookie', async () => {
      const response = await request(api.baseUrl, 'GET', '/api/auth/me', undefined, { cookie, ...evil });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });

    it('refuses a cross-origin create with 403 and creates nothing', async () => {
      const body = observationInput({ id: randomUUID() });
      const response = await request(api.baseUrl, 'POST', '/api/observations', body, { cookie, ...evil });
      expectApiError(response, 403);
      expectApiError(await api.get(`/api/observations/${body.id as string}`), 404);
    });

    it.each([
      ['PATCH', { description: 'changed from elsewhere' }],
      ['PUT', observationInput({ description: 'replaced from elsewhere' })],
      ['DELETE', undefined],
    ] as const)(
      'refuses a cross-origin %s with 403 and leaves the record as it was',
      async (method, body) => {
        const record = await createObservation(api);
        const before = await api.get(`/api/observations/${record.id}`);
        const payload = body && { ...body, version: record.version };
        const response = await request(api.baseUrl, method, `/api/observations/${record.id}`, payload, {
          cookie,
          ...evil,
        });
        expectApiError(response, 403);
        expect((await api.get(`/api/observations/${record.id}`)).body).toEqual(before.body);
      },
    );

    it('refuses a cross-origin sign-out with 403 and the session stays open', async () => {
      expectApiError(
        await request(api.baseUrl, 'POST', '/api/auth/logout', undefined, { cookie, ...evil }),
        403,
      );
      expect((await request(api.baseUrl, 'GET', '/api/auth/me', undefined, { cookie })).status).toBe(200);
    });

    it('accepts a same-origin create with the cookie', async () => {
      const response = await request(api.baseUrl, 'POST', '/api/observations', observationInput(), {
        cookie,
        origin: api.baseUrl,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    });
  });
});
