import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { DuplicateRule } from '../config/duplicate-rule-settings';
import { duplicateMatch } from './duplicates.sql';

/** A record being created in bulk, as its pairing needs it. */
export interface NewRecord {
  id: string;
  kind: string;
  startedAt: string;
  /** EWKT, exactly as the record's INSERT writes it. */
  location: string | null;
  siteId: string | null;
}

/*
 * The search runs on a second connection, in a REPEATABLE READ transaction whose snapshot is taken
 * once the writer holds the writers' lock (`DUPLICATES_LOCK_KEY`): it sees the live records as they
 * were before the bulk write, and nothing can change them until the writer commits. The new records
 * live in a temporary table of that session, batch after batch; each batch is paired against the
 * records of the snapshot and against the new records so far (its own included).
 */

const CREATE_TABLE_SQL = `
  CREATE TEMP TABLE vigie_bulk_new (
    id         uuid PRIMARY KEY,
    batch      int NOT NULL,
    kind       text NOT NULL,
    started_at timestamptz NOT NULL,
    location   geometry,
    site_id    uuid,
    deleted_at timestamptz
  ) ON COMMIT DROP`;

const INDEX_SQL = [
  `CREATE INDEX ON pg_temp.vigie_bulk_new (kind, started_at)`,
  `CREATE INDEX ON pg_temp.vigie_bulk_new (batch)`,
];

const ADD_BATCH_SQL = `
  INSERT INTO pg_temp.vigie_bulk_new (id, batch, kind, started_at, location, site_id)
  SELECT r.id, $2, r.kind, r.started_at, r.location::geometry, r.site_id
    FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, kind text, started_at timestamptz, location text, site_id uuid)`;

const MATCH = duplicateMatch('o', 'd', '$2::float8', '$3::int');

/** `$1`: the batch, `$2`/`$3`: the rule. Each pair once, smaller id first. */
const BATCH_PAIRS_SQL = `
  SELECT DISTINCT least(o.id, m.id) AS a, greatest(o.id, m.id) AS b
    FROM pg_temp.vigie_bulk_new o
   CROSS JOIN LATERAL (SELECT d.id FROM observations d WHERE ${MATCH}
                       UNION ALL
                       SELECT d.id FROM pg_temp.vigie_bulk_new d WHERE ${MATCH}) m
   WHERE o.batch = $1`;

/** `$1`/`$2`: the pairs' smaller and greater ids. Dismissed pairs stay as they are. */
const INSERT_FOUND_SQL = `
  INSERT INTO observation_duplicates (observation_a, observation_b)
  SELECT p.a, p.b FROM unnest($1::uuid[], $2::uuid[]) AS p(a, b) ORDER BY p.a, p.b
  ON CONFLICT (observation_a, observation_b) DO NOTHING`;

/**
 * The possible-duplicate pairs of records created in bulk (an import's commit), searched on a
 * second connection while the writer's transaction inserts them: the search runs on the other core,
 * and the writer only inserts the pairs found. The pairs are those `INSERT_PAIRS_OF_SET_SQL` would
 * add in the writer's transaction once each batch is written (test/e2e/imports.e2e-spec.ts compares
 * them with a recomputation), provided that:
 * - the second connection is taken before the writers' lock (the pool may be exhausted by writers
 *   waiting on that lock) and `add` is first called once the writer holds it;
 * - the writer changes no existing record but those it passes to `finish`, whose pairs are then
 *   refreshed one by one against everything written (the search saw them as they were before).
 *
 * One statement at a time on the second connection: each is sent when the previous one answered.
 */
export class BulkPairing {
  private batches = 0;
  /** The last statement sent on the second connection (it never rejects: see `failure`). */
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  /** Per batch added and not yet inserted by the writer: its pairs, once found. */
  private readonly found: Promise<{ a: string[]; b: string[] }>[] = [];
  private closed = false;

  private constructor(
    private readonly runner: QueryRunner,
    private readonly rule: DuplicateRule,
  ) {}

  /** Takes the second connection; to be done before the writers' lock. */
  static async open(dataSource: DataSource, rule: DuplicateRule): Promise<BulkPairing> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return new BulkPairing(runner, rule);
  }

  /** Starts the search of one batch of records the writer is creating (it holds the writers' lock). */
  add(records: readonly NewRecord[]): void {
    if (records.length === 0) return;
    if (this.batches === 0) {
      this.send(async (q) => {
        await q.startTransaction('REPEATABLE READ');
        await q.query(CREATE_TABLE_SQL);
        for (const statement of INDEX_SQL) await q.query(statement);
      });
    }
    const batch = (this.batches += 1);
    const rows = records.map((record) => ({
      id: record.id,
      kind: record.kind,
      started_at: record.startedAt,
      location: record.location,
      site_id: record.siteId,
    }));
    let pairs: { a: string; b: string }[] = [];
    this.send(async (q) => {
      await q.query(ADD_BATCH_SQL, [JSON.stringify(rows), batch]);
      // The table's statistics once it holds a batch: the planner then uses its indexes.
      if (batch === 1) await q.query(`ANALYZE pg_temp.vigie_bulk_new`);
      pairs = await q.query(BATCH_PAIRS_SQL, [batch, this.rule.radiusM, this.rule.windowMinutes]);
    });
    const done = this.tail.then(() => {
      if (this.failure !== null) throw this.failure;
      return { a: pairs.map((pair) => pair.a), b: pairs.map((pair) => pair.b) };
    });
    done.catch(() => undefined);
    this.found.push(done);
  }

  /**
   * Inserts, in the writer's transaction, the pairs found so far (waiting for the search of every
   * batch added): their records must be written by then.
   */
  async insertFound(manager: EntityManager): Promise<void> {
    for (const batch of this.found.splice(0)) {
      const { a, b } = await batch;
      if (a.length > 0) await manager.query(INSERT_FOUND_SQL, [a, b]);
    }
  }

  /** Ends the second transaction and gives the connection back; whatever the writer's outcome. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    try {
      // It wrote nothing but its temporary table, which the rollback drops (so does the end of a
      // broken connection): a failure here cannot change what the writer did.
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } catch {
      // See above.
    } finally {
      await this.runner.release();
    }
  }

  /** Runs `work` on the second connection after what was sent before, unless something failed. */
  private send(work: (q: QueryRunner) => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.failure !== null) return;
      try {
        await work(this.runner);
      } catch (error) {
        this.failure = error;
      }
    });
  }
}
