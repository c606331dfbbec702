import type { DuplicateRule } from '../config/duplicate-rule-settings';

/*
 * Possible duplicates of observations (DESIGN §3; the rule in docs/duplicates.md): two teams often
 * document the same eviction. The pairs are materialised in `observation_duplicates` (one row per
 * unordered pair, smaller id first) and refreshed in the transaction of every write of an
 * observation, so that reading them costs an index look-up, in lists too. `dismissed` rows are a
 * coordinator's "not a duplicate": no refresh ever touches them.
 *
 * No Nest or TypeORM import: `db/cli.ts` and the benchmark set-up run the bulk refresh too.
 */

/**
 * Whether live observation `d` is a possible duplicate of `o` (aliases given by the caller; the
 * thresholds are the bound parameters named by `radius` and `window`, in metres and minutes):
 * - same kind, and start times at most `window` minutes apart;
 * - two records linked to two different sites are two operations, never a pair; two records of the
 *   same site are a pair whatever the distance (a camp such as Loon-Plage spans several hundred
 *   metres); otherwise (one or both without a site) the points are at most `radius` metres apart.
 * Who recorded them does not matter: one person typing in two teams' paper forms, or entering the
 * same eviction twice, makes a duplicate as surely as two teams do.
 *
 * The `(kind, started_at)` partial index finds the few live records of the kind in the
 * `2 × window` range; the site and the distance are checked on those.
 */
export function duplicateMatch(o: string, d: string, radius: string, window: string): string {
  return `${d}.kind = ${o}.kind AND ${d}.id <> ${o}.id AND ${d}.deleted_at IS NULL
     AND ${d}.started_at >= ${o}.started_at - make_interval(mins => ${window})
     AND ${d}.started_at <= ${o}.started_at + make_interval(mins => ${window})
     AND ${placeMatch(o, d, radius)}`;
}

/** Same site, or (one of them without a site) within `radius` metres. */
function placeMatch(o: string, d: string, radius: string): string {
  return `CASE WHEN ${o}.site_id IS NOT NULL AND ${d}.site_id IS NOT NULL THEN ${o}.site_id = ${d}.site_id
          ELSE ${d}.location && ST_Expand(${o}.location, ${radius} / ${METRES_PER_DEGREE_BELOW_60N})
               AND ST_DWithin(${d}.location::geography, ${o}.location::geography, ${radius}) END`;
}

/**
 * A degree of longitude is at least this many metres south of 60° N (55.8 km there; ~70 km on the
 * coast): a box of `radius / this` degrees around a point holds every point within `radius` metres,
 * so the cheap box test spares the geodesic distance most candidates, and changes no answer.
 */
const METRES_PER_DEGREE_BELOW_60N = 55_000;

/**
 * One advisory lock serialises the writers of observations: two records of the same eviction
 * created at the same moment in two transactions would otherwise not see each other and never be
 * paired. Taken at the start of the transaction, before any row lock and the audit chain's lock.
 */
export const DUPLICATES_LOCK_KEY = 0x76647570; // "vdup"

/** The parameters of the per-record statements: the observation, then the rule. */
export function recordParameters(id: string, rule: DuplicateRule): [string, number, number] {
  return [id, rule.radiusM, rule.windowMinutes];
}

const RECORD_MATCH = duplicateMatch('o', 'd', '$2::float8', '$3::int');

/** `$1`: the observation, `$2`/`$3`: the rule. Drops its `possible` pairs that no longer match. */
export const REMOVE_STALE_PAIRS_SQL = `
  DELETE FROM observation_duplicates p
   WHERE (p.observation_a = $1 OR p.observation_b = $1) AND p.status = 'possible'
     AND NOT EXISTS (
       SELECT 1 FROM observations o JOIN observations d ON ${RECORD_MATCH}
        WHERE o.id = $1 AND o.deleted_at IS NULL
          AND d.id = CASE WHEN p.observation_a = $1 THEN p.observation_b ELSE p.observation_a END)`;

/**
 * `$1`: the observation, `$2`/`$3`: the rule. Adds its current candidates; existing rows (dismissed
 * ones) stay as they are.
 */
export const INSERT_PAIRS_SQL = `
  INSERT INTO observation_duplicates (observation_a, observation_b)
  SELECT least(o.id, d.id), greatest(o.id, d.id)
    FROM observations o JOIN observations d ON ${RECORD_MATCH}
   WHERE o.id = $1 AND o.deleted_at IS NULL
  ON CONFLICT (observation_a, observation_b) DO NOTHING`;

/**
 * `$1`: new observations (uuid[]), `$2`/`$3`: the rule. Adds the pairs of records written in bulk
 * (an import), which have no pairs yet: between themselves and with every other live record.
 * LATERAL: one range scan of the `(kind, started_at)` index per new record (see below).
 *
 * Each new record is read by its primary key (`OFFSET 0` keeps that subquery from being pulled
 * up): given `id = ANY($1)`, with the statistics of the table before the import, the planner read
 * the whole covering index and filtered it on the ids instead (80 of 143 ms for 1,000 new records
 * among 150,000; the array's 1,000 constants also cost ~20 ms of planning).
 */
export const INSERT_PAIRS_OF_SET_SQL = `
  INSERT INTO observation_duplicates (observation_a, observation_b)
  SELECT DISTINCT least(o.id, m.id), greatest(o.id, m.id)
    FROM unnest($1::uuid[]) AS n(id)
   CROSS JOIN LATERAL (SELECT o.id, o.kind, o.started_at, o.location, o.site_id
                         FROM observations o WHERE o.id = n.id AND o.deleted_at IS NULL OFFSET 0) o
   CROSS JOIN LATERAL (SELECT d.id FROM observations d WHERE ${RECORD_MATCH}) m
  ON CONFLICT (observation_a, observation_b) DO NOTHING`;

/**
 * The live observations a record not yet written would pair with (an import's dry run): `$1` a
 * JSON array of `{ row, kind, startedAt, lon, lat, siteId }`, `$2`/`$3` the rule. One row per
 * candidate that has any, with the ids oldest first.
 *
 * LATERAL makes each candidate one range scan of the `(kind, started_at)` index: as a plain join,
 * with every row of a file of one kind, the planner hash-joined on `kind` alone and filtered the
 * cross product (30 million pairs for 1,000 rows against 100,000 records: 2.8 s instead of 0.17 s).
 */
export const CANDIDATE_DUPLICATES_SQL = `
  WITH c AS (
    SELECT r.row, r.kind, r.started_at, r.site_id, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326) AS location
      FROM jsonb_to_recordset($1::jsonb)
           AS r("row" int, kind text, started_at timestamptz, lon float8, lat float8, site_id uuid)
  )
  SELECT c.row, m.ids
    FROM c CROSS JOIN LATERAL (
      SELECT array_agg(d.id ORDER BY d.started_at, d.id) AS ids
        FROM observations d
       WHERE d.kind = c.kind AND d.deleted_at IS NULL
         AND d.started_at >= c.started_at - make_interval(mins => $3::int)
         AND d.started_at <= c.started_at + make_interval(mins => $3::int)
         AND ${placeMatch('c', 'd', '$2::float8')}) m
   WHERE m.ids IS NOT NULL`;

/** The `dataset_facts` key recording the rule the stored pairs were last computed with. */
export const DUPLICATE_RULE_FACT_KEY = 'duplicate_rule';

/**
 * Every pair of live observations, each once (`a` < `b`), for the bulk refresh: the same pairs as
 * `duplicateMatch`, which the integration tests check, found in two disjoint parts.
 * - Both records linked to a site (95 % of them): a pair is two records of the same kind and site
 *   whose starts are at most `window` apart. One sort by (kind, site, start) and a window frame of
 *   `window` after each record list them: no index probe per record, and the records of the other
 *   sites in the same hours (the morning rounds: ~80 per record on the benchmark set) are never
 *   looked at. The frame's `CURRENT ROW` includes the records starting at the same instant: of
 *   those, the pair is kept from the smaller id only.
 * - At least one record without a site: for each record without a site, one range scan of the
 *   `(kind, started_at)` index over ±`window`, then the box and the geodesic distance. A pair of two
 *   records without a site is kept from the one that starts first (smaller id on a tie). The box
 *   test stays inside a CASE so that the planner never answers it from the GiST index on
 *   `location` instead (the sites' camps hold thousands of points in one box).
 *
 * `radius` and `window` are SQL expressions (the window-frame offset can be no column).
 */
function allPairsSql(radius: string, window: string): string {
  return `
  SELECT least(x.id, y.id) AS a, greatest(x.id, y.id) AS b
    FROM (SELECT o.id, o.started_at, array_agg(o.id) OVER w AS ids, array_agg(o.started_at) OVER w AS starts
            FROM observations o
           WHERE o.deleted_at IS NULL AND o.site_id IS NOT NULL
          WINDOW w AS (PARTITION BY o.kind, o.site_id ORDER BY o.started_at
                       RANGE BETWEEN CURRENT ROW AND make_interval(mins => ${window}) FOLLOWING)) x
   CROSS JOIN LATERAL unnest(x.ids, x.starts) AS y(id, started_at)
   WHERE y.started_at > x.started_at OR y.id > x.id
  UNION ALL
  SELECT least(o.id, d.id), greatest(o.id, d.id)
    FROM observations o
    JOIN observations d
      ON d.kind = o.kind AND d.id <> o.id AND d.deleted_at IS NULL
     AND d.started_at >= o.started_at - make_interval(mins => ${window})
     AND d.started_at <= o.started_at + make_interval(mins => ${window})
     AND (d.site_id IS NOT NULL OR d.started_at > o.started_at OR (d.started_at = o.started_at AND d.id > o.id))
     AND CASE WHEN d.location && ST_Expand(o.location, ${radius} / ${METRES_PER_DEGREE_BELOW_60N})
              THEN ST_DWithin(d.location::geography, o.location::geography, ${radius}) ELSE false END
   WHERE o.deleted_at IS NULL AND o.site_id IS NULL`;
}

/** Every pair of live observations (`a`, `b`); `$1`/`$2`: the rule (metres, minutes). */
export const ALL_PAIRS_SQL = allPairsSql('$1::float8', '$2::int');

/**
 * The ids of the live possible duplicates of observation `o`, oldest first, as a JSON array; with
 * `validatedOnly`, only validated ones (communication must not learn that a draft exists).
 */
export function possibleDuplicateIdsSql(validatedOnly: boolean): string {
  return `coalesce((
  SELECT json_agg(d.id ORDER BY d.started_at, d.id)
    FROM observation_duplicates p
    JOIN observations d
      ON d.id = CASE WHEN p.observation_a = o.id THEN p.observation_b ELSE p.observation_a END
   WHERE (p.observation_a = o.id OR p.observation_b = o.id) AND p.status = 'possible'
     AND d.deleted_at IS NULL${validatedOnly ? ` AND d.status = 'validated'` : ''}), '[]'::json)`;
}

/** What a data source, a query runner and a `pg` client have in common. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Rows of a query, whether TypeORM (the rows) or `pg` (a result holding them in `rows`) ran it. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** A `pg` client, or a TypeORM query runner (which can open and close a transaction). */
interface QueryRunnerLike extends Queryable {
  isTransactionActive: boolean;
  startTransaction(): Promise<void>;
  commitTransaction(): Promise<void>;
  rollbackTransaction(): Promise<void>;
}

/** A TypeORM data source: a pool, each query on any of its connections. */
interface DataSourceLike extends Queryable {
  createQueryRunner(): QueryRunnerLike & { release(): Promise<void> };
}

/**
 * Runs `work` on one connection inside one transaction: a data source lends a connection, a query
 * runner already in a transaction is used as it is (its transaction, its outcome), anything else
 * (a `pg` client, outside a transaction) is wrapped in BEGIN … COMMIT.
 */
async function inOneTransaction<T>(db: Queryable, work: (q: Queryable) => Promise<T>): Promise<T> {
  if ('createQueryRunner' in db) {
    const runner = (db as DataSourceLike).createQueryRunner();
    try {
      return await inOneTransaction(runner, work);
    } finally {
      await runner.release();
    }
  }
  if ('isTransactionActive' in db) {
    const runner = db as QueryRunnerLike;
    if (runner.isTransactionActive) return work(runner);
    await runner.startTransaction();
    try {
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }
  await db.query('BEGIN');
  try {
    const result = await work(db);
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

/**
 * Below this many new pairs the bulk refresh inserts them into the table as it is; above it (and
 * above a quarter of the pairs already stored), when the session owns the table, it drops the
 * table's indexes and its foreign keys to `observations`, appends the pairs, and builds them again
 * (see `REBUILD_PAIRS_SQL`). The option `rebuild` of `refreshAllDuplicates` decides instead.
 */
export const REBUILD_PAIRS_ABOVE = 50_000;

/**
 * The bulk insert of `pg_temp.vigie_new_pairs` as the owner of `observation_duplicates`: each
 * inserted row would otherwise probe (and share-lock) both observations for its foreign keys and
 * descend two B-trees at random places, ~140 µs a pair on the 200,000-record set; a sorted build of
 * the indexes and one join per foreign key check the same thing at a fraction of the cost. The
 * definitions are read from the catalogue and restored as they were (names included). The table
 * has no trigger of its own: nothing else runs while its indexes are missing.
 */
const REBUILD_PAIRS_SQL = `
DO $rebuild$
DECLARE
  item record;
  fks text[] := '{}';
  indexes text[] := '{}';
  statement text;
BEGIN
  FOR item IN
    SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
     WHERE c.conrelid = 'observation_duplicates'::regclass AND c.contype = 'f'
       AND c.confrelid = 'observations'::regclass
  LOOP
    fks := fks || format('ALTER TABLE observation_duplicates ADD CONSTRAINT %I %s', item.conname, item.def);
    EXECUTE format('ALTER TABLE observation_duplicates DROP CONSTRAINT %I', item.conname);
  END LOOP;
  FOR item IN
    SELECT i.indexrelid, c.conname, pg_get_constraintdef(c.oid) AS condef, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
     WHERE i.indrelid = 'observation_duplicates'::regclass
  LOOP
    IF item.conname IS NOT NULL THEN
      indexes := indexes || format('ALTER TABLE observation_duplicates ADD CONSTRAINT %I %s', item.conname, item.condef);
      EXECUTE format('ALTER TABLE observation_duplicates DROP CONSTRAINT %I', item.conname);
    ELSE
      indexes := indexes || item.def;
      EXECUTE format('DROP INDEX %s', item.indexrelid::regclass);
    END IF;
  END LOOP;
  INSERT INTO observation_duplicates (observation_a, observation_b) SELECT a, b FROM pg_temp.vigie_new_pairs;

  -- The foreign keys first, each checked by one hash join (hence the statistics): with the
  -- indexes in place the planner would walk the new heap in index order, at random.
  ANALYZE observation_duplicates;
  FOREACH statement IN ARRAY fks || indexes LOOP EXECUTE statement; END LOOP;
END
$rebuild$`;

/**
 * Refreshes every pair after data was loaded in bulk or the rule changed, in one transaction (the
 * caller's, when given a query runner inside one): drops the `possible` pairs that no longer match,
 * adds the missing ones, keeps the dismissed ones, records the rule; returns the pairs removed and
 * added. Serialised with the writers of observations (`DUPLICATES_LOCK_KEY`).
 *
 * The pairs are computed once into a temporary table (`ALL_PAIRS_SQL`), then compared with the
 * stored ones by two hash joins. `rebuild`: force or forbid the rebuild (see `REBUILD_PAIRS_ABOVE`).
 */
export async function refreshAllDuplicates(
  db: Queryable,
  rule: DuplicateRule,
  options: { rebuild?: boolean } = {},
): Promise<{ removed: number; added: number }> {
  return inOneTransaction(db, async (q) => {
    await q.query(`SELECT pg_advisory_xact_lock($1)`, [DUPLICATES_LOCK_KEY]);
    // Hash joins and sorts of millions of pairs in memory; reset when the transaction ends.
    await q.query(
      `SELECT set_config('work_mem', '256MB', true), set_config('maintenance_work_mem', '512MB', true)`,
    );
    await q.query(`DROP TABLE IF EXISTS pg_temp.vigie_found_pairs, pg_temp.vigie_new_pairs`);
    await q.query(`CREATE TEMP TABLE vigie_found_pairs ON COMMIT DROP AS ${ALL_PAIRS_SQL}`, [
      rule.radiusM,
      rule.windowMinutes,
    ]);
    await q.query(`ANALYZE pg_temp.vigie_found_pairs`);
    const [{ removed }] = rowsOf<{ removed: number }>(
      await q.query(`
        WITH stale AS (
          DELETE FROM observation_duplicates p
           WHERE p.status = 'possible'
             AND NOT EXISTS (SELECT 1 FROM pg_temp.vigie_found_pairs f
                              WHERE f.a = p.observation_a AND f.b = p.observation_b)
          RETURNING 1)
        SELECT count(*)::int AS removed FROM stale`),
    ) as [{ removed: number }];
    // Nothing stored (a first pairing): every pair found is new, no need to compare.
    const [{ empty }] = rowsOf<{ empty: boolean }>(
      await q.query(`SELECT NOT EXISTS (SELECT 1 FROM observation_duplicates) AS empty`),
    ) as [{ empty: boolean }];
    if (empty) {
      await q.query(`ALTER TABLE pg_temp.vigie_found_pairs RENAME TO vigie_new_pairs`);
    } else {
      await q.query(`
        CREATE TEMP TABLE vigie_new_pairs ON COMMIT DROP AS
        SELECT f.a, f.b FROM pg_temp.vigie_found_pairs f
         WHERE NOT EXISTS (SELECT 1 FROM observation_duplicates p
                            WHERE p.observation_a = f.a AND p.observation_b = f.b)`);
    }
    const [{ added, kept, owner }] = rowsOf<{ added: number; kept: number; owner: boolean }>(
      await q.query(`
        SELECT (SELECT count(*) FROM pg_temp.vigie_new_pairs)::int AS added,
               greatest(c.reltuples, 0)::float8 AS kept, pg_has_role(c.relowner, 'USAGE') AS owner
          FROM pg_class c WHERE c.oid = 'observation_duplicates'::regclass`),
    ) as [{ added: number; kept: number; owner: boolean }];
    const rebuild = options.rebuild ?? (owner && added >= REBUILD_PAIRS_ABOVE && added >= kept / 4);
    if (rebuild && added > 0) {
      await q.query(REBUILD_PAIRS_SQL);
    } else if (added > 0) {
      await q.query(`
        INSERT INTO observation_duplicates (observation_a, observation_b)
        SELECT a, b FROM pg_temp.vigie_new_pairs ORDER BY a, b`);
    }
    await q.query(
      `INSERT INTO dataset_facts (key, value, updated_at)
       VALUES ($1, jsonb_build_object('radiusM', $2::float8, 'windowMinutes', $3::int), now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [DUPLICATE_RULE_FACT_KEY, rule.radiusM, rule.windowMinutes],
    );
    await q.query(`DROP TABLE IF EXISTS pg_temp.vigie_found_pairs, pg_temp.vigie_new_pairs`);
    return { removed, added };
  });
}

/** The rule the stored pairs were last computed with in bulk; null when never recorded. */
export async function storedDuplicateRule(db: Queryable): Promise<DuplicateRule | null> {
  const result = await db.query(`SELECT value FROM dataset_facts WHERE key = $1`, [DUPLICATE_RULE_FACT_KEY]);
  return rowsOf<{ value: DuplicateRule }>(result)[0]?.value ?? null;
}
