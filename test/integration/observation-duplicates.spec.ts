import type { ObservationRecord } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { DuplicatesRepository } from '../../apps/api/src/observations/duplicates.repository';
import { DuplicatesService } from '../../apps/api/src/observations/duplicates.service';
import { DEFAULT_DUPLICATE_RULE } from '../../apps/api/src/config/duplicate-rule-settings';
import {
  CANDIDATE_DUPLICATES_SQL,
  INSERT_PAIRS_OF_SET_SQL,
  refreshAllDuplicates,
} from '../../apps/api/src/observations/duplicates.sql';
import { ObservationsRepository } from '../../apps/api/src/observations/observations.repository';
import { ObservationsService } from '../../apps/api/src/observations/observations.service';
import {
  actingAs,
  type ActingAs,
  connect,
  given,
  type ObservationInput,
  observationInput,
  PLACES,
  project,
  services,
  type Services,
} from '../support/given';
import { TEST_ACTOR } from '../support/users';

let dataSource: DataSource;
let observations: Services['observations'];
let duplicates: ActingAs<DuplicatesService>;

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
  observations = services(dataSource).observations;
  duplicates = actingAs(
    new DuplicatesService(
      new ObservationsRepository(dataSource),
      new DuplicatesRepository(dataSource),
      new AuditService(),
    ),
    TEST_ACTOR,
  );
});

afterAll(async () => {
  await dataSource.destroy();
});

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * A morning of its own for each test, years before anything the other files write, so that no
 * record of another test is ever a candidate.
 */
let day = 0;
function freshMorning(): number {
  day += 3;
  return Date.UTC(1955, 0, 1, 7) + day * 24 * HOUR;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** An eviction in central Calais on `start` (ms), one hour long unless said otherwise. */
function eviction(start: number, overrides: ObservationInput = {}): ObservationInput {
  return { startedAt: iso(start), endedAt: iso(start + HOUR), location: PLACES.calais, ...overrides };
}

async function duplicatesOf(id: string): Promise<string[] | undefined> {
  return (await observations.get(id)).possibleDuplicateIds;
}

interface PairRow {
  observation_a: string;
  observation_b: string;
  status: string;
}

/** The stored pairs that involve any of `ids`, in a stable order. */
async function pairsOf(ids: string[], db: Pick<DataSource, 'query'> = dataSource): Promise<PairRow[]> {
  return db.query(
    `SELECT observation_a, observation_b, status FROM observation_duplicates
      WHERE observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[])
      ORDER BY observation_a, observation_b`,
    [ids],
  ) as Promise<PairRow[]>;
}

function patch(record: ObservationRecord, changes: ObservationInput): Promise<ObservationRecord> {
  return observations.patch(record.id, { ...changes, version: record.version } as never);
}

describe('possible duplicates of observations', () => {
  it('pairs records 299 m apart, not 301 m', async () => {
    const start = freshMorning();
    const centre = await given.observation(dataSource, eviction(start));
    const near = await given.observation(
      dataSource,
      eviction(start, { location: await project(dataSource, PLACES.calais, 299, 90) }),
    );
    const far = await given.observation(
      dataSource,
      eviction(start, { location: await project(dataSource, PLACES.calais, 301, 270) }),
    );

    expect(await duplicatesOf(centre.id)).toEqual([near.id]);
    expect(await duplicatesOf(near.id)).toEqual([centre.id]);
    expect(await duplicatesOf(far.id)).toEqual([]);
  });

  it('pairs start times 1 h 59 apart, not 2 h 01, on either side, however long the operations', async () => {
    const start = freshMorning();
    // 08:00–09:00
    const base = await given.observation(dataSource, eviction(start));
    const nearAfter = await given.observation(dataSource, eviction(start + 119 * MINUTE, { endedAt: null }));
    const farAfter = await given.observation(dataSource, eviction(start + 121 * MINUTE));
    const nearBefore = await given.observation(dataSource, eviction(start - 119 * MINUTE));
    // Started 2 h 01 before and still going on at 08:00: its time window overlaps, its start is too far.
    const farBefore = await given.observation(
      dataSource,
      eviction(start - 121 * MINUTE, { endedAt: iso(start + 30 * MINUTE) }),
    );

    const found = await duplicatesOf(base.id);
    expect([...(found ?? [])].sort()).toEqual([nearAfter.id, nearBefore.id].sort());
    expect(found).not.toContain(farAfter.id);
    expect(found).not.toContain(farBefore.id);
  });

  it('never pairs two records linked to two different sites, however close in place and time', async () => {
    const start = freshMorning();
    const [virval, bmx] = await Promise.all([
      given.site(dataSource, { location: PLACES.calais }),
      given.site(dataSource, { location: await project(dataSource, PLACES.calais, 60, 90) }),
    ]);
    const first = await given.observation(dataSource, eviction(start, { siteId: virval.id }));
    const second = await given.observation(
      dataSource,
      eviction(start + 5 * MINUTE, {
        siteId: bmx.id,
        location: await project(dataSource, PLACES.calais, 50, 90),
      }),
    );

    expect(await duplicatesOf(first.id)).toEqual([]);
    expect(await pairsOf([first.id, second.id])).toEqual([]);
  });

  it('pairs two records of the same site whatever the distance, and one without a site by the distance', async () => {
    const start = freshMorning();
    const camp = await given.site(dataSource, { location: PLACES.calais });
    const north = await given.observation(dataSource, eviction(start, { siteId: camp.id }));
    // The other end of a large camp: too far for the radius, but the teams named the same site.
    const south = await given.observation(
      dataSource,
      eviction(start + 20 * MINUTE, {
        siteId: camp.id,
        location: await project(dataSource, PLACES.calais, 600, 180),
      }),
    );
    // A team that did not link the site: paired with the record 200 m away, not the one 600 m away.
    const unlinked = await given.observation(
      dataSource,
      eviction(start + 30 * MINUTE, { location: await project(dataSource, PLACES.calais, 200, 0) }),
    );

    expect([...((await duplicatesOf(north.id)) ?? [])].sort()).toEqual([south.id, unlinked.id].sort());
    expect(await duplicatesOf(south.id)).toEqual([north.id]);
    expect(await duplicatesOf(unlinked.id)).toEqual([north.id]);
  });

  it('pairs with the thresholds it is given (VIGIE_DUPLICATE_*)', async () => {
    const strict = actingAs(
      new ObservationsService(
        new ObservationsRepository(dataSource, {
          VIGIE_DUPLICATE_RADIUS_M: 100,
          VIGIE_DUPLICATE_WINDOW_MINUTES: 30,
        }),
        new AuditService(),
      ),
      TEST_ACTOR,
    );
    const start = freshMorning();
    const first = await given.observation(dataSource, eviction(start));
    const create = async (input: ObservationInput) =>
      (await strict.create(observationInput(input))).record as ObservationRecord;
    const near = await create(
      eviction(start + 25 * MINUTE, { location: await project(dataSource, PLACES.calais, 90, 0) }),
    );
    // Each of these is also more than 100 m from the others.
    const tooLate = await create(
      eviction(start + 35 * MINUTE, { location: await project(dataSource, PLACES.calais, 90, 180) }),
    );
    const tooFar = await create(
      eviction(start + 5 * MINUTE, { location: await project(dataSource, PLACES.calais, 110, 90) }),
    );

    expect(near.possibleDuplicateIds).toEqual([first.id]);
    expect(tooLate.possibleDuplicateIds).toEqual([]);
    expect(tooFar.possibleDuplicateIds).toEqual([]);
    expect(await duplicatesOf(first.id)).toEqual([near.id]);
  });

  it('pairs reports of one eviction saved at the same moment by different teams', async () => {
    const start = freshMorning();
    const records = await Promise.all(
      [0, 1, 2, 3].map((minutes) => given.observation(dataSource, eviction(start + minutes * MINUTE))),
    );
    const ids = records.map((record) => record.id);

    for (const id of ids) {
      expect([...((await duplicatesOf(id)) ?? [])].sort()).toEqual(
        ids.filter((other) => other !== id).sort(),
      );
    }
  });

  it('never pairs observations of different kinds', async () => {
    const start = freshMorning();
    const eviction1 = await given.observation(dataSource, eviction(start));
    const works = await given.observation(dataSource, eviction(start, { kind: 'site_works' }));

    expect(await duplicatesOf(eviction1.id)).toEqual([]);
    expect(await duplicatesOf(works.id)).toEqual([]);
    expect(await pairsOf([eviction1.id, works.id])).toEqual([]);
  });

  it('leaves deleted records out, and pairs them again when restored', async () => {
    const start = freshMorning();
    const first = await given.observation(dataSource, eviction(start));
    const twin = await given.observation(dataSource, eviction(start + 30 * MINUTE));
    expect(await duplicatesOf(first.id)).toEqual([twin.id]);

    const deleted = await observations.remove(twin.id);

    expect(deleted.possibleDuplicateIds).toEqual([]);
    expect(await duplicatesOf(first.id)).toEqual([]);
    expect(await pairsOf([twin.id])).toEqual([]);

    const restored = await observations.restore(twin.id);

    expect(restored.possibleDuplicateIds).toEqual([first.id]);
    expect(await duplicatesOf(first.id)).toEqual([twin.id]);
  });

  it('does not pair a new record with a deleted one', async () => {
    const start = freshMorning();
    const deleted = await given.deletedObservation(dataSource, eviction(start));
    const later = await given.observation(dataSource, eviction(start + 10 * MINUTE));

    expect(await duplicatesOf(later.id)).toEqual([]);
    expect(await pairsOf([deleted.id])).toEqual([]);
  });

  it('keeps a dismissed pair dismissed through later edits', async () => {
    const start = freshMorning();
    const first = await given.observation(dataSource, eviction(start));
    const twin = await given.observation(dataSource, eviction(start + 20 * MINUTE));

    const decision = await duplicates.dismiss(first.id, twin.id);
    expect(decision).toMatchObject({
      status: 'dismissed',
      decidedBy: TEST_ACTOR.id,
      observation: { id: twin.id },
    });
    expect(await duplicatesOf(first.id)).toEqual([]);

    // Edits that keep the records close: the decision stands.
    await patch(await observations.get(first.id), {
      description: 'Relu par la coordination',
      location: await project(dataSource, PLACES.calais, 50, 0),
    });
    await patch(await observations.get(twin.id), { startedAt: iso(start + 25 * MINUTE) });

    expect(await duplicatesOf(first.id)).toEqual([]);
    expect(await duplicatesOf(twin.id)).toEqual([]);
    expect(await pairsOf([first.id])).toEqual([expect.objectContaining({ status: 'dismissed' }) as PairRow]);
    const comparison = await duplicates.compare(first.id);
    expect(comparison.map((entry) => [entry.observation.id, entry.status])).toEqual([[twin.id, 'dismissed']]);
  });

  it('drops the pair when an edit moves the record away, and pairs it when it comes back', async () => {
    const start = freshMorning();
    const first = await given.observation(dataSource, eviction(start));
    const twin = await given.observation(dataSource, eviction(start + 20 * MINUTE));
    expect(await duplicatesOf(twin.id)).toEqual([first.id]);

    const moved = await patch(twin, { location: await project(dataSource, PLACES.calais, 1000, 45) });

    expect(moved.possibleDuplicateIds).toEqual([]);
    expect(await duplicatesOf(first.id)).toEqual([]);
    expect(await pairsOf([twin.id])).toEqual([]);

    const back = await patch(moved, { location: PLACES.calais });
    expect(back.possibleDuplicateIds).toEqual([first.id]);
  });

  it('gives the distance and the time gap in the comparison', async () => {
    const start = freshMorning();
    const first = await given.observation(dataSource, eviction(start));
    const twin = await given.observation(
      dataSource,
      eviction(start + HOUR + 45 * MINUTE, { location: await project(dataSource, PLACES.calais, 120, 180) }),
    );

    const [entry] = await duplicates.compare(first.id);

    expect(entry).toMatchObject({ status: 'possible', decidedBy: null, decidedAt: null, timeGapMinutes: 45 });
    expect(entry?.distanceM).toBeCloseTo(120, 0);
    expect(entry?.observation).toMatchObject({ id: twin.id, possibleDuplicateIds: [first.id] });
  });

  it('computes in bulk exactly the pairs the writes keep up to date', async () => {
    const start = freshMorning();
    const [camp, otherCamp] = await Promise.all([
      given.site(dataSource, { location: PLACES.calais }),
      given.site(dataSource, { location: PLACES.calais }),
    ]);
    const records = await given.observations(dataSource, [
      // Sites: two different ones 50 m apart (never a pair), the same one 600 m apart (a pair).
      eviction(start + 10 * MINUTE, {
        siteId: camp.id,
        location: await project(dataSource, PLACES.calais, 50, 180),
      }),
      eviction(start + 15 * MINUTE, { siteId: otherCamp.id }),
      eviction(start + 25 * MINUTE, {
        siteId: camp.id,
        location: await project(dataSource, PLACES.calais, 600, 90),
      }),
      eviction(start),
      eviction(start + 30 * MINUTE, { location: await project(dataSource, PLACES.calais, 200, 90) }),
      eviction(start + 90 * MINUTE, { location: await project(dataSource, PLACES.calais, 250, 270) }),
      eviction(start + 4 * HOUR),
      eviction(start, { kind: 'dispersal' }),
      eviction(start + 20 * MINUTE, { kind: 'dispersal' }),
      // Starts at the same instant as the first; and a long one that began the day before.
      eviction(start, { location: await project(dataSource, PLACES.calais, 100, 0) }),
      eviction(start - 20 * HOUR, { endedAt: iso(start - HOUR) }),
    ]);
    const ids = records.map((record) => record.id);
    const [sameSite, otherSite, sameSiteFar] = ids as [string, string, string];
    await duplicates.dismiss(ids[3] as string, ids[4] as string);
    await patch(records[6] as ObservationRecord, { startedAt: iso(start + 2 * HOUR), endedAt: null });
    await observations.remove(ids[8] as string);
    const incremental = await pairsOf(ids);
    expect(incremental.length).toBeGreaterThanOrEqual(12);
    const paired = (a: string, b: string) =>
      incremental.some(
        (pair) => [pair.observation_a, pair.observation_b].sort().join() === [a, b].sort().join(),
      );
    expect(paired(sameSite, sameSiteFar)).toBe(true);
    expect(paired(sameSite, otherSite)).toBe(false);

    // Wipe these records' computed pairs and let the bulk statement find them again; rolled back,
    // so the rest of the database is left as it was.
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(
        `DELETE FROM observation_duplicates
          WHERE status = 'possible' AND (observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[]))`,
        [ids],
      );
      expect((await pairsOf(ids, runner)).length).toBeLessThan(incremental.length);

      await refreshAllDuplicates(runner, DEFAULT_DUPLICATE_RULE);

      expect(await pairsOf(ids, runner)).toEqual(incremental);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }

    // The same pairs from the statement an import runs over the records it wrote.
    const importing = dataSource.createQueryRunner();
    await importing.startTransaction();
    try {
      await importing.query(
        `DELETE FROM observation_duplicates
          WHERE status = 'possible' AND (observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[]))`,
        [ids],
      );
      const rule = DEFAULT_DUPLICATE_RULE;
      await importing.query(INSERT_PAIRS_OF_SET_SQL, [ids, rule.radiusM, rule.windowMinutes]);
      expect(await pairsOf(ids, importing)).toEqual(incremental);
    } finally {
      await importing.rollbackTransaction();
      await importing.release();
    }

    // And a dry run finds, for a row like a live record, that record and every record it pairs with
    // (dismissed pairs too: the dry run only informs).
    const live = await Promise.all(ids.map((id) => observations.get(id)));
    const candidates = live
      .filter((record) => record.deletedAt === null)
      .map((record, index) => ({
        row: index + 2,
        kind: record.kind,
        started_at: record.startedAt,
        lon: record.location.coordinates[0],
        lat: record.location.coordinates[1],
        site_id: record.siteId,
        id: record.id,
      }));
    const found: { row: number; ids: string[] }[] = await dataSource.query(CANDIDATE_DUPLICATES_SQL, [
      JSON.stringify(candidates),
      DEFAULT_DUPLICATE_RULE.radiusM,
      DEFAULT_DUPLICATE_RULE.windowMinutes,
    ]);
    for (const candidate of candidates) {
      const expected = incremental
        .filter((pair) => pair.observation_a === candidate.id || pair.observation_b === candidate.id)
        .map((pair) => (pair.observation_a === candidate.id ? pair.observation_b : pair.observation_a));
      const got = found.find((entry) => entry.row === candidate.row)?.ids ?? [];
      expect(got.filter((id) => ids.includes(id)).sort(), `row of ${candidate.id}`).toEqual(
        [candidate.id, ...expected].sort(),
      );
    }
  });
});
