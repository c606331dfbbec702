import type { IncidentRecord, ReviewStatus, Role } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { DomainError } from '../../apps/api/src/common/domain-error';
import type { CreateIncidentDto } from '../../apps/api/src/incidents/dto/incident-input.dto';
import { IncidentsRepository } from '../../apps/api/src/incidents/incidents.repository';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service';
import { StatsRepository } from '../../apps/api/src/stats/stats.repository';
import { StatsService } from '../../apps/api/src/stats/stats.service';
import type { StatsSeries, StatsSummary } from '@vigie/domain';
import {
  actingAs,
  type ActingAs,
  connect,
  given,
  type ObservationInput,
  PLACES,
  type Point,
  rejection,
  services,
  uniqueWord,
} from '../support/given';
import { TEST_ACTOR } from '../support/users';

/*
 * Statistics count everything in the database for a period, so each test works in a year of its
 * own after 2030, which no other test file writes to (they use 1990–2018 and 2025–2026).
 */

let dataSource: DataSource;
let stats: ActingAs<StatsService>;
let incidentsService: ActingAs<IncidentsService>;
/** A point inside a commune of the `littoral` area, and one in a second Calaisis commune. */
let littoralPoint: Point;
let otherCalaisis: { point: Point; code: string };

async function pointIn(where: string): Promise<{ point: Point; code: string }> {
  const [row]: { geojson: string; code: string }[] = await dataSource.query(
    `SELECT ST_AsGeoJSON(ST_PointOnSurface(geometry)) AS geojson, code FROM communes WHERE ${where}
      ORDER BY code LIMIT 1`,
  );
  return { point: JSON.parse(row!.geojson) as Point, code: row!.code };
}

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
  stats = actingAs(new StatsService(new StatsRepository(dataSource)), TEST_ACTOR);
  incidentsService = actingAs(
    new IncidentsService(new IncidentsRepository(dataSource), new AuditService()),
    TEST_ACTOR,
  );
  littoralPoint = (await pointIn(`area = 'littoral'`)).point;
  otherCalaisis = await pointIn(`area = 'calaisis' AND code <> '62193'`);
});

afterAll(async () => {
  await dataSource.destroy();
});

function statsAs(role: Role): ActingAs<StatsService> {
  return actingAs(new StatsService(new StatsRepository(dataSource)), { ...TEST_ACTOR, role });
}

/** A validated observation (what statistics count by default). */
function validated(overrides: ObservationInput): ReturnType<typeof given.observation> {
  return given.observationWithStatus(dataSource, 'validated', overrides);
}

async function incident(
  status: ReviewStatus,
  overrides: Partial<Omit<CreateIncidentDto, 'location'>> & { location?: Point },
): Promise<IncidentRecord> {
  const { record } = await incidentsService.create({
    type: 'tear_gas',
    location: PLACES.calais,
    description: `Incident ${uniqueWord()}`,
    ...overrides,
  } as CreateIncidentDto);
  await dataSource.query(`UPDATE incidents SET status = $2 WHERE id = $1`, [record.id, status]);
  return record;
}

function summary(from: string, to: string, extra: Record<string, string> = {}): Promise<StatsSummary> {
  return stats.summary({ from, to, ...extra });
}

function series(
  from: string,
  to: string,
  interval: string,
  metric: string,
  extra: Record<string, string> = {},
): Promise<StatsSeries> {
  return stats.series({ from, to, interval, metric, ...extra });
}

const values = (result: StatsSeries) => result.buckets.map((bucket) => bucket.value);

describe(StatsService.name, () => {
  describe('Paris local periods', () => {
    it('counts an eviction at 23:30 Paris time on the last day of a month in that month, 00:30 on the 1st in the next', async () => {
      // Winter (UTC+1) and summer (UTC+2) month ends: 22:30Z and 21:30Z are still the last day.
      await validated({ startedAt: '2031-01-31T23:30:00+01:00' });
      await validated({ startedAt: '2031-02-01T00:30:00+01:00' });
      await validated({ startedAt: '2031-08-31T23:30:00+02:00' });
      await validated({ startedAt: '2031-09-01T00:30:00+02:00' });

      expect((await summary('2031-01-01', '2031-01-31')).evictions.total).toBe(1);
      expect((await summary('2031-02-01', '2031-02-28')).evictions.total).toBe(1);
      expect((await summary('2031-08-01', '2031-08-31')).evictions.total).toBe(1);
      expect((await summary('2031-09-01', '2031-09-30')).evictions.total).toBe(1);

      const months = await series('2031-01-01', '2031-09-30', 'month', 'evictions');
      expect(months.buckets.map((bucket) => [bucket.period, bucket.value])).toEqual([
        ['2031-01', 1],
        ['2031-02', 1],
        ['2031-03', 0],
        ['2031-04', 0],
        ['2031-05', 0],
        ['2031-06', 0],
        ['2031-07', 0],
        ['2031-08', 1],
        ['2031-09', 1],
      ]);
      const days = await series('2031-01-31', '2031-02-01', 'day', 'evictions');
      expect(days.buckets).toEqual([
        { period: '2031-01-31', start: '2031-01-31', end: '2031-01-31', value: 1 },
        { period: '2031-02-01', start: '2031-02-01', end: '2031-02-01', value: 1 },
      ]);
    });

    it('counts the 23-hour day of the spring DST change as one whole Paris day', async () => {
      // 2032-03-28 is the last Sunday of March: 02:00 becomes 03:00.
      await validated({ startedAt: '2032-03-27T23:30:00+01:00' });
      await validated({ startedAt: '2032-03-28T00:30:00+01:00' });
      await validated({ startedAt: '2032-03-28T03:30:00+02:00' });
      await validated({ startedAt: '2032-03-28T23:30:00+02:00' });
      await validated({ startedAt: '2032-03-29T00:30:00+02:00' });

      expect((await summary('2032-03-28', '2032-03-28')).evictions.total).toBe(3);
      const days = await series('2032-03-27', '2032-03-29', 'day', 'evictions');
      expect(values(days)).toEqual([1, 3, 1]);
    });

    it('counts the 25-hour day of the autumn DST change as one whole Paris day, the repeated hour twice', async () => {
      // 2032-10-31 is the last Sunday of October: 03:00 becomes 02:00 again.
      await validated({ startedAt: '2032-10-30T23:30:00+02:00' });
      await validated({ startedAt: '2032-10-31T00:30:00+02:00' });
      await validated({ startedAt: '2032-10-31T02:30:00+02:00' });
      await validated({ startedAt: '2032-10-31T02:30:00+01:00' });
      await validated({ startedAt: '2032-10-31T23:30:00+01:00' });
      await validated({ startedAt: '2032-11-01T00:30:00+01:00' });

      expect((await summary('2032-10-31', '2032-10-31')).evictions.total).toBe(4);
      expect(values(await series('2032-10-30', '2032-11-01', 'day', 'evictions'))).toEqual([1, 4, 1]);
      // The week (Monday 25 October to Sunday 31 October) and the month end with that day.
      const weeks = await series('2032-10-25', '2032-11-07', 'week', 'evictions');
      expect(weeks.buckets.map((bucket) => [bucket.period, bucket.value])).toEqual([
        ['2032-W44', 5],
        ['2032-W45', 1],
      ]);
      expect(values(await series('2032-10-01', '2032-11-30', 'month', 'evictions'))).toEqual([5, 1]);
    });
  });

  describe('filters', () => {
    it('filters by area and by commune, with the records outside every commune in the total only', async () => {
      await validated({ startedAt: '2033-02-01T10:00:00+01:00', location: PLACES.calais });
      await validated({ startedAt: '2033-02-02T10:00:00+01:00', location: PLACES.calais });
      await validated({ startedAt: '2033-02-03T10:00:00+01:00', location: otherCalaisis.point });
      await validated({ startedAt: '2033-02-04T10:00:00+01:00', location: PLACES.grandeSynthe });
      await validated({ startedAt: '2033-02-05T10:00:00+01:00', location: littoralPoint });
      await validated({ startedAt: '2033-02-06T10:00:00+01:00', location: PLACES.sea });

      const all = await summary('2033-02-01', '2033-02-28');
      expect(all.evictions.total).toBe(6);
      expect(all.evictions.byArea).toEqual({ calaisis: 3, dunkerquois: 1, littoral: 1 });
      expect(all.evictions.outsideAreas).toBe(1);
      expect(all.evictions.byCommune[0]).toEqual({ code: '62193', name: 'Calais', count: 2 });
      expect(all.evictions.byCommune.map((commune) => commune.count)).toEqual([2, 1, 1, 1]);
      expect(all.evictions.byCommune.map((commune) => commune.code)).toContain(otherCalaisis.code);

      const calaisis = await summary('2033-02-01', '2033-02-28', { area: 'calaisis' });
      expect(calaisis.evictions.total).toBe(3);
      expect(calaisis.evictions.byArea).toEqual({ calaisis: 3, dunkerquois: 0, littoral: 0 });
      expect(calaisis.area).toBe('calaisis');

      const calais = await summary('2033-02-01', '2033-02-28', { communeCode: '62193' });
      expect(calais.evictions.total).toBe(2);
      expect(calais.evictions.byCommune).toEqual([{ code: '62193', name: 'Calais', count: 2 }]);
      expect(
        (await summary('2033-02-01', '2033-02-28', { area: 'calaisis', communeCode: '62193' })).evictions
          .total,
      ).toBe(2);

      const byArea = await series('2033-02-01', '2033-02-28', 'month', 'evictions', { groupBy: 'area' });
      expect(byArea.groups).toEqual([
        { key: 'calaisis' },
        { key: 'dunkerquois' },
        { key: 'littoral' },
        { key: 'none' },
      ]);
      expect(byArea.buckets[0]?.groups).toEqual({ calaisis: 3, dunkerquois: 1, littoral: 1, none: 1 });
      const byCommune = await series('2033-02-01', '2033-02-28', 'month', 'evictions', {
        groupBy: 'commune',
        area: 'calaisis',
      });
      expect(byCommune.groups).toContainEqual({ key: '62193', name: 'Calais' });
      expect(byCommune.groups).toHaveLength(2);
      expect(byCommune.buckets[0]?.groups?.['62193']).toBe(2);
    });

    it('refuses a commune that does not exist or lies outside the area', async () => {
      const queries: Record<string, string>[] = [
        { communeCode: '99999' },
        { communeCode: '59271', area: 'calaisis' },
      ];
      for (const query of queries) {
        const error = await rejection(() => summary('2033-02-01', '2033-02-28', query));
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).kind).toBe('invalid');
        expect((error as DomainError).details.errors).toHaveProperty('communeCode');
      }
    });

    it('counts validated records only by default; never deleted or merged ones', async () => {
      const kept = await validated({ startedAt: '2034-05-10T08:00:00+02:00' });
      await given.observationWithStatus(dataSource, 'draft', { startedAt: '2034-05-11T08:00:00+02:00' });
      await given.observationWithStatus(dataSource, 'submitted', { startedAt: '2034-05-12T08:00:00+02:00' });
      const deleted = await validated({ startedAt: '2034-05-13T08:00:00+02:00', arrests: 7 });
      await services(dataSource).observations.remove(deleted.id);
      const merged = await validated({ startedAt: '2034-05-14T08:00:00+02:00', arrests: 9 });
      await dataSource.query(
        `UPDATE observations SET deleted_at = now(), merged_into_id = $2 WHERE id = $1`,
        [merged.id, kept.id],
      );
      await incident('validated', { occurredAt: '2034-05-10T09:00:00+02:00' });
      await incident('draft', { occurredAt: '2034-05-10T09:00:00+02:00' });
      const deletedIncident = await incident('validated', { occurredAt: '2034-05-10T09:00:00+02:00' });
      await incidentsService.remove(deletedIncident.id);

      const validatedOnly = await summary('2034-05-01', '2034-05-31');
      expect(validatedOnly.evictions.total).toBe(1);
      expect(validatedOnly.arrests).toBe(0);
      expect(validatedOnly.incidents.total).toBe(1);
      expect(validatedOnly.includeUnvalidated).toBe(false);

      const everything = await summary('2034-05-01', '2034-05-31', { includeUnvalidated: 'true' });
      expect(everything.evictions.total).toBe(3);
      expect(everything.arrests).toBe(0);
      expect(everything.incidents.total).toBe(2);
      expect(
        values(
          await series('2034-05-01', '2034-05-31', 'month', 'evictions', { includeUnvalidated: 'true' }),
        ),
      ).toEqual([3]);
    });

    it('lets only the roles that read unvalidated records count them', async () => {
      await validated({ startedAt: '2034-06-10T08:00:00+02:00' });
      await given.observationWithStatus(dataSource, 'draft', { startedAt: '2034-06-11T08:00:00+02:00' });
      await given.observationWithStatus(dataSource, 'submitted', { startedAt: '2034-06-12T08:00:00+02:00' });
      for (const role of ['communication', 'researcher'] as const) {
        const error = await rejection(() =>
          statsAs(role).summary({ from: '2034-06-01', to: '2034-06-30', includeUnvalidated: 'true' }),
        );
        expect((error as DomainError).kind).toBe('forbidden');
        // A researcher counts nothing dated in the research embargo or later (DESIGN §7).
        expect((await statsAs(role).summary({ from: '2034-06-01', to: '2034-06-30' })).evictions.total).toBe(
          role === 'researcher' ? 0 : 1,
        );
      }
      for (const role of ['coordinator', 'observer', 'legal'] as const) {
        const result = await statsAs(role).series({
          from: '2034-06-01',
          to: '2034-06-30',
          interval: 'month',
          metric: 'evictions',
          includeUnvalidated: 'true',
        });
        expect(result.total).toBe(3);
      }
    });
  });

  describe('groupings', () => {
    it('sums people, arrests, seizures (tents + tarps, sleeping bags + blankets) and forces', async () => {
      const [siteA, siteB] = [await given.site(dataSource), await given.site(dataSource)];
      await validated({
        startedAt: '2035-03-03T07:00:00+01:00',
        kind: 'eviction',
        siteId: siteA.id,
        peopleEvicted: 40,
        minorsSeen: 3,
        arrests: 2,
        interpretersPresent: false,
        shelterOffered: true,
        peopleSheltered: 10,
        observationObstructed: true,
        forces: [
          { unit: 'crs', vehicles: 6, officers: 30 },
          { unit: 'crs', vehicles: 2 },
          { unit: 'pn', vehicles: 1 },
        ],
        seizures: [
          { item: 'tent', quantity: 12, destroyed: true },
          { item: 'tarp', quantity: 5, destroyed: false },
          { item: 'sleeping_bag', quantity: 8, destroyed: true },
          { item: 'tent', quantity: 3, destroyed: false },
        ],
      });
      await validated({
        startedAt: '2035-03-10T07:00:00+01:00',
        kind: 'large_eviction',
        siteId: siteA.id,
        peopleEvicted: 100,
        arrests: 0,
        interpretersPresent: true,
        shelterOffered: false,
        forces: [{ unit: 'gm', vehicles: 4, officers: 20 }],
        seizures: [{ item: 'blanket', quantity: 20, destroyed: true }],
      });
      await validated({
        startedAt: '2035-03-17T07:00:00+01:00',
        kind: 'site_works',
        siteId: siteB.id,
        arrests: 1,
        interpretersPresent: false,
      });
      await validated({ startedAt: '2035-03-24T07:00:00+01:00', kind: 'dispersal' });

      const result = await summary('2035-03-01', '2035-03-28');
      expect(result.days).toBe(28);
      expect(result.evictions).toMatchObject({
        total: 4,
        byKind: { eviction: 1, large_eviction: 1, site_works: 1, dispersal: 1 },
        distinctSites: 2,
        perWeek: 1,
      });
      expect(result).toMatchObject({
        peopleEvicted: 140,
        peopleEvictedReported: 2,
        minorsSeen: 3,
        arrests: 3,
        peopleSheltered: 10,
        withoutInterpreters: 2,
        withShelterOffered: 1,
        withObservationObstructed: 1,
      });
      expect(result.seizures.byItem.tent).toEqual({ quantity: 15, destroyed: 12 });
      expect(result.seizures.byItem.tarp).toEqual({ quantity: 5, destroyed: 0 });
      expect(result.seizures.byItem.phone).toEqual({ quantity: 0, destroyed: 0 });
      expect(result.seizures.tentsAndTarps).toBe(20);
      expect(result.seizures.sleepingBagsAndBlankets).toBe(28);
      expect(result.forces.crs).toEqual({ observations: 1, vehicles: 8, officers: 30 });
      expect(result.forces.gm).toEqual({ observations: 1, vehicles: 4, officers: 20 });
      expect(result.forces.pn).toEqual({ observations: 1, vehicles: 1, officers: 0 });
      expect(result.forces.bac).toEqual({ observations: 0, vehicles: 0, officers: 0 });
      // Interpreters known for 3 of the 4, absent in 2; shelter known for 2, offered in 1.
      expect(result.shares.withoutInterpreters).toEqual({
        count: 2,
        known: 3,
        unknown: 1,
        ofKnown: 0.6667,
        ofTotal: 0.5,
      });
      expect(result.shares.withShelterOffered).toMatchObject({
        count: 1,
        known: 2,
        ofKnown: 0.5,
        ofTotal: 0.25,
      });
      expect(result.shares.withObservationObstructed).toMatchObject({ count: 1, known: 1, ofKnown: 1 });

      expect(values(await series('2035-03-01', '2035-03-28', 'month', 'tentsAndTarps'))).toEqual([20]);
      expect(values(await series('2035-03-01', '2035-03-28', 'month', 'sleepingBagsAndBlankets'))).toEqual([
        28,
      ]);
      const byKind = await series('2035-03-01', '2035-03-28', 'month', 'peopleEvicted', { groupBy: 'kind' });
      expect(byKind.buckets[0]?.groups).toEqual({
        eviction: 40,
        large_eviction: 100,
        site_works: 0,
        dispersal: 0,
      });
    });

    it('counts incidents by type, against observers and against people, by when they occurred', async () => {
      await incident('validated', { type: 'tear_gas', occurredAt: '2036-06-01T10:00:00+02:00' });
      await incident('validated', { type: 'tear_gas', occurredAt: '2036-06-02T10:00:00+02:00' });
      await incident('validated', { type: 'arrest', occurredAt: '2036-06-30T23:30:00+02:00' });
      await incident('validated', { type: 'other', occurredAt: '2036-06-03T10:00:00+02:00' });
      await incident('validated', { type: 'observer_fine', occurredAt: '2036-06-04T10:00:00+02:00' });
      await incident('validated', {
        type: 'observer_obstruction',
        occurredAt: '2036-06-05T10:00:00+02:00',
        location: PLACES.grandeSynthe,
      });
      await incident('validated', { type: 'tear_gas', occurredAt: '2036-07-01T00:30:00+02:00' });

      const june = await summary('2036-06-01', '2036-06-30');
      expect(june.incidents.total).toBe(6);
      expect(june.incidents.byType).toMatchObject({
        tear_gas: 2,
        arrest: 1,
        other: 1,
        observer_fine: 1,
        observer_obstruction: 1,
        physical_violence: 0,
      });
      expect(june.incidents.againstObservers).toBe(2);
      expect(june.incidents.againstPeople).toBe(4);
      expect((await summary('2036-06-01', '2036-06-30', { area: 'dunkerquois' })).incidents).toMatchObject({
        total: 1,
        againstObservers: 1,
        againstPeople: 0,
      });

      const observers = await series('2036-06-01', '2036-07-31', 'month', 'incidentsAgainstObservers');
      expect(values(observers)).toEqual([2, 0]);
      expect(values(await series('2036-06-01', '2036-07-31', 'month', 'incidentsAgainstPeople'))).toEqual([
        4, 1,
      ]);
      const byType = await series('2036-06-01', '2036-06-30', 'month', 'incidents', { groupBy: 'type' });
      expect(byType.buckets[0]?.groups).toMatchObject({
        tear_gas: 2,
        observer_fine: 1,
        physical_violence: 0,
      });
    });
  });

  describe('series', () => {
    it('has a bucket for every day, ISO week or month of the period, cut to it, and sums to the summary', async () => {
      // 2037-02-26 is a Thursday; the period ends on Tuesday 2037-04-07.
      const times = [
        '2037-02-26T09:00:00+01:00',
        '2037-03-01T23:30:00+01:00',
        '2037-03-02T00:30:00+01:00',
        '2037-03-29T02:30:00+02:00',
        '2037-03-31T23:30:00+02:00',
        '2037-04-07T23:59:00+02:00',
        '2037-04-08T00:00:00+02:00',
      ];
      for (const [index, startedAt] of times.entries()) {
        await validated({
          startedAt,
          peopleEvicted: index + 1,
          seizures: [{ item: 'tent', quantity: 2, destroyed: true }],
        });
      }
      const from = '2037-02-26';
      const to = '2037-04-07';
      const total = await summary(from, to);
      expect(total.evictions.total).toBe(6);

      const days = await series(from, to, 'day', 'evictions');
      expect(days.buckets).toHaveLength(41);
      expect(days.buckets.filter((bucket) => bucket.value > 0).map((bucket) => bucket.period)).toEqual([
        '2037-02-26',
        '2037-03-01',
        '2037-03-02',
        '2037-03-29',
        '2037-03-31',
        '2037-04-07',
      ]);
      const weeks = await series(from, to, 'week', 'evictions');
      expect(weeks.buckets[0]).toEqual({
        period: '2037-W09',
        start: '2037-02-26',
        end: '2037-03-01',
        value: 2,
      });
      expect(weeks.buckets.at(-1)).toEqual({
        period: '2037-W15',
        start: '2037-04-06',
        end: '2037-04-07',
        value: 1,
      });
      expect(weeks.buckets).toHaveLength(7);
      const months = await series(from, to, 'month', 'evictions');
      expect(months.buckets.map((bucket) => [bucket.start, bucket.end, bucket.value])).toEqual([
        ['2037-02-26', '2037-02-28', 1],
        ['2037-03-01', '2037-03-31', 4],
        ['2037-04-01', '2037-04-07', 1],
      ]);

      for (const interval of ['day', 'week', 'month']) {
        for (const [metric, expected] of [
          ['evictions', total.evictions.total],
          ['peopleEvicted', total.peopleEvicted],
          ['tentsAndTarps', total.seizures.tentsAndTarps],
        ] as const) {
          const result = await series(from, to, interval, metric);
          expect(result.total, `${metric} per ${interval}`).toBe(expected);
          expect(values(result).reduce((sum, value) => sum + value, 0)).toBe(expected);
        }
      }
      expect(total.peopleEvicted).toBe(21);
      expect(total.seizures.tentsAndTarps).toBe(12);
    });
  });
});
