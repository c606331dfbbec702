import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, zstdDecompressSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BYTES, fixture, uploadOk } from '../support/attachments';
import { ensureConsoleBuilt } from '../support/console-build';
import { createObservation, useApi } from '../support/e2e-api';

/**
 * Light on the wire (issue 13 item 6): API JSON compressed as the client asks, exports and stored
 * files sent as they are, the console's files precompressed and cached by name. Node's `fetch`
 * decompresses by itself, so these requests go through `node:http` to see the bytes as sent.
 */
const consoleDir = ensureConsoleBuilt();
const api = useApi({ env: { VIGIE_CONSOLE_DIR: consoleDir } });

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function rawGet(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${api.baseUrl}${path}`,
      { headers: { ...(api.token ? { authorization: `Bearer ${api.token}` } : {}), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function decoded(response: RawResponse): Buffer {
  switch (response.headers['content-encoding']) {
    case 'br':
      return brotliDecompressSync(response.body);
    case 'gzip':
      return gunzipSync(response.body);
    case 'zstd':
      return zstdDecompressSync(response.body);
    default:
      return response.body;
  }
}

describe('API responses', () => {
  const LIST = '/api/observations?_start=0&_end=100&_sort=startedAt&_order=DESC';

  beforeAll(async () => {
    // Enough records for a list well over the 1 KB threshold.
    for (let i = 0; i < 5; i++) await createObservation(api);
  });

  it('sends a JSON list in zstd, brotli or gzip as asked, the same JSON once decoded, and smaller', async () => {
    const plain = await rawGet(LIST, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);

    for (const encoding of ['zstd', 'br', 'gzip'] as const) {
      const compressed = await rawGet(LIST, { 'accept-encoding': encoding });
      expect(compressed.status).toBe(200);
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toMatch(/accept-encoding/i);
      expect(compressed.headers['x-total-count']).toBe(plain.headers['x-total-count']);
      expect(compressed.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(decoded(compressed).toString('utf8'))).toEqual(
        JSON.parse(plain.body.toString('utf8')),
      );
    }
    // Today's Chromium and Firefox: zstd, the cheapest for the server. Safari: brotli.
    const browser = await rawGet(LIST, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(browser.headers['content-encoding']).toBe('zstd');
    const safari = await rawGet(LIST, { 'accept-encoding': 'gzip, deflate, br' });
    expect(safari.headers['content-encoding']).toBe('br');
    // Node's own fetch and most scripts: gzip.
    const script = await rawGet(LIST, { 'accept-encoding': 'gzip, deflate' });
    expect(script.headers['content-encoding']).toBe('gzip');
  });

  it('compresses a large map answer in one piece, its compressed length announced', async () => {
    // The communes' outlines: well over the library's own limit for one-call compression (8 to
    // 64 KiB by the number of cores), which sent larger answers through a zlib stream, in chunks.
    const MAP = '/api/communes.geojson';
    const plain = await rawGet(MAP, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.body.length).toBeGreaterThan(64 * 1024);
    for (const encoding of ['zstd', 'br', 'gzip'] as const) {
      const compressed = await rawGet(MAP, { 'accept-encoding': encoding });
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers['transfer-encoding']).toBeUndefined();
      expect(compressed.headers['content-length']).toBe(String(compressed.body.length));
      expect(compressed.body.length).toBeLessThan(plain.body.length / 2);
      expect(decoded(compressed).equals(plain.body)).toBe(true);
    }
  });

  it('sends a small answer as it is', async () => {
    const small = await rawGet('/api/health', { 'accept-encoding': 'br, gzip' });
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('never compresses the sign-in answers, which carry secrets', async () => {
    const me = await rawGet('/api/auth/me', { 'accept-encoding': 'br, gzip' });
    expect(me.status).toBe(200);
    expect(me.headers['content-encoding']).toBeUndefined();
  });

  it('streams exports uncompressed, even to a client that accepts brotli', async () => {
    const csv = await rawGet('/api/exports/observations.csv?from=2025-03-01&to=2025-03-31', {
      'accept-encoding': 'br, gzip',
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-encoding']).toBeUndefined();
    expect(csv.headers['transfer-encoding']).toBe('chunked');
    // Plain CSV text as it was read (its header line at least: research rules may hold rows back).
    expect(csv.body.toString('utf8').split('\n')[0]).toMatch(/^[\w"]+(?:,[\w"]+)+/);
  });

  it('sends a stored image and PDF byte for byte, whatever the client accepts', async () => {
    const observation = await createObservation(api);
    const jpeg = fixture('exif-calais.jpg');
    const pdf = BYTES.pdf('compression');
    for (const [file, type, name] of [
      [jpeg, 'image/jpeg', 'photo.jpg'],
      [pdf, 'application/pdf', 'note.pdf'],
    ] as const) {
      const record = await uploadOk(api, [
        { name: 'observationId', value: observation.id },
        { name: 'file', file, filename: name, type },
      ]);
      const download = await rawGet(`/api/attachments/${record.id}/content`, {
        'accept-encoding': 'br, gzip',
      });
      expect(download.status).toBe(200);
      expect(download.headers['content-encoding']).toBeUndefined();
      expect(download.headers['content-type']).toBe(type);
      expect(download.body.equals(file)).toBe(true);
    }
  });
});

describe("the console's files", () => {
  const assets = readdirSync(join(consoleDir, 'assets'));
  const script = assets.find((name) => /\.js$/.test(name) && assets.includes(`${name}.br`));

  it('are sent precompressed from the build, cached for a year under /assets/', async () => {
    expect(script).toBeDefined();
    const original = readFileSync(join(consoleDir, 'assets', script!));
    for (const [encoding, extension] of [
      ['br', 'br'],
      ['gzip', 'gz'],
    ] as const) {
      const response = await rawGet(`/assets/${script}`, { 'accept-encoding': encoding });
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // The very file written at build, not a compression made for this request.
      expect(response.body.equals(readFileSync(join(consoleDir, 'assets', `${script}.${extension}`)))).toBe(
        true,
      );
      expect(decoded(response).equals(original)).toBe(true);
    }
    const plain = await rawGet(`/assets/${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('revalidate index.html at every use, at / and as the fallback of client routes', async () => {
    for (const path of ['/', '/index.html', '/some/client/route']) {
      const response = await rawGet(path, { 'accept-encoding': 'br, gzip' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(decoded(response).toString('utf8')).toContain('<div id="root">');
      // The security headers are still there.
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('keep unhashed files (service worker, manifest) out of long caching', async () => {
    const unhashed = readdirSync(consoleDir).filter((name) => /\.(?:js|webmanifest)$/.test(name));
    for (const name of unhashed) {
      const response = await rawGet(`/${name}`, { 'accept-encoding': 'br' });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });
});
