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
 */
export const INSERT_PAIRS_OF_SET_SQL = `
  INSERT INTO observation_duplicates (observation_a, observation_b)
  SELECT DISTINCT least(o.id, m.id), greatest(o.id, m.id)
    FROM observations o
   CROSS JOIN LATERAL (SELECT d.id FROM observations d WHERE ${RECORD_MATCH}) m
   WHERE o.id = ANY($1::uuid[]) AND o.deleted_at IS NULL
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
 * Every pair of the database in one statement, for data loaded in bulk (demo set, benchmark) or a
 * changed rule: drops the `possible` pairs that no longer match, adds the missing ones, keeps the
 * dismissed ones, and records the rule. The rows it deletes and those it inserts are disjoint, so
 * the two parts never conflict. `$1`/`$2`: the rule (metres, minutes).
 *
 * Each pair is found once, from the record that starts first (`o`; the smaller id on a tie): the
 * other starts at most `window` minutes later, half the index range a one-sided search scans. Same
 * pairs as `duplicateMatch`, which the integration tests check.
 */
export const REFRESH_ALL_PAIRS_SQL = `
  WITH candidates AS (
    SELECT least(o.id, d.id) AS a, greatest(o.id, d.id) AS b
      FROM observations o
      JOIN observations d
        ON d.kind = o.kind AND d.id <> o.id AND d.deleted_at IS NULL
       AND d.started_at >= o.started_at
       AND d.started_at <= o.started_at + make_interval(mins => $2::int)
       AND (d.started_at > o.started_at OR d.id > o.id)
       AND ${placeMatch('o', 'd', '$1::float8')}
     WHERE o.deleted_at IS NULL
  ), stale AS (
    DELETE FROM observation_duplicates p
     WHERE p.status = 'possible'
       AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.a = p.observation_a AND c.b = p.observation_b)
    RETURNING 1
  ), added AS (
    INSERT INTO observation_duplicates (observation_a, observation_b)
    SELECT a, b FROM candidates
    ON CONFLICT (observation_a, observation_b) DO NOTHING
    RETURNING 1
  ), fact AS (
    INSERT INTO dataset_facts (key, value, updated_at)
    VALUES ('${DUPLICATE_RULE_FACT_KEY}', jsonb_build_object('radiusM', $1::float8, 'windowMinutes', $2::int), now())
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
  )
  SELECT (SELECT count(*) FROM stale)::int AS removed, (SELECT count(*) FROM added)::int AS added`;

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

/**
 * Refreshes every pair after data was loaded in bulk or the rule changed, in one statement;
 * returns the pairs removed and added.
 */
export async function refreshAllDuplicates(
  db: Queryable,
  rule: DuplicateRule,
): Promise<{ removed: number; added: number }> {
  const result = await db.query(REFRESH_ALL_PAIRS_SQL, [rule.radiusM, rule.windowMinutes]);
  return rowsOf<{ removed: number; added: number }>(result)[0] ?? { removed: 0, added: 0 };
}

/** The rule the stored pairs were last computed with in bulk; null when never recorded. */
export async function storedDuplicateRule(db: Queryable): Promise<DuplicateRule | null> {
  const result = await db.query(`SELECT value FROM dataset_facts WHERE key = $1`, [DUPLICATE_RULE_FACT_KEY]);
  return rowsOf<{ value: DuplicateRule }>(result)[0]?.value ?? null;
}
