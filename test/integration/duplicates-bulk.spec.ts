import type { DataSource, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { DEFAULT_DUPLICATE_RULE } from '../../apps/api/src/config/duplicate-rule-settings';
import { DuplicatesRepository } from '../../apps/api/src/observations/duplicates.repository';
import { DuplicatesService } from '../../apps/api/src/observations/duplicates.service';
import { refreshAllDuplicates } from '../../apps/api/src/observations/duplicates.sql';
import { ObservationsRepository } from '../../apps/api/src/observations/observations.repository';
import {
  actingAs,
  type ActingAs,
  connect,
  given,
  type ObservationInput,
  PLACES,
  project,
  services,
  type Services,
} from '../support/given';
import { TEST_ACTOR } from '../support/users';

/*
 * The bulk refresh (`db:duplicates`, a changed rule, the benchmark) finds the pairs by other means
 * than the per-write path (a sort by site and a window frame, a range scan for the records without
 * a site, and above a size a rebuild of the pair table's indexes and foreign keys): it must store
 * exactly the pairs the writes keep up to date, on a data set with every edge of the rule.
 */

let dataSource: DataSource;
/** `db:duplicates` runs as the owner of the schema, which the rebuild needs. */
let owner: DataSource;
let observations: Services['observations'];
let duplicates: ActingAs<DuplicatesService>;

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
  owner = await connect(inject('ownerDatabaseUrl'));
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
  await owner.destroy();
});

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface PairRow {
  observation_a: string;
  observation_b: string;
  status: string;
}

async function pairsOf(ids: string[], db: Pick<DataSource, 'query'>): Promise<PairRow[]> {
  return db.query(
    `SELECT observation_a, observation_b, status FROM observation_duplicates
      WHERE observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[])
      ORDER BY observation_a, observation_b`,
    [ids],
  ) as Promise<PairRow[]>;
}

/** The pair table's indexes, constraints and triggers, as the catalogue describes them. */
async function pairTableShape(db: Pick<DataSource, 'query'>): Promise<string[]> {
  const rows: { item: string }[] = await db.query(`
    SELECT 'index ' || pg_get_indexdef(indexrelid) AS item FROM pg_index
     WHERE indrelid = 'observation_duplicates'::regclass
    UNION ALL
    SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
      FROM pg_constraint WHERE conrelid = 'observation_duplicates'::regclass
    UNION ALL
    SELECT 'trigger ' || tgname || ' ' || tgenabled::text FROM pg_trigger
     WHERE tgrelid = 'observation_duplicates'::regclass AND NOT tgisinternal
    ORDER BY 1`);
  return rows.map((row) => row.item);
}

/** Every record written here is in 1953, before anything another test file writes. */
const START = Date.UTC(1953, 2, 28, 22, 30);

/** A varied data set through the API's own writes, with the edges of the rule; returns the ids. */
async function writeDataSet(): Promise<string[]> {
  const [camp, otherCamp] = await Promise.all([
    given.site(dataSource, { location: PLACES.calais }),
    given.site(dataSource, { location: await project(dataSource, PLACES.calais, 40, 90) }),
  ]);
  const at = (minutes: number, overrides: ObservationInput = {}): ObservationInput => ({
    startedAt: iso(START + minutes * MINUTE),
    endedAt: null,
    location: PLACES.calais,
    ...overrides,
  });
  const inputs: ObservationInput[] = [
    // Without a site: exactly 300 m, 299 m and 301 m away; exactly 120 min, 119 and 121 min later.
    at(0),
    at(10, { location: await project(dataSource, PLACES.calais, 300, 0) }),
    at(20, { location: await project(dataSource, PLACES.calais, 299, 90) }),
    at(30, { location: await project(dataSource, PLACES.calais, 301, 180) }),
    at(120),
    at(119, { location: await project(dataSource, PLACES.calais, 50, 270) }),
    at(121, { location: await project(dataSource, PLACES.calais, 20, 0) }),
    // Same instant (the pair is found once), and another kind at the same place and time.
    at(0, { location: await project(dataSource, PLACES.calais, 10, 45) }),
    at(0, { kind: 'dispersal' }),
    at(60, { kind: 'dispersal', location: await project(dataSource, PLACES.calais, 100, 0) }),
    at(200, { kind: 'site_works' }),
    // Sites: the same camp 600 m apart (a pair), two camps 40 m apart (never), a record of the camp
    // and one without a site 200 m away (by the distance), the camp exactly 120 min later.
    at(5, { siteId: camp.id, location: await project(dataSource, PLACES.calais, 600, 90) }),
    at(6, { siteId: otherCamp.id }),
    at(7, { siteId: camp.id }),
    at(125, { siteId: camp.id, location: await project(dataSource, PLACES.calais, 800, 0) }),
    at(127, { siteId: camp.id }),
    at(128, { siteId: camp.id }),
    at(128, { siteId: camp.id, location: await project(dataSource, PLACES.calais, 5, 0) }),
    at(248, { siteId: camp.id }),
    at(249, { siteId: otherCamp.id, location: await project(dataSource, PLACES.calais, 200, 0) }),
    // Across midnight UTC and Paris (22:30 UTC + 90 min) and the change to summer time in Paris
    // (1953 had none; the instants are what count): 02:00 UTC on the 29th.
    at(300, { location: await project(dataSource, PLACES.calais, 150, 0) }),
    at(419, { location: await project(dataSource, PLACES.calais, 150, 10) }),
    at(421, { location: await project(dataSource, PLACES.calais, 150, 20) }),
    // To be deleted, merged and restored below.
    at(15),
    at(16, { siteId: camp.id }),
    at(17, { location: await project(dataSource, PLACES.calais, 100, 180) }),
  ];
  const records = await given.observations(dataSource, inputs);
  const ids = records.map((record) => record.id);
  const [deleted, merged, restored] = ids.slice(-3) as [string, string, string];
  await observations.remove(deleted);
  await observations.remove(restored);
  await observations.restore(restored);
  const kept = records[0]!;
  await duplicates.merge(kept.id, { duplicateId: merged, version: kept.version } as never);
  // A coordinator's "not a duplicate": the bulk refresh keeps it as it is.
  await duplicates.dismiss(ids[0]!, ids[2]!);
  return ids;
}

/** Runs `work` in a transaction rolled back afterwards: the other tests' data stay as they were. */
async function rolledBack<T>(db: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    return await work(runner);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('possible duplicates computed in bulk', () => {
  let ids: string[];
  let incremental: PairRow[];

  beforeAll(async () => {
    ids = await writeDataSet();
    incremental = await pairsOf(ids, dataSource);
  });

  it('the data set has pairs of every kind to find', () => {
    const possible = incremental.filter((pair) => pair.status === 'possible');
    expect(possible.length).toBeGreaterThanOrEqual(20);
    expect(incremental.filter((pair) => pair.status === 'dismissed')).toHaveLength(1);
    // The deleted and the merged records keep no possible pair.
    for (const gone of ids.slice(-3, -1)) {
      expect(possible.some((pair) => pair.observation_a === gone || pair.observation_b === gone)).toBe(false);
    }
  });

  for (const rebuild of [false, true]) {
    it(`finds exactly the pairs the writes keep (${rebuild ? 'rebuilding the indexes and foreign keys' : 'inserting into the table as it is'})`, async () => {
      const shape = await pairTableShape(dataSource);
      // The API's role cannot rebuild (not the owner): it inserts; the owner can do either.
      await rolledBack(rebuild ? owner : dataSource, async (runner) => {
        // Wrong pairs to remove (a possible pair of two different kinds) and missing ones to add.
        await runner.query(
          `DELETE FROM observation_duplicates
            WHERE status = 'possible' AND (observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[]))`,
          [ids],
        );
        const [a, b] = [ids[0]!, ids[10]!].sort();
        await runner.query(
          `INSERT INTO observation_duplicates (observation_a, observation_b) VALUES ($1, $2)`,
          [a, b],
        );

        const result = await refreshAllDuplicates(runner, DEFAULT_DUPLICATE_RULE, { rebuild });

        expect(await pairsOf(ids, runner)).toEqual(incremental);
        expect(result.removed).toBeGreaterThanOrEqual(1);
        expect(result.added).toBeGreaterThanOrEqual(incremental.length - 1);
        expect(await pairTableShape(runner)).toEqual(shape);
        // The records show their pairs again (what the list reads).
        for (const id of ids) {
          const expected = incremental
            .filter(
              (pair) =>
                pair.status === 'possible' && (pair.observation_a === id || pair.observation_b === id),
            )
            .map((pair) => (pair.observation_a === id ? pair.observation_b : pair.observation_a));
          const record = await new ObservationsRepository(dataSource).findOne(id, runner.manager);
          expect([...(record?.possibleDuplicateIds ?? [])].sort(), `record ${id}`).toEqual(
            record?.deletedAt === null ? expected.sort() : [],
          );
        }

        // Run again: nothing to do.
        expect(await refreshAllDuplicates(runner, DEFAULT_DUPLICATE_RULE, { rebuild })).toEqual({
          removed: 0,
          added: 0,
        });
      });
    });
  }
});
