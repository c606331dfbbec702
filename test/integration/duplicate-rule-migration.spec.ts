import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCommand } from '../../db/cli';
import { dataSourceOptions, MIGRATIONS } from '../../db/data-source';
import { SharpenDuplicateRule1795412000000 } from '../../db/migrations/1795412000000-SharpenDuplicateRule';
import { dropDatabase, ensureDatabase } from '../../db/provision/index.mts';

/*
 * The stored pairs follow the rule: migration `SharpenDuplicateRule` recomputes them (and `down()`
 * with the previous rule), `setup` (`npm start`) recomputes them when VIGIE_DUPLICATE_* change, and
 * a coordinator's "not a duplicate" survives all of it. On a database of its own: these rewrite
 * every pair of the database.
 */

const MORNING = '2024-05-06T07:00:00Z';

interface Pair {
  a: string;
  b: string;
  status: string;
}

describe('recomputing the possible duplicates when the rule changes', () => {
  const name = `vigie_test_duplicate_rule_${Date.now()}_${process.pid}`;
  let url: string;
  let db: DataSource;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    url = await ensureDatabase(inject('adminDatabaseUrl'), name);
    // The migrations up to this one, so that undoing the last one undoes this one whatever follows.
    const upToThis = MIGRATIONS.slice(0, MIGRATIONS.indexOf(SharpenDuplicateRule1795412000000) + 1);
    db = new DataSource({ ...dataSourceOptions(url), migrations: upToThis });
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await dropDatabase(inject('adminDatabaseUrl'), name);
  });

  /** An eviction `minutes` after 07:00 UTC, `metresEast` of a point in Calais, at `siteId`. */
  async function observation(key: string, minutes: number, metresEast: number, siteId: string | null) {
    const [row]: { id: string }[] = await db.query(
      `INSERT INTO observations (kind, started_at, location, site_id)
       VALUES ('eviction', $1::timestamptz + make_interval(mins => $2),
               ST_SetSRID(ST_MakePoint(1.8505 + $3 / 70130.0, 50.9605), 4326), $4)
       RETURNING id`,
      [MORNING, minutes, metresEast, siteId],
    );
    ids[key] = (row as { id: string }).id;
  }

  async function site(): Promise<string> {
    const [row]: { id: string }[] = await db.query(
      `INSERT INTO sites (name, kind, location) VALUES ('Camp', 'camp', ST_SetSRID(ST_MakePoint(1.85, 50.96), 4326))
       RETURNING id`,
    );
    return (row as { id: string }).id;
  }

  /** The stored pairs, named by the keys of `ids`. */
  async function pairs(): Promise<Pair[]> {
    const name = (id: string) => Object.keys(ids).find((key) => ids[key] === id) ?? id;
    const rows: { a: string; b: string; status: string }[] = await db.query(
      `SELECT observation_a AS a, observation_b AS b, status FROM observation_duplicates`,
    );
    return rows
      .map((row) => {
        const [a, b] = [name(row.a), name(row.b)].sort() as [string, string];
        return { a, b, status: row.status };
      })
      .sort((x, y) => `${x.a}${x.b}`.localeCompare(`${y.a}${y.b}`));
  }

  async function storedRule(): Promise<unknown> {
    const rows: { value: unknown }[] = await db.query(
      `SELECT value FROM dataset_facts WHERE key = 'duplicate_rule'`,
    );
    return rows[0]?.value ?? null;
  }

  async function setup(env: Record<string, string>): Promise<string[]> {
    const saved = Object.fromEntries(
      ['VIGIE_DEMO_DATA', ...Object.keys(env)].map((key) => [key, process.env[key]]),
    );
    Object.assign(process.env, { VIGIE_DEMO_DATA: 'false', ...env });
    const lines: string[] = [];
    try {
      await runCommand('setup', [], url, (line) => lines.push(line));
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    return lines;
  }

  /** The pairs before and after the migration, on data written under the previous rule. */
  const migrated = {
    before: [] as Pair[],
    after: [] as Pair[],
    ruleBefore: null as unknown,
    ruleAfter: null as unknown,
  };

  beforeAll(async () => {
    const [north, south, camp] = [await site(), await site(), await site()];
    await observation('northCamp', 0, 0, north);
    await observation('southCamp', 5, 50, south);
    await observation('campWest', 10, 1000, camp);
    await observation('campEast', 30, 1600, camp);
    await observation('unlinked', 20, 120, null);
    // The previous rule's pairs, as a database migrated before the new rule holds them, and a
    // coordinator's decision on one of them.
    await db.undoLastMigration({ transaction: 'each' });
    await db.query(
      `UPDATE observation_duplicates SET status = 'dismissed', decided_at = now()
        WHERE least(observation_a, observation_b) = least($1::uuid, $2::uuid)
          AND greatest(observation_a, observation_b) = greatest($1::uuid, $2::uuid)`,
      [ids.northCamp, ids.unlinked],
    );
    migrated.before = await pairs();
    migrated.ruleBefore = await storedRule();
    await db.runMigrations({ transaction: 'each' });
    migrated.after = await pairs();
    // The migrations that follow, as `setup` will run them.
    const all = new DataSource(dataSourceOptions(url));
    await all.initialize();
    try {
      await all.runMigrations({ transaction: 'each' });
    } finally {
      await all.destroy();
    }
    migrated.ruleAfter = await storedRule();
  });

  it('drops the pairs of two sites, keeps the dismissed ones, adds those of one large site', () => {
    expect(migrated.before).toEqual([
      { a: 'northCamp', b: 'southCamp', status: 'possible' },
      { a: 'northCamp', b: 'unlinked', status: 'dismissed' },
      { a: 'southCamp', b: 'unlinked', status: 'possible' },
    ]);
    expect(migrated.ruleBefore).toBeNull();
    expect(migrated.after).toEqual([
      { a: 'campEast', b: 'campWest', status: 'possible' },
      { a: 'northCamp', b: 'unlinked', status: 'dismissed' },
      { a: 'southCamp', b: 'unlinked', status: 'possible' },
    ]);
    expect(migrated.ruleAfter).toEqual({ radiusM: 300, windowMinutes: 120 });
  });

  it('recomputes them at start when VIGIE_DUPLICATE_* change, and only then', async () => {
    await setup({});
    const unchanged = await setup({});
    expect(unchanged.join('\n')).not.toMatch(/recomputing/);
    expect(await storedRule()).toEqual({ radiusM: 300, windowMinutes: 120 });

    const changed = await setup({ VIGIE_DUPLICATE_WINDOW_MINUTES: '15', VIGIE_DUPLICATE_RADIUS_M: '100' });

    expect(changed).toContain(
      'The possible-duplicate thresholds changed (300 m, 120 min → 100 m, 15 min): recomputing the pairs.',
    );
    // campWest and campEast started 20 minutes apart; unlinked is 70 m from southCamp, 15 minutes on.
    expect(await pairs()).toEqual([
      { a: 'northCamp', b: 'unlinked', status: 'dismissed' },
      { a: 'southCamp', b: 'unlinked', status: 'possible' },
    ]);
    expect(await storedRule()).toEqual({ radiusM: 100, windowMinutes: 15 });
    const again = await setup({ VIGIE_DUPLICATE_WINDOW_MINUTES: '15', VIGIE_DUPLICATE_RADIUS_M: '100' });
    expect(again.join('\n')).not.toMatch(/recomputing/);
  });

  it('refuses to start with thresholds out of range, before touching anything', async () => {
    const [rule, stored] = [await storedRule(), await pairs()];

    await expect(setup({ VIGIE_DUPLICATE_RADIUS_M: '-5' })).rejects.toThrow(
      'VIGIE_DUPLICATE_RADIUS_M must be at least 10 (metres)',
    );

    expect(await storedRule()).toEqual(rule);
    expect(await pairs()).toEqual(stored);
  });
});
