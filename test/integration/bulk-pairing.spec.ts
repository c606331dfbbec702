import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_DUPLICATE_RULE } from '../../apps/api/src/config/duplicate-rule-settings';
import { pointEwkt } from '../../apps/api/src/imports/targets/import-target';
import {
  BulkPairing,
  type BulkPairingOptions,
  type NewRecord,
} from '../../apps/api/src/observations/bulk-pairing';
import { DUPLICATES_LOCK_KEY, duplicateMatch } from '../../apps/api/src/observations/duplicates.sql';
import { connect, given, type ObservationInput, PLACES, project } from '../support/given';

/*
 * An import's commit pairs its new records on a second connection (`BulkPairing`), either against
 * `observations` as its snapshot sees them or against a copy of the live records it makes first.
 * Both must store exactly the pairs the rule gives, with the writer's records invisible to the
 * snapshot: new records paired with older ones, among themselves in one batch and across batches,
 * and none with a deleted record, another kind or another camp.
 */

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
});

afterAll(async () => {
  await dataSource.destroy();
});

const MINUTE = 60_000;
/** Every record written here is in 1947, a year no other test file writes. */
const START = Date.UTC(1947, 5, 2, 5, 0);
const iso = (minutes: number) => new Date(START + minutes * MINUTE).toISOString();

interface Written {
  older: string[];
  camp: string;
  otherCamp: string;
  deleted: string;
}

/**
 * The records already there, in clusters more than the window apart: one without a site, another
 * kind, the camp's, one more without a site, and a deleted one.
 */
async function writeOlder(): Promise<Written> {
  const [camp, otherCamp] = await Promise.all([
    given.site(dataSource, { location: PLACES.calais }),
    given.site(dataSource, { location: await project(dataSource, PLACES.calais, 40, 90) }),
  ]);
  const at = (minutes: number, overrides: ObservationInput = {}): ObservationInput => ({
    startedAt: iso(minutes),
    endedAt: null,
    location: PLACES.calais,
    ...overrides,
  });
  const records = await given.observations(dataSource, [
    at(0),
    at(0, { kind: 'dispersal' }),
    at(500, { siteId: camp.id, location: await project(dataSource, PLACES.calais, 700, 0) }),
    at(1_000),
  ]);
  const deleted = await given.deletedObservation(dataSource, at(2_000));
  return {
    older: records.map((record) => record.id),
    camp: camp.id,
    otherCamp: otherCamp.id,
    deleted: deleted.id,
  };
}

/** The new records, in two batches, as an import's commit would write them. */
async function newBatches(older: Written): Promise<NewRecord[][]> {
  const record = async (
    minutes: number,
    metres: number,
    siteId: string | null = null,
  ): Promise<NewRecord> => ({
    id: randomUUID(),
    kind: 'eviction',
    startedAt: iso(minutes),
    location: pointEwkt(await project(dataSource, PLACES.calais, metres, 180)),
    siteId,
  });
  const first = [
    await record(119, 250), // 0: the first older record's (119 min, 250 m), not the other kind's
    await record(-121, 10), // 1: 121 min before it: none
    await record(520, 900, older.camp), // 2: the camp's, 1.6 km apart
    await record(510, 30, older.otherCamp), // 3: another camp: none
    await record(1_005, 280), // 4: the fourth older record's …
    await record(1_006, 290), // 5: … this one's and the fourth's, in one batch
    await record(2_000, 0), // 6: where and when the deleted record was: none
  ];
  const second = [
    await record(1_010, 100), // 0: the fourth older record's, and the first batch's 4 and 5
    await record(5_000, 0), // 1: alone
  ];
  return [first, second];
}

async function insertRecords(runner: QueryRunner, records: readonly NewRecord[]): Promise<void> {
  await runner.query(
    `INSERT INTO observations (id, kind, started_at, location, site_id, status)
     SELECT r.id, r.kind, r."startedAt", r.location::geometry, r."siteId", 'submitted'
       FROM jsonb_to_recordset($1::jsonb)
            AS r(id uuid, kind text, "startedAt" timestamptz, location text, "siteId" uuid)`,
    [JSON.stringify(records)],
  );
}

interface Pair {
  a: string;
  b: string;
}

/**
 * Writes the batches in one transaction as a commit does (the pairs of a batch inserted once the
 * next is written), then answers the stored and the expected pairs of the new records, and rolls
 * back.
 */
async function commitLike(
  batches: NewRecord[][],
  options: BulkPairingOptions,
): Promise<{ stored: Pair[]; expected: Pair[]; copied: boolean }> {
  const rule = DEFAULT_DUPLICATE_RULE;
  const pairing = await BulkPairing.open(dataSource, rule, options);
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query(`SELECT pg_advisory_xact_lock($1)`, [DUPLICATES_LOCK_KEY]);
    for (const batch of batches) {
      await insertRecords(runner, batch);
      await pairing.insertFound(runner.manager);
      pairing.add(batch);
    }
    await pairing.insertFound(runner.manager);
    const copied = pairing.copiedLiveRecords;
    await pairing.close();
    const ids = batches.flat().map((record) => record.id);
    const [{ stored, expected }] = (await runner.query(
      `WITH expected AS (
         SELECT DISTINCT least(o.id, d.id) AS a, greatest(o.id, d.id) AS b
           FROM observations o JOIN observations d ON ${duplicateMatch('o', 'd', '$2::float8', '$3::int')}
          WHERE o.id = ANY($1::uuid[])),
       stored AS (
         SELECT observation_a AS a, observation_b AS b FROM observation_duplicates
          WHERE observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[]))
       SELECT (SELECT coalesce(json_agg(e ORDER BY e.a, e.b), '[]') FROM expected e) AS expected,
              (SELECT coalesce(json_agg(s ORDER BY s.a, s.b), '[]') FROM stored s) AS stored`,
      [ids, rule.radiusM, rule.windowMinutes],
    )) as { stored: Pair[]; expected: Pair[] }[];
    return { stored, expected, copied };
  } finally {
    await pairing.close();
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('the pairs of records created in bulk, searched on a second connection', () => {
  let older: Written;
  let batches: NewRecord[][];

  beforeAll(async () => {
    older = await writeOlder();
    batches = await newBatches(older);
  });

  const pair = (x: string, y: string): Pair => (x < y ? { a: x, b: y } : { a: y, b: x });
  const byIds = (p: Pair, q: Pair) => (p.a + p.b < q.a + q.b ? -1 : 1);

  for (const copyLive of [false, true]) {
    it(`stores exactly the pairs of the rule (${copyLive ? 'live records copied first' : 'searched in observations'})`, async () => {
      const { stored, expected, copied } = await commitLike(batches, { planned: 9, copyLive });
      expect(copied).toBe(copyLive);
      expect(stored).toEqual(expected);
      const [first, second] = batches as [NewRecord[], NewRecord[]];
      const id = (batch: NewRecord[], index: number) => batch[index]!.id;
      const [withoutSite, , camps, later] = older.older as [string, string, string, string];
      expect([...expected].sort(byIds)).toEqual(
        [
          pair(id(first, 0), withoutSite),
          pair(id(first, 2), camps),
          pair(id(first, 4), later),
          pair(id(first, 5), later),
          pair(id(first, 4), id(first, 5)),
          pair(id(second, 0), later),
          pair(id(second, 0), id(first, 4)),
          pair(id(second, 0), id(first, 5)),
        ].sort(byIds),
      );
    });
  }

  it('copies the live records only when the records to create are many beside them', async () => {
    expect((await commitLike(batches, { planned: 0 })).copied).toBe(false);
    expect((await commitLike(batches, { planned: 100_000_000 })).copied).toBe(true);
  });
});
