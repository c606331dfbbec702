/*
 * Possible duplicates of observations (DESIGN §3): two teams often document the same eviction.
 * The pairs are materialised in `observation_duplicates` (one row per unordered pair, smaller id
 * first) and refreshed in the transaction of every write of an observation, so that reading them
 * costs an index look-up, in lists too. `dismissed` rows are a coordinator's "not a duplicate":
 * no refresh ever touches them.
 *
 * No Nest or TypeORM import: `db/cli.ts` and the benchmark set-up run the bulk refresh too.
 */

/** Same kind, within this distance (metres, on the geography)… */
export const DUPLICATE_RADIUS_M = 300;
/** …and time windows `[startedAt, coalesce(endedAt, startedAt)]` at most this far apart. */
export const DUPLICATE_WINDOW_HOURS = 2;
/** An observation lasts at most 24 h: bounds the index range scanned for candidates. */
const LONGEST_OBSERVATION_HOURS = 24;

/**
 * Whether live observation `d` is a possible duplicate of `o` (aliases given by the caller). The
 * `(kind, started_at)` partial index finds the few live records of the kind in the time range, then
 * the windows and the distance are checked.
 */
export function duplicateMatch(o: string, d: string): string {
  return `${d}.kind = ${o}.kind AND ${d}.id <> ${o}.id AND ${d}.deleted_at IS NULL
     AND ${d}.started_at >= ${o}.started_at - interval '${LONGEST_OBSERVATION_HOURS + DUPLICATE_WINDOW_HOURS} hours'
     AND ${d}.started_at <= coalesce(${o}.ended_at, ${o}.started_at) + interval '${DUPLICATE_WINDOW_HOURS} hours'
     AND coalesce(${d}.ended_at, ${d}.started_at) >= ${o}.started_at - interval '${DUPLICATE_WINDOW_HOURS} hours'
     AND ST_DWithin(${d}.location::geography, ${o}.location::geography, ${DUPLICATE_RADIUS_M})`;
}

/**
 * One advisory lock serialises the writers of observations: two records of the same eviction
 * created at the same moment in two transactions would otherwise not see each other and never be
 * paired. Taken at the start of the transaction, before any row lock and the audit chain's lock.
 */
export const DUPLICATES_LOCK_KEY = 0x76647570; // "vdup"

/** `$1`: the observation. Drops its `possible` pairs that no longer match. */
export const REMOVE_STALE_PAIRS_SQL = `
  DELETE FROM observation_duplicates p
   WHERE (p.observation_a = $1 OR p.observation_b = $1) AND p.status = 'possible'
     AND NOT EXISTS (
       SELECT 1 FROM observations o JOIN observations d ON ${duplicateMatch('o', 'd')}
        WHERE o.id = $1 AND o.deleted_at IS NULL
          AND d.id = CASE WHEN p.observation_a = $1 THEN p.observation_b ELSE p.observation_a END)`;

/** `$1`: the observation. Adds its current candidates; existing rows (dismissed ones) stay as they are. */
export const INSERT_PAIRS_SQL = `
  INSERT INTO observation_duplicates (observation_a, observation_b)
  SELECT least(o.id, d.id), greatest(o.id, d.id)
    FROM observations o JOIN observations d ON ${duplicateMatch('o', 'd')}
   WHERE o.id = $1 AND o.deleted_at IS NULL
  ON CONFLICT (observation_a, observation_b) DO NOTHING`;

/**
 * Every pair of the database in one statement, for data loaded in bulk (demo set, benchmark):
 * drops the `possible` pairs that no longer match, adds the missing ones, keeps the dismissed ones.
 * The rows it deletes and those it inserts are disjoint, so the two parts never conflict.
 *
 * Each pair is found once, from the record that starts first (`o`; the smaller id on a tie): the
 * other then starts between `o`'s start and 2 h after its end, and ends after `o`'s start anyway.
 * That scans a few hours of the index per record instead of the 28 h a one-sided search needs
 * (7× faster on the 200,000-observation benchmark set). Same pairs as `duplicateMatch`, which the
 * integration tests check.
 */
export const REFRESH_ALL_PAIRS_SQL = `
  WITH candidates AS (
    SELECT least(o.id, d.id) AS a, greatest(o.id, d.id) AS b
      FROM observations o
      JOIN observations d
        ON d.kind = o.kind AND d.id <> o.id AND d.deleted_at IS NULL
       AND d.started_at >= o.started_at
       AND d.started_at <= coalesce(o.ended_at, o.started_at) + interval '${DUPLICATE_WINDOW_HOURS} hours'
       AND (d.started_at > o.started_at OR d.id > o.id)
       AND ST_DWithin(d.location::geography, o.location::geography, ${DUPLICATE_RADIUS_M})
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

/** Refreshes every pair after data was loaded in bulk; returns the pairs removed and added. */
export async function refreshAllDuplicates(db: Queryable): Promise<{ removed: number; added: number }> {
  const result = await db.query(REFRESH_ALL_PAIRS_SQL);
  // TypeORM returns the rows; `pg` returns a result whose rows are in `rows`.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    removed: number;
    added: number;
  }[];
  return rows[0] ?? { removed: 0, added: 0 };
}
