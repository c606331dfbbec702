import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app';
import { ensureConsoleBuilt } from '../support/console-build';
import { useApi } from '../support/e2e-api';
import { requestReport, testQueue, waitForReport } from '../support/reports';

/**
 * Security headers from the attacker's side (issue 10 item 15): every kind of response — API JSON,
 * API errors, the OpenAPI UI, the console's files and a report download — carries them.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'vigie-headers-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const consoleDir = ensureConsoleBuilt();
const api = useApi({
  env: {
    VIGIE_CONSOLE_DIR: consoleDir,
    VIGIE_DATA_DIR: dataDir,
    VIGIE_REPORT_QUEUE: testQueue('headers'),
    VIGIE_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png',
  },
});

async function get(path: string, baseUrl = api.baseUrl, token: string | null = api.token): Promise<Response> {
  return fetch(`${baseUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** The CSP directives of a response, by name. */
function csp(response: Response): Map<string, string> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
  );
}

/** The headers every response must carry, whatever its own CSP. */
function expectCommonHeaders(response: Response): void {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  // Plain http here (no https VIGIE_PUBLIC_URL): no HSTS, which would lock browsers out.
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

/** The site-wide policy: nothing but our own scripts, no framing, no plugins. */
function expectSitePolicy(response: Response): void {
  expectCommonHeaders(response);
  const directives = csp(response);
  expect(directives.get('default-src')).toBe("'self'");
  expect(directives.get('script-src')).toBe("'self'");
  expect(directives.get('script-src-attr')).toBe("'none'");
  expect(directives.get('object-src')).toBe("'none'");
  expect(directives.get('frame-ancestors')).toBe("'none'");
  expect(directives.get('base-uri')).toBe("'none'");
  expect(directives.get('connect-src')).toBe("'self'");
  expect(directives.get('worker-src')).toBe("'self'");
  expect(directives.get('manifest-src')).toBe("'self'");
  const header = response.headers.get('content-security-policy') ?? '';
  expect(header).not.toMatch(/unsafe-eval/);
  expect(directives.get('script-src')).not.toMatch(/unsafe-inline/);
  expect(directives.has('upgrade-insecure-requests')).toBe(false);
}

describe('security headers', () => {
  it('come with an API JSON response, the tile server allowed for images only', async () => {
    const response = await get('/api/meta');
    expect(response.status).toBe(200);
    expectSitePolicy(response);
    expect(csp(response).get('img-src')).toBe("'self' data: https://*.tiles.example.org");
  });

  it('come with API errors: unauthenticated 401 and unknown route 404', async () => {
    const unauthenticated = await get('/api/observations', api.baseUrl, null);
    expect(unauthenticated.status).toBe(401);
    expectSitePolicy(unauthenticated);
    const unknown = await get('/api/no-such-route');
    expect(unknown.status).toBe(404);
    expectSitePolicy(unknown);
  });

  it('come with the console index and its script files', async () => {
    const index = await get('/', api.baseUrl, null);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expectSitePolicy(index);
    const html = await index.text();
    // Every script of the console is a file: the CSP needs no inline script.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /<script[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const file = await get(script!, api.baseUrl, null);
    expect(file.status).toBe(200);
    expectSitePolicy(file);
    // A client route (the console's fallback to index.html) too.
    const route = await get('/some/client/route', api.baseUrl, null);
    expect(route.status).toBe(200);
    expectSitePolicy(route);
  });

  it('come with the OpenAPI UI, whose page has no inline script', async () => {
    const response = await get('/api/docs', api.baseUrl, null);
    expect(response.status).toBe(200);
    expectSitePolicy(response);
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/validator\.swagger\.io/);
    const init = await get('/api/docs/swagger-ui-init.js', api.baseUrl, null);
    expect(init.status).toBe(200);
    expect(await init.text()).toMatch(/"validatorUrl":\s*null/);
  });

  it('come with a report PDF download, whose own CSP stays the stricter one', async () => {
    const queued = await requestReport(api);
    const { report } = await waitForReport(api, queued.id);
    expect(report.status).toBe('done');
    const response = await get(`/api/reports/${report.id}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expectCommonHeaders(response);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    await response.arrayBuffer();
  });

  it('keep the report preview unframeable, and its own CSP', async () => {
    const response = await get(
      '/api/reports/preview?kind=monthly-note&from=2025-03-01&to=2025-03-31&lang=fr',
    );
    expect(response.status).toBe(200);
    expectCommonHeaders(response);
    const directives = csp(response);
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    await response.text();
  });
});

describe('security headers over TLS (VIGIE_PUBLIC_URL is https)', () => {
  let running: RunningApp;
  afterAll(async () => {
    await running?.close();
  });

  it('add HSTS and upgrade-insecure-requests', async () => {
    running = await startApp(inject('databaseUrl'), { VIGIE_PUBLIC_URL: 'https://vigie.example.org' });
    const response = await get('/api/meta', running.baseUrl, api.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(csp(response).has('upgrade-insecure-requests')).toBe(true);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
