import { addDays, formatParisDate, parisDayStart, type StatsSeries, type StatsSummary } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createIncident,
  createObservation,
  type JsonBody,
  signedInAs,
  useApi,
} from '../support/e2e-api';

/*
 * Issue 10, item 6: the researcher's statistics follow the research rules of DESIGN §7. From the
 * attacker's side: records the researcher may not count (inside the embargo window, incidents
 * without research consent) are created, and no number the researcher gets may move, while the
 * coordinator's figures do. The data sit in one commune of the `littoral` area that other test files
 * leave alone, around today (the embargo is relative to now).
 */

const api = useApi();
const EMBARGO_DAYS = 30;
const today = formatParisDate(new Date());
/** The first embargoed Paris day: the last 30 days, today included. */
const embargoFrom = addDays(today, 1 - EMBARGO_DAYS);
const FROM = addDays(today, -150);

let commune: { code: string; location: { type: 'Point'; coordinates: [number, number] } };
let coordinator: ApiClient;
let researcher: ApiClient;

/** An instant `minutes` after the first instant of a Paris day, with its offset (UTC). */
function at(localDate: string, minutes = 9 * 60): string {
  return new Date(parisDayStart(localDate).getTime() + minutes * 60_000).toISOString();
}

async function validate(path: 'observations' | 'incidents', id: string): Promise<void> {
  expect((await api.post(`/api/${path}/${id}/submit`)).status).toBe(200);
  expect((await api.post(`/api/${path}/${id}/validate`)).status).toBe(200);
}

async function observation(startedAt: string): Promise<void> {
  const record = await createObservation(api, { startedAt, endedAt: null, location: commune.location });
  await validate('observations', record.id);
}

async function incident(occurredAt: string, research: boolean, type = 'tear_gas'): Promise<void> {
  const record = await createIncident(api, {
    type,
    occurredAt,
    location: commune.location,
    consent: { publication: true, litigation: true, research },
  } as JsonBody);
  await validate('incidents', record.id);
}

/** Every figure a client gets for the commune over the last 150 days, as the API answers them. */
async function figures(client: ApiClient): Promise<{
  summary: StatsSummary;
  area: StatsSummary;
  series: StatsSeries[];
}> {
  const scope = `from=${FROM}&to=${today}&communeCode=${commune.code}`;
  const get = async <T>(path: string): Promise<T> => {
    const response = await client.get<T>(path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  return {
    summary: await get<StatsSummary>(`/api/stats/summary?${scope}`),
    area: await get<StatsSummary>(`/api/stats/summary?from=${FROM}&to=${today}&area=littoral`),
    series: [
      await get<StatsSeries>(`/api/stats/series?${scope}&interval=day&metric=evictions&groupBy=commune`),
      await get<StatsSeries>(`/api/stats/series?${scope}&interval=week&metric=incidents&groupBy=type`),
      await get<StatsSeries>(
        `/api/stats/series?${scope}&interval=month&metric=incidentsAgainstObservers&groupBy=commune`,
      ),
      await get<StatsSeries>(`/api/stats/series?${scope}&interval=day&metric=evictions`),
    ],
  };
}

beforeAll(async () => {
  const [row] = (await api.dataSource.query(
    `SELECT code, ST_AsGeoJSON(ST_PointOnSurface(geometry))::json AS location
       FROM communes WHERE area = 'littoral' ORDER BY code DESC LIMIT 1`,
  )) as (typeof commune)[];
  commune = row as typeof commune;
  coordinator = await signedInAs(api, 'coordinator');
  researcher = await signedInAs(api, 'researcher');
});

describe('researcher statistics (DESIGN §7 research level)', () => {
  it('say which rules they follow; the other roles get no such field', async () => {
    const { summary, series } = await figures(researcher);
    expect(summary.research).toEqual({
      embargoFrom,
      embargoDays: EMBARGO_DAYS,
      incidentsWithResearchConsentOnly: true,
    });
    for (const one of series) expect(one.research?.embargoFrom).toBe(embargoFrom);
    const other = await figures(coordinator);
    expect(other.summary.research).toBeUndefined();
    expect(other.series[0]?.research).toBeUndefined();
  });

  it('do not move when records inside the embargo or incidents without research consent are added', async () => {
    const researcherBefore = await figures(researcher);
    const coordinatorBefore = await figures(coordinator);

    // Inside the embargo window: yesterday, and the first minutes of its first day.
    await observation(at(addDays(today, -1)));
    await observation(at(embargoFrom, 30));
    await incident(at(addDays(today, -2)), true);
    await incident(at(embargoFrom, 30), true, 'observer_id_check');
    // Long before the embargo, without research consent.
    await incident(at(addDays(today, -90)), false);
    await incident(at(addDays(today, -90)), false, 'observer_intimidation');

    expect(await figures(researcher)).toEqual(researcherBefore);

    const coordinatorAfter = await figures(coordinator);
    expect(coordinatorAfter.summary.evictions.total).toBe(coordinatorBefore.summary.evictions.total + 2);
    expect(coordinatorAfter.summary.incidents.total).toBe(coordinatorBefore.summary.incidents.total + 4);
    expect(coordinatorAfter.summary.incidents.againstObservers).toBe(
      coordinatorBefore.summary.incidents.againstObservers + 2,
    );
    expect(coordinatorAfter.series[0]?.total).toBe((coordinatorBefore.series[0]?.total ?? 0) + 2);
  });

  it('count what the research level allows: before the embargo, incidents with research consent', async () => {
    const before = await figures(researcher);
    // The last evening before the embargo (23:30 Paris), and an incident with research consent.
    await observation(at(addDays(embargoFrom, -1), 23 * 60 + 30));
    await incident(at(addDays(today, -60)), true);

    const after = await figures(researcher);
    expect(after.summary.evictions.total).toBe(before.summary.evictions.total + 1);
    expect(after.summary.evictions.byCommune.find((row) => row.code === commune.code)?.count).toBe(
      (before.summary.evictions.byCommune.find((row) => row.code === commune.code)?.count ?? 0) + 1,
    );
    expect(after.summary.incidents.total).toBe(before.summary.incidents.total + 1);
    expect(after.series[1]?.total).toBe((before.series[1]?.total ?? 0) + 1);
    const lastDay = after.series[3]?.buckets.find((bucket) => bucket.period === addDays(embargoFrom, -1));
    expect(lastDay?.value).toBeGreaterThanOrEqual(1);
    // The embargoed buckets count nothing, whatever was added in them.
    for (const bucket of after.series[3]?.buckets ?? []) {
      if (bucket.period >= embargoFrom) expect(bucket.value, bucket.period).toBe(0);
    }
  });

  it('count nothing for a period inside the embargo, and still refuse unvalidated records', async () => {
    const { status, body } = await researcher.get<StatsSummary>(
      `/api/stats/summary?from=${embargoFrom}&to=${today}&communeCode=${commune.code}`,
    );
    expect(status).toBe(200);
    expect(body.evictions.total).toBe(0);
    expect(body.incidents.total).toBe(0);
    expect(body.evictions.perWeek).toBe(0);
    const coordinatorView = await coordinator.get<StatsSummary>(
      `/api/stats/summary?from=${embargoFrom}&to=${today}&communeCode=${commune.code}`,
    );
    expect(coordinatorView.body.evictions.total).toBeGreaterThanOrEqual(2);
    expect(
      (await researcher.get(`/api/stats/summary?from=${FROM}&to=${today}&includeUnvalidated=true`)).status,
    ).toBe(403);
  });
});
