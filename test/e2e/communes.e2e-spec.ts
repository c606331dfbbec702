import type { CommuneRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { expectApiError, totalCount, useApi } from '../support/e2e-api';

interface MultiPolygon {
  type: string;
  coordinates: number[][][][];
}

interface CommuneFeatureCollection {
  type: string;
  features: { type: string; id: string; geometry: MultiPolygon; properties: CommuneRecord }[];
}

describe('communes (reference data)', () => {
  const api = useApi();

  describe('GET /api/communes', () => {
    it('counts the 137 communes of the coast in X-Total-Count', async () => {
      const response = await api.get<CommuneRecord[]>('/api/communes');

      expect(response.status).toBe(200);
      expect(totalCount(response)).toBe(137);
    });

    it('filters by area', async () => {
      const response = await api.get<CommuneRecord[]>('/api/communes?area=calaisis&_end=1000');

      expect(response.status).toBe(200);
      expect(totalCount(response)).toBeGreaterThan(0);
      expect(response.body).toHaveLength(totalCount(response));
      expect(response.body.every((commune) => commune.area === 'calaisis')).toBe(true);
    });

    it('finds Calais by name with q', async () => {
      const response = await api.get<CommuneRecord[]>('/api/communes?q=calais');

      expect(response.status).toBe(200);
      expect(response.body.map((commune) => commune.code)).toContain('62193');
    });

    it('sorts by population, largest first', async () => {
      const all = await api.get<CommuneRecord[]>('/api/communes?_end=1000');
      const sorted = await api.get<CommuneRecord[]>('/api/communes?_sort=population&_order=DESC&_end=5');
      const largest = Math.max(...all.body.map((commune) => commune.population ?? 0));

      expect(sorted.status).toBe(200);
      expect(sorted.body[0]?.population).toBe(largest);
      const populations = sorted.body.map((commune) => commune.population ?? 0);
      expect(populations).toEqual([...populations].sort((a, b) => b - a));
    });

    it('refuses an unknown filter', async () => {
      const response = await api.get('/api/communes?mayor=someone');

      expectApiError(response, 400, ['mayor']);
    });
  });

  describe('GET /api/communes/:code', () => {
    it('answers Calais with its MultiPolygon outline', async () => {
      const response = await api.get<CommuneRecord & { geometry: MultiPolygon }>('/api/communes/62193');

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ code: '62193', name: 'Calais', area: 'calaisis' });
      expect(response.body.geometry.type).toBe('MultiPolygon');
      expect(response.body.geometry.coordinates.length).toBeGreaterThan(0);
    });

    it('answers 404 for an unknown code', async () => {
      const response = await api.get('/api/communes/99999');

      expectApiError(response, 404);
    });
  });

  describe('GET /api/communes.geojson', () => {
    it('returns the Dunkerquois communes as a FeatureCollection of MultiPolygons', async () => {
      const response = await api.get<CommuneFeatureCollection>('/api/communes.geojson?area=dunkerquois');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(response.body.type).toBe('FeatureCollection');
      expect(response.body.features.length).toBe(totalCount(response));
      expect(response.body.features.length).toBeGreaterThan(0);
      for (const feature of response.body.features) {
        expect(feature.type).toBe('Feature');
        expect(feature.geometry.type).toBe('MultiPolygon');
        expect(feature.properties.area).toBe('dunkerquois');
      }
      const codes = response.body.features.map((feature) => feature.properties.code);
      expect(codes).toEqual(expect.arrayContaining(['59183', '59271']));
    });
  });
});
