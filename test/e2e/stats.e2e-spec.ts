import { AREAS, FORCE_UNITS, INCIDENT_TYPES, OBSERVATION_KINDS, SEIZURE_ITEMS } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatsSeries, StatsSummary } from '@vigie/domain';
import {
  type ApiClient,
  createIncident,
  createObservation,
  createSite,
  expectApiError,
  PLACES,
  signedInAs,
  useApi,
} from '../support/e2e-api';

const api = useApi();

/*
 * A known data set in March and April 2040, a period no other test file writes to: statistics
 * count everything stored for a period.
 */
const MARCH = 'from=2040-03-01&to=2040-03-31';

async function validate(path: string, id: string): Promise<void> {
  expect((await api.post(`/api/${path}/${id}/submit`)).status).toBe(200);
  expect((await api.post(`/api/${path}/${id}/validate`)).status).toBe(200);
}

beforeAll(async () => {
  const validated = [
    // The last evening of March in Paris (21:30Z): March.
    { startedAt: '2040-03-31T23:30:00+02:00', endedAt: null },
    {
      startedAt: '2040-03-05T07:00:00+01:00',
      endedAt: null,
      kind: 'large_eviction',
      interpretersPresent: false,
    },
    {
      startedAt: '2040-03-12T07:00:00+01:00',
      endedAt: null,
      location: { type: 'Point', coordinates: [...PLACES.grandeSynthe] },
      seizures: [
        { item: 'tarp', quantity: 3, destroyed: false },
        { item: 'blanket', quantity: 7, destroyed: true },
      ],
    },
    // 00:30 on 1 April in Paris is still 31 March in UTC: April.
    { startedAt: '2040-04-01T00:30:00+02:00', endedAt: null },
  ];
  for (const overrides of validated) {
    await validate('observations', (await createObservation(api, overrides)).id);
  }
  // A draft and a deleted validated one: never in the default figures.
  await createObservation(api, { startedAt: '2040-03-20T07:00:00+01:00', endedAt: null });
  const deleted = await createObservation(api, { startedAt: '2040-03-21T07:00:00+01:00', endedAt: null });
  await validate('observations', deleted.id);
  expect((await api.delete(`/api/observations/${deleted.id}`)).status).toBe(200);

  for (const [type, occurredAt] of [
    ['tear_gas', '2040-03-05T07:30:00+01:00'],
    ['observer_id_check', '2040-03-05T07:40:00+01:00'],
    ['arrest', '2040-04-02T10:00:00+02:00'],
  ] as const) {
    await validate('incidents', (await createIncident(api, { type, occurredAt })).id);
  }
});

describe('GET /api/stats/summary', () => {
  it('answers the DESIGN §5 shape with every code of every vocabulary', async () => {
    const response = await api.get<StatsSummary>(`/api/stats/summary?${MARCH}`);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ from: '2040-03-01', to: '2040-03-31', timezone: 'Europe/Paris', days: 31 });
    expect(Object.keys(body.evictions.byArea)).toEqual([...AREAS.codes]);
    expect(Object.keys(body.evictions.byKind)).toEqual([...OBSERVATION_KINDS.codes]);
    expect(Object.keys(body.seizures.byItem)).toEqual([...SEIZURE_ITEMS.codes]);
    expect(Object.keys(body.incidents.byType)).toEqual([...INCIDENT_TYPES.codes]);
    expect(Object.keys(body.forces)).toEqual([...FORCE_UNITS.codes]);
    for (const key of [
      'peopleEvicted',
      'arrests',
      'withoutInterpreters',
      'withShelterOffered',
      'withObservationObstructed',
    ]) {
      expect(typeof body[key as keyof StatsSummary], key).toBe('number');
    }
    // No free text and no ids: only numbers, codes and the communes' names (and the sites' ids and
    // names in `evictions.bySite`, for the roles that read sites: none in March).
    expect(body.evictions.bySite).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(JSON.stringify(body)).not.toContain('Expulsion observée');
  });

  it('counts the validated, live records of the Paris month only', async () => {
    const { body } = await api.get<StatsSummary>(`/api/stats/summary?${MARCH}`);
    expect(body.evictions).toMatchObject({
      total: 3,
      byArea: { calaisis: 2, dunkerquois: 1, littoral: 0 },
      byKind: { eviction: 2, large_eviction: 1 },
      perWeek: 0.68,
    });
    // The e2e default body: 40 people, 2 arrests, 6 CRS vehicles, 12 tents per observation.
    expect(body.peopleEvicted).toBe(120);
    expect(body.arrests).toBe(6);
    expect(body.forces.crs).toEqual({ observations: 3, vehicles: 18, officers: 90 });
    expect(body.seizures.tentsAndTarps).toBe(27);
    expect(body.seizures.sleepingBagsAndBlankets).toBe(7);
    expect(body.seizures.byItem.blanket).toEqual({ quantity: 7, destroyed: 7 });
    expect(body.withoutInterpreters).toBe(1);
    expect(body.shares.withoutInterpreters).toMatchObject({ count: 1, known: 1, unknown: 2, ofKnown: 1 });
    expect(body.incidents).toMatchObject({ total: 2, againstObservers: 1, againstPeople: 1 });

    const april = await api.get<StatsSummary>('/api/stats/summary?from=2040-04-01&to=2040-04-30');
    expect(april.body.evictions.total).toBe(1);
    expect(april.body.incidents.byType.arrest).toBe(1);

    const dunkerquois = await api.get<StatsSummary>(`/api/stats/summary?${MARCH}&area=dunkerquois`);
    expect(dunkerquois.body.evictions.total).toBe(1);
    expect(dunkerquois.body.seizures.tentsAndTarps).toBe(3);
    const calais = await api.get<StatsSummary>(`/api/stats/summary?${MARCH}&communeCode=62193`);
    expect(calais.body.evictions.byCommune).toEqual([{ code: '62193', name: 'Calais', count: 2 }]);
  });

  it('counts drafts with includeUnvalidated=true, deleted records never', async () => {
    const { body } = await api.get<StatsSummary>(`/api/stats/summary?${MARCH}&includeUnvalidated=true`);
    expect(body.evictions.total).toBe(4);
    expect(body.includeUnvalidated).toBe(true);
  });
});

describe('comparison periods', () => {
  it('says which periods it compares with: the previous month and the same month a year before', async () => {
    const { body } = await api.get<StatsSummary>(`/api/stats/summary?${MARCH}`);
    expect(body.periods).toEqual({
      current: { from: '2040-03-01', to: '2040-03-31', kind: 'month' },
      previous: { from: '2040-02-01', to: '2040-02-29' },
      yearBefore: { from: '2039-03-01', to: '2039-03-31' },
    });
    expect(body.comparisons).toBeUndefined();
  });

  it('compares a calendar year with the previous calendar year (2039 for 2040), a range with as many days before', async () => {
    const year = await api.get<StatsSummary>('/api/stats/summary?from=2040-01-01&to=2040-12-31');
    expect(year.body.periods).toEqual({
      current: { from: '2040-01-01', to: '2040-12-31', kind: 'calendar-year' },
      previous: { from: '2039-01-01', to: '2039-12-31' },
      yearBefore: null,
    });
    const observatory = await api.get<StatsSeries>(
      '/api/stats/series?from=2039-11-01&to=2040-10-31&interval=month&metric=evictions',
    );
    expect(observatory.body.periods).toEqual({
      current: { from: '2039-11-01', to: '2040-10-31', kind: 'observatory-year' },
      previous: { from: '2038-11-01', to: '2039-10-31' },
      yearBefore: null,
    });
    const range = await api.get<StatsSummary>('/api/stats/summary?from=2040-03-15&to=2040-04-14');
    expect(range.body.periods).toEqual({
      current: { from: '2040-03-15', to: '2040-04-14', kind: 'range' },
      previous: { from: '2040-02-13', to: '2040-03-14' },
      yearBefore: { from: '2039-03-15', to: '2039-04-14' },
    });
  });

  it('with compare=true, answers the figures of those periods, as asking for them gives them', async () => {
    const response = await api.get<StatsSummary>(
      '/api/stats/summary?from=2040-04-01&to=2040-04-30&area=calaisis&compare=true',
    );
    expect(response.status).toBe(200);
    const { periods, comparisons, ...april } = response.body;
    expect(april.evictions.total).toBe(1);
    const previous = await api.get<StatsSummary>(
      `/api/stats/summary?from=${periods.previous.from}&to=${periods.previous.to}&area=calaisis`,
    );
    const yearBefore = await api.get<StatsSummary>(
      `/api/stats/summary?from=${periods.yearBefore?.from}&to=${periods.yearBefore?.to}&area=calaisis`,
    );
    expect(comparisons).toEqual({ previous: previous.body, yearBefore: yearBefore.body });
    // March 2040 in the Calaisis: the month-end eviction and the large eviction.
    expect(comparisons?.previous.evictions.total).toBe(2);
    expect(comparisons?.previous.area).toBe('calaisis');
    const year = await api.get<StatsSummary>('/api/stats/summary?from=2040-01-01&to=2040-12-31&compare=true');
    expect(year.body.comparisons?.previous.from).toBe('2039-01-01');
    expect(year.body.comparisons?.yearBefore).toBeNull();
  });
});

describe('evictions per site', () => {
  /** June 2040: two evictions at a site, one at a site deleted since, one at no site. */
  const JUNE = 'from=2040-06-01&to=2040-06-30';
  let site: { id: string; name: string };
  let deletedSite: { id: string; name: string };

  beforeAll(async () => {
    site = await createSite(api, { location: { type: 'Point', coordinates: [...PLACES.grandeSynthe] } });
    deletedSite = await createSite(api);
    for (const [day, siteId] of [
      [3, site.id],
      [10, site.id],
      [12, deletedSite.id],
      [20, undefined],
    ] as const) {
      const observation = await createObservation(api, {
        startedAt: `2040-06-${String(day).padStart(2, '0')}T07:00:00+02:00`,
        endedAt: null,
        ...(siteId ? { siteId } : {}),
      });
      await validate('observations', observation.id);
    }
    expect((await api.delete(`/api/sites/${deletedSite.id}`)).status).toBe(200);
  });

  it('counts the evictions of each site, most first, and those at no site; they add up to the total', async () => {
    const { body } = await api.get<StatsSummary>(`/api/stats/summary?${JUNE}`);
    expect(body.evictions.total).toBe(4);
    expect(body.evictions.distinctSites).toBe(2);
    expect(body.evictions.withoutSite).toBe(1);
    expect(body.evictions.bySite).toEqual([
      { siteId: site.id, name: site.name, count: 2 },
      { siteId: deletedSite.id, name: deletedSite.name, count: 1 },
    ]);
  });

  it('names a deleted site only to the roles that read deleted records, and no site to researchers', async () => {
    const communication = await signedInAs(api, 'communication');
    const { body } = await communication.get<StatsSummary>(`/api/stats/summary?${JUNE}`);
    expect(body.evictions.bySite).toEqual([
      { siteId: site.id, name: site.name, count: 2 },
      { siteId: null, name: null, count: 1 },
    ]);
    expect(JSON.stringify(body)).not.toContain(deletedSite.id);
    expect(JSON.stringify(body)).not.toContain(deletedSite.name);
    const researcher = await signedInAs(api, 'researcher');
    const research = await researcher.get<StatsSummary>(`/api/stats/summary?${JUNE}`);
    expect(research.status).toBe(200);
    expect(research.body.evictions).not.toHaveProperty('bySite');
    expect(JSON.stringify(research.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(JSON.stringify(research.body)).not.toContain(site.name);
  });
});

describe('GET /api/stats/series', () => {
  it('gives one bucket per Paris day, ISO week or month, adding up to the summary', async () => {
    const { body: summary } = await api.get<StatsSummary>('/api/stats/summary?from=2040-03-01&to=2040-04-30');
    for (const interval of ['day', 'week', 'month']) {
      const response = await api.get<StatsSeries>(
        `/api/stats/series?from=2040-03-01&to=2040-04-30&interval=${interval}&metric=evictions&groupBy=area`,
      );
      expect(response.status).toBe(200);
      const { buckets, total } = response.body;
      expect(total).toBe(summary.evictions.total);
      expect(buckets.reduce((sum, bucket) => sum + bucket.value, 0)).toBe(summary.evictions.total);
      expect(buckets.reduce((sum, bucket) => sum + (bucket.groups?.dunkerquois ?? 0), 0)).toBe(
        summary.evictions.byArea.dunkerquois,
      );
      expect(buckets[0]?.start).toBe('2040-03-01');
      expect(buckets.at(-1)?.end).toBe('2040-04-30');
    }
    const days = await api.get<StatsSeries>(
      '/api/stats/series?from=2040-03-01&to=2040-04-30&interval=day&metric=evictions',
    );
    expect(days.body.buckets).toHaveLength(61);
    expect(days.body.buckets.find((bucket) => bucket.period === '2040-03-31')?.value).toBe(1);
    expect(days.body.buckets.find((bucket) => bucket.period === '2040-04-01')?.value).toBe(1);
    const months = await api.get<StatsSeries>(
      '/api/stats/series?from=2040-03-01&to=2040-04-30&interval=month&metric=incidentsAgainstObservers',
    );
    expect(months.body.buckets.map((bucket) => [bucket.period, bucket.value])).toEqual([
      ['2040-03', 1],
      ['2040-04', 0],
    ]);
  });
});

describe('bad input', () => {
  const cases: [string, string, string[]][] = [
    ['summary', '', ['from', 'to']],
    ['summary', 'from=2040-03-01', ['to']],
    ['summary', 'from=2040-02-30&to=2040-03-31', ['from']],
    ['summary', 'from=01/03/2040&to=2040-03-31', ['from']],
    ['summary', 'from=2040-03-01T00:00:00Z&to=2040-03-31', ['from']],
    ['summary', 'from=2040-03-31&to=2040-03-01', ['to']],
    ['summary', 'from=2030-01-01&to=2040-01-01', ['to']],
    ['summary', `${MARCH}&area=calais`, ['area']],
    ['summary', `${MARCH}&communeCode=00000`, ['communeCode']],
    ['summary', `${MARCH}&communeCode=59271&area=calaisis`, ['communeCode']],
    ['summary', `${MARCH}&includeUnvalidated=yes`, ['includeUnvalidated']],
    ['summary', `${MARCH}&compare=1`, ['compare']],
    ['series', `${MARCH}&interval=day&metric=evictions&compare=true`, ['compare']],
    ['summary', `${MARCH}&from=2040-03-02`, ['from']],
    ['summary', `${MARCH}&comuneCode=62193`, ['comuneCode']],
    ['summary', `${MARCH}&interval=day`, ['interval']],
    ['series', `${MARCH}&metric=evictions`, ['interval']],
    ['series', `${MARCH}&interval=day`, ['metric']],
    ['series', `${MARCH}&interval=year&metric=evictions`, ['interval']],
    ['series', `${MARCH}&interval=day&metric=people`, ['metric']],
    ['series', `${MARCH}&interval=day&metric=evictions&groupBy=site`, ['groupBy']],
    ['series', `${MARCH}&interval=day&metric=incidents&groupBy=kind`, ['groupBy']],
    ['series', `${MARCH}&interval=day&metric=evictions&groupBy=type`, ['groupBy']],
    ['series', 'from=2030-01-01&to=2039-01-01&interval=day&metric=evictions', ['interval']],
    ['series', `${MARCH}&interval=day&metric=evictions&_start=0`, ['_start']],
    ['summary', `${MARCH}&__proto__=1`, ['__proto__']],
    ['summary', `${MARCH}&constructor=1`, ['constructor']],
  ];
  for (const [endpoint, query, fields] of cases) {
    it(`${endpoint}?${query} → 400 naming ${fields.join(', ')}`, async () => {
      const response = await api.get(`/api/stats/${endpoint}?${query}`);
      const body = expectApiError(response, 400, fields);
      expect(body.code).toBe('invalid_stats_query');
    });
  }

  it('refuses NUL characters with a 400', async () => {
    expectApiError(await api.get(`/api/stats/summary?${MARCH}&communeCode=62%00193`), 400);
  });
});

describe('GET /api/docs-json', () => {
  it('describes both endpoints with their parameters', async () => {
    type Operation = { parameters?: { name: string; required?: boolean }[] };
    const { body } = await api.get<{ paths: Record<string, { get?: Operation }> }>('/api/docs-json');
    const names = (path: string) =>
      (body.paths[path]?.get?.parameters ?? []).map(
        (parameter) => `${parameter.name}${parameter.required ? '*' : ''}`,
      );
    expect(names('/api/stats/summary').sort()).toEqual([
      'area',
      'communeCode',
      'compare',
      'from*',
      'includeUnvalidated',
      'to*',
    ]);
    expect(names('/api/stats/series')).toEqual(
      expect.arrayContaining(['interval*', 'metric*', 'groupBy', 'from*']),
    );
  });
});

describe('access', () => {
  let communication: ApiClient;
  let researcher: ApiClient;

  beforeAll(async () => {
    communication = await signedInAs(api, 'communication');
    researcher = await signedInAs(api, 'researcher');
  });

  it('gives communication and researchers the validated figures, and 403 for unvalidated ones', async () => {
    for (const client of [communication, researcher]) {
      const summary = await client.get<StatsSummary>(`/api/stats/summary?${MARCH}`);
      expect(summary.status).toBe(200);
      // Researchers: nothing from the last 30 days nor later (DESIGN §7; security.research.e2e-spec.ts).
      expect(summary.body.evictions.total).toBe(client === researcher ? 0 : 3);
      const refused = expectApiError(
        await client.get(`/api/stats/summary?${MARCH}&includeUnvalidated=true`),
        403,
      );
      expect(refused.code).toBe('stats_unvalidated_forbidden');
      expectApiError(
        await client.get(`/api/stats/series?${MARCH}&interval=week&metric=evictions&includeUnvalidated=true`),
        403,
      );
    }
  });

  it('lets observers count unvalidated records', async () => {
    const observer = await signedInAs(api, 'observer');
    const response = await observer.get<StatsSummary>(`/api/stats/summary?${MARCH}&includeUnvalidated=true`);
    expect(response.status).toBe(200);
    expect(response.body.evictions.total).toBe(4);
  });

  it('answers 401 without a session', async () => {
    expectApiError(await api.as(null).get(`/api/stats/summary?${MARCH}`), 401);
    expectApiError(await api.as(null).get(`/api/stats/series?${MARCH}&interval=day&metric=evictions`), 401);
  });
});
