import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BYTES, upload } from '../support/attachments';
import { createObservation, expectApiError, useApi } from '../support/e2e-api';

interface HealthBody {
  status: string;
  database: { status: string; postgis: string; latencyMs: number };
}

interface MetaBody {
  demoData: boolean;
  demoGeneratedAt: string | null;
  geodataAttribution: string;
  maxUploadMb: number;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, unknown>>;
}

describe('platform endpoints', () => {
  const api = useApi();

  describe('GET /api/health', () => {
    it('reports to an admin the database up with its PostGIS version', async () => {
      const response = await api.get<HealthBody>('/api/health');

      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.database.status).toBe('up');
      expect(response.body.database.postgis).toMatch(/^3\.\d+/);
      expect(response.body.database.latencyMs).toBeGreaterThanOrEqual(0);
    });
  });

  describe('GET /api/meta', () => {
    it('says the test database holds no demo data', async () => {
      const response = await api.get<MetaBody>('/api/meta');

      expect(response.status).toBe(200);
      expect(response.body.demoData).toBe(false);
      expect(response.body.demoGeneratedAt).toBeNull();
    });

    it('gives the attribution of the commune outlines and codes', async () => {
      const response = await api.get<MetaBody>('/api/meta');

      expect(response.body.geodataAttribution).toMatch(/IGN/);
      expect(response.body.geodataAttribution).toMatch(/INSEE/);
      expect(response.body.geodataAttribution).toMatch(/Licence Ouverte/);
    });

    it('gives the default upload limit, 100 MB', async () => {
      const response = await api.get<MetaBody>('/api/meta');

      expect(response.body.maxUploadMb).toBe(100);
    });
  });

  describe('GET /api/docs-json', () => {
    it('is an OpenAPI 3 document listing the observation endpoints', async () => {
      const response = await api.get<OpenApiDocument>('/api/docs-json');

      expect(response.status).toBe(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining(['/api/observations', '/api/observations/{id}']),
      );
      expect(Object.keys(response.body.paths['/api/observations'] ?? {})).toEqual(
        expect.arrayContaining(['get', 'post']),
      );
      expect(Object.keys(response.body.paths['/api/observations/{id}'] ?? {})).toEqual(
        expect.arrayContaining(['get', 'put', 'patch', 'delete']),
      );
    });
  });

  describe('GET /api/docs', () => {
    it('answers the Swagger UI as HTML', async () => {
      const response = await fetch(`${api.baseUrl}/api/docs`);
      const text = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(text).toMatch(/swagger/i);
    });
  });

  describe('unknown routes', () => {
    it('answers an unknown /api path with a 404 in the JSON error format', async () => {
      const response = await api.get('/api/nope');

      expectApiError(response, 404);
    });

    it('answers a method the path does not support with a JSON 4xx, not an HTML page', async () => {
      const response = await api.delete('/api/observations');

      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expectApiError(response, response.status);
    });

    it('answers a write to read-only reference data with a JSON 4xx', async () => {
      const response = await api.put('/api/communes/62193', { name: 'Calais' });

      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expectApiError(response, response.status);
    });
  });
});

describe('GET /api/meta on a server with a 3 MB upload limit', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-meta-'));
  const api = useApi({ env: { VIGIE_MAX_UPLOAD_MB: '3', VIGIE_DATA_DIR: dataDir } });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives the limit the server applies to uploads, in the words of its 413', async () => {
    const response = await api.get<MetaBody>('/api/meta');

    expect(response.status).toBe(200);
    expect(response.body.maxUploadMb).toBe(3);

    const observation = await createObservation(api);
    const limit = response.body.maxUploadMb * 1024 * 1024;
    const pdf = BYTES.pdf();
    const atLimit = await upload(api, [
      { name: 'observationId', value: observation.id },
      { name: 'file', file: Buffer.concat([pdf, Buffer.alloc(limit - pdf.length, 0x20)]), filename: 'a.pdf' },
    ]);
    expect(atLimit.status, JSON.stringify(atLimit.body)).toBe(201);
    const overLimit = await upload(api, [
      { name: 'observationId', value: observation.id },
      {
        name: 'file',
        file: Buffer.concat([pdf, Buffer.alloc(limit - pdf.length + 1, 0x20)]),
        filename: 'b.pdf',
      },
    ]);
    expect(overLimit.status).toBe(413);
    expect(overLimit.body).toMatchObject({ message: 'The file is larger than 3 MB' });
  });
});
