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
 *
 * When the new records are many beside the live ones (`COPY_LIVE_UP_TO`), the snapshot's live
 * records are first copied into that table (as batch 0), and each batch is paired against the
 * table alone. Searched in `observations`, the index's range around each new record also holds the
 * writer's records written so far, which the snapshot cannot see but must fetch from the heap to
 * know it: by the end of a 50,000-row import into 100,000 records, more entries than the snapshot's
 * own. The copy costs a few µs per live record, the search in `observations` ~100 µs more per new
 * record late in such an import.
 */

/**
 * The live records are copied when they are at most this many times the records about to be
 * created (100,000 records take ~0.5 s to copy and index, on the second connection).
 */
export const COPY_LIVE_UP_TO = 10;

const CREATE_TABLE_SQL = `
  CREATE TEMP TABLE vigie_bulk_new (
    id         uuid NOT NULL,
    batch      int NOT NULL,
    kind       text NOT NULL,
    started_at timestamptz NOT NULL,
    location   geometry,
    site_id    uuid,
    deleted_at timestamptz
  ) ON COMMIT DROP`;

/** Built after the copy of the live records, if any: once rather than row by row. */
const INDEX_SQL = [
  `ALTER TABLE pg_temp.vigie_bulk_new ADD PRIMARY KEY (id)`,
  `CREATE INDEX ON pg_temp.vigie_bulk_new (kind, started_at)`,
  `CREATE INDEX ON pg_temp.vigie_bulk_new (batch)`,
];

/**
 * `$1`: a limit. The live records, counted up to one more than the limit: the count costs at most
 * a fraction of the copy it decides.
 */
const LIVE_RECORDS_SQL = `
  SELECT count(*)::int AS n FROM (SELECT 1 FROM observations WHERE deleted_at IS NULL LIMIT $1::bigint + 1) l`;

/** The snapshot's live records, as batch 0. */
const COPY_LIVE_SQL = `
  INSERT INTO pg_temp.vigie_bulk_new (id, batch, kind, started_at, location, site_id)
  SELECT id, 0, kind, started_at, location, site_id FROM observations WHERE deleted_at IS NULL`;

const ADD_BATCH_SQL = `
  INSERT INTO pg_temp.vigie_bulk_new (id, batch, kind, started_at, location, site_id)
  SELECT r.id, $2, r.kind, r.started_at, r.location::geometry, r.site_id
    FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, kind text, started_at timestamptz, location text, site_id uuid)`;

const MATCH = duplicateMatch('o', 'd', '$2::float8', '$3::int');

/**
 * `$1`: the batch, `$2`/`$3`: the rule. Each pair once, smaller id first. The live records are
 * searched in `observations` as the snapshot sees them, or in the table once copied into it.
 */
function batchPairsSql(liveCopied: boolean): string {
  const inTable = `SELECT d.id FROM pg_temp.vigie_bulk_new d WHERE ${MATCH}`;
  const candidates = liveCopied
    ? inTable
    : `SELECT d.id FROM observations d WHERE ${MATCH} UNION ALL ${inTable}`;
  return `
  SELECT DISTINCT least(o.id, m.id) AS a, greatest(o.id, m.id) AS b
    FROM pg_temp.vigie_bulk_new o CROSS JOIN LATERAL (${candidates}) m
   WHERE o.batch = $1`;
}

const BATCH_PAIRS_SQL = batchPairsSql(false);
const BATCH_PAIRS_COPIED_SQL = batchPairsSql(true);

/** `$1`/`$2`: the pairs' smaller and greater ids. Dismissed pairs stay as they are. */
const INSERT_FOUND_SQL = `
  INSERT INTO observation_duplicates (observation_a, observation_b)
  SELECT p.a, p.b FROM unnest($1::uuid[], $2::uuid[]) AS p(a, b) ORDER BY p.a, p.b
  ON CONFLICT (observation_a, observation_b) DO NOTHING`;

export interface BulkPairingOptions {
  /** How many records the writer plans to create (an upper bound will do). */
  planned: number;
  /** Copy the live records (`true`) or search them in `observations` (`false`), whatever the sizes. */
  copyLive?: boolean;
}

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
  /** Whether the live records were copied into the table (decided with the first batch). */
  private copied = false;
  /** The last statement sent on the second connection (it never rejects: see `failure`). */
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  /** Per batch added and not yet inserted by the writer: its pairs, once found. */
  private readonly found: Promise<{ a: string[]; b: string[] }>[] = [];
  private closed = false;

  private constructor(
    private readonly runner: QueryRunner,
    private readonly rule: DuplicateRule,
    private readonly options: BulkPairingOptions,
  ) {}

  /** Takes the second connection; to be done before the writers' lock. */
  static async open(
    dataSource: DataSource,
    rule: DuplicateRule,
    options: BulkPairingOptions,
  ): Promise<BulkPairing> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return new BulkPairing(runner, rule, options);
  }

  /** Whether the live records were copied (known once the first batch's search has started). */
  get copiedLiveRecords(): boolean {
    return this.copied;
  }

  /** Starts the search of one batch of records the writer is creating (it holds the writers' lock). */
  add(records: readonly NewRecord[]): void {
    if (records.length === 0) return;
    if (this.batches === 0) this.send((q) => this.start(q));
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
      pairs = await q.query(this.copied ? BATCH_PAIRS_COPIED_SQL : BATCH_PAIRS_SQL, [
        batch,
        this.rule.radiusM,
        this.rule.windowMinutes,
      ]);
    });
    const done = this.tail.then(() => {
      if (this.failure !== null) throw this.failure;
      return { a: pairs.map((pair) => pair.a), b: pairs.map((pair) => pair.b) };
    });
    done.catch(() => undefined);
    this.found.push(done);
  }

  /** Opens the snapshot, creates the table and copies the live records into it if worth it. */
  private async start(q: QueryRunner): Promise<void> {
    await q.startTransaction('REPEATABLE READ');
    // Each batch's search is planned anew, and the copied records make its estimated cost high
    // enough for JIT compilation, which costs more than the search itself (~150 ms a batch).
    await q.query(`SET LOCAL jit = off`);
    await q.query(CREATE_TABLE_SQL);
    this.copied = this.options.copyLive ?? (await this.worthCopying(q));
    if (this.copied) await q.query(COPY_LIVE_SQL);
    for (const statement of INDEX_SQL) await q.query(statement);
  }

  private async worthCopying(q: QueryRunner): Promise<boolean> {
    const limit = COPY_LIVE_UP_TO * this.options.planned;
    const [live] = (await q.query(LIVE_RECORDS_SQL, [limit])) as { n: number }[];
    return live!.n <= limit;
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
