import { seedTestAdmin } from '../support/users';
import { verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions, MIGRATIONS } from '../../db/data-source';
import { dropDatabase, ensureDatabase } from '../../db/provision/index.mts';
import { ensureFirstAdmin } from '../../db/seeds/admin';
import { DEMO_FACT_KEY, seedDemoIfEmpty } from '../../db/seeds/demo';
import { seedCommunes, seedSites } from '../../db/seeds/reference';
import { REFERENCE_SITES } from '../../db/seeds/reference-sites';
import { given, PLACES } from '../support/given';

/** Tables the schema migrations create (the migrations bookkeeping table aside). */
const SCHEMA_TABLES = [
  'app_settings',
  'audit_events',
  'communes',
  'dataset_facts',
  'login_attempts',
  'observation_forces',
  'observation_seizures',
  'observations',
  'sessions',
  'sites',
  'users',
];
const SCHEMA_FUNCTIONS = ['vigie_audit_events_append_only', 'vigie_derive_commune', 'vigie_join_text'];

/** The server's superuser on its maintenance database (the run's own roles may not create databases). */
const adminUrl = () => inject('adminDatabaseUrl');

/** A database of its own, created empty and dropped at the end. */
async function freshDatabase(
  purpose: string,
): Promise<{ dataSource: DataSource; drop: () => Promise<void> }> {
  const name = `vigie_test_${purpose}_${Date.now()}_${process.pid}`;
  const url = await ensureDatabase(adminUrl(), name);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  return {
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(adminUrl(), name);
    },
  };
}

async function tables(dataSource: DataSource): Promise<string[]> {
  const found: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name = ANY($1::text[])
      ORDER BY table_name`,
    [SCHEMA_TABLES],
  );
  return found.map((row) => row.name);
}

async function functions(dataSource: DataSource): Promise<string[]> {
  const found: { name: string }[] = await dataSource.query(
    `SELECT proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND proname = ANY($1::text[]) ORDER BY proname`,
    [SCHEMA_FUNCTIONS],
  );
  return found.map((row) => row.name);
}

async function appliedMigrations(dataSource: DataSource): Promise<number> {
  const [{ count }]: { count: number }[] = await dataSource.query(
    `SELECT count(*)::int AS count FROM migrations`,
  );
  return count;
}

/** Waits until `count` sessions wait for a lock on `table`. */
async function waitForLockWaiters(dataSource: DataSource, table: string, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [{ waiting }]: { waiting: number }[] = await dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = $1::regclass AND NOT granted`,
      [table],
    );
    if (waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} sessions ever waited for ${table}`);
}

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase('migrations');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('migrate up, down one by one and up again, leaving a schema that seeds and derives communes', async () => {
    const { dataSource } = database;

    await dataSource.runMigrations();
    expect(await tables(dataSource)).toEqual(SCHEMA_TABLES);
    expect(await functions(dataSource)).toEqual(SCHEMA_FUNCTIONS);
    expect(await appliedMigrations(dataSource)).toBe(MIGRATIONS.length);

    for (let remaining = MIGRATIONS.length - 1; remaining >= 0; remaining -= 1) {
      await dataSource.undoLastMigration();
      expect(await appliedMigrations(dataSource)).toBe(remaining);
    }
    expect(await tables(dataSource)).toEqual([]);
    expect(await functions(dataSource)).toEqual([]);

    await dataSource.runMigrations();
    expect(await tables(dataSource)).toEqual(SCHEMA_TABLES);
    expect(await functions(dataSource)).toEqual(SCHEMA_FUNCTIONS);
    expect(await appliedMigrations(dataSource)).toBe(MIGRATIONS.length);

    expect(await seedCommunes(dataSource)).toBe(137);
    expect(await seedSites(dataSource)).toBe(REFERENCE_SITES.length);
    await seedTestAdmin(dataSource);
    const observation = await given.observation(dataSource, { location: PLACES.grandeSynthe });
    expect(observation).toMatchObject({ communeCode: '59271', area: 'dunkerquois' });
  });
});

describe('seeds', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase('seeds');
    await database.dataSource.runMigrations();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('write the communes once: a second seeding writes no row', async () => {
    const { dataSource } = database;

    await seedCommunes(dataSource);
    expect(await seedCommunes(dataSource)).toBe(0);

    const [{ count }]: { count: number }[] = await dataSource.query(
      `SELECT count(*)::int AS count FROM communes`,
    );
    expect(count).toBe(137);
  });

  it('put back a commune whose reference data was changed', async () => {
    const { dataSource } = database;
    await seedCommunes(dataSource);
    await dataSource.query(`UPDATE communes SET population = 1 WHERE code = '62193'`);

    expect(await seedCommunes(dataSource)).toBe(1);

    const [{ population }]: { population: number }[] = await dataSource.query(
      `SELECT population FROM communes WHERE code = '62193'`,
    );
    expect(population).toBeGreaterThan(1);
  });

  it('write the reference sites once and never touch a site already there', async () => {
    const { dataSource } = database;
    await seedCommunes(dataSource);
    await seedSites(dataSource);
    const site = REFERENCE_SITES[0] as (typeof REFERENCE_SITES)[number];
    await dataSource.query(`UPDATE sites SET name = 'Renamed on the ground' WHERE id = $1`, [site.id]);

    expect(await seedSites(dataSource)).toBe(0);

    const [{ name }]: { name: string }[] = await dataSource.query(`SELECT name FROM sites WHERE id = $1`, [
      site.id,
    ]);
    expect(name).toBe('Renamed on the ground');
  });

  it('create the first admin once, with an argon2id hash of the generated password', async () => {
    const { dataSource } = database;
    await dataSource.query(`DELETE FROM users`);

    const first = await ensureFirstAdmin(dataSource, { email: 'admin@vigie.example' });
    const second = await ensureFirstAdmin(dataSource, {
      email: 'other@vigie.example',
      password: 'x'.repeat(20),
    });

    expect(first).toMatchObject({ email: 'admin@vigie.example' });
    expect(first?.generatedPassword).toEqual(expect.any(String));
    expect(second).toBeNull();
    const users: { email: string; role: string; password_hash: string }[] = await dataSource.query(
      `SELECT email, role, password_hash FROM users`,
    );
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: 'admin@vigie.example', role: 'admin' });
    const hash = users[0]?.password_hash as string;
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(hash).not.toContain(first?.generatedPassword as string);
    expect(await verify(hash, first?.generatedPassword as string)).toBe(true);
  });

  it('refuse a first admin password from VIGIE_ADMIN_PASSWORD that breaks the policy, naming the rule', async () => {
    const { dataSource } = database;
    await dataSource.query(`DELETE FROM users`);

    await expect(
      ensureFirstAdmin(dataSource, { email: 'admin@vigie.example', password: 'password123' }),
    ).rejects.toThrow(/VIGIE_ADMIN_PASSWORD is refused: the password must be at least 12 characters/);
    await expect(
      ensureFirstAdmin(dataSource, { email: 'admin@vigie.example', password: 'Password2025!!' }),
    ).rejects.toThrow(/VIGIE_ADMIN_PASSWORD is refused: the password is too common/);
    await expect(
      ensureFirstAdmin(dataSource, { email: 'admin@vigie.example', password: 'admin@vigie.example' }),
    ).rejects.toThrow(/must not be your email address or name/);

    const [{ count }]: { count: number }[] = await dataSource.query(
      `SELECT count(*)::int AS count FROM users`,
    );
    expect(count).toBe(0);
  });

  it('audit the creation of the first admin, with the system as the actor and no secret', async () => {
    const { dataSource } = database;
    await dataSource.query(`DELETE FROM users`);
    const password = 'Vigie first admin 2026 ok';

    const created = await ensureFirstAdmin(dataSource, { email: 'admin@vigie.example', password });

    expect(created).toEqual({ email: 'admin@vigie.example', generatedPassword: null });
    const [user]: { id: string }[] = await dataSource.query(`SELECT id FROM users`);
    const events: { actor_id: string | null; action: string; diff: unknown; context: unknown }[] =
      await dataSource.query(
        `SELECT actor_id, action, diff, context FROM audit_events WHERE entity = 'users' AND entity_id = $1`,
        [user?.id],
      );
    expect(events).toEqual([
      {
        actor_id: null,
        action: 'create',
        diff: {
          email: { before: null, after: 'admin@vigie.example' },
          name: { before: null, after: 'Administrateur' },
          role: { before: null, after: 'admin' },
          password: { before: null, after: '[changed]' },
        },
        context: { actor: 'system', operation: 'first_admin', passwordSource: 'VIGIE_ADMIN_PASSWORD' },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(password);
  });

  it('create one first admin when two starts race, and report only a password that works', async () => {
    const { dataSource } = database;
    await dataSource.query(`DELETE FROM users`);
    const env = { email: 'admin@vigie.example' };

    // Hold the users table until both starts wait on it, so that they really run side by side.
    const gate = dataSource.createQueryRunner();
    await gate.startTransaction();
    await gate.query(`LOCK TABLE users IN ACCESS EXCLUSIVE MODE`);
    const starts = Promise.all([ensureFirstAdmin(dataSource, env), ensureFirstAdmin(dataSource, env)]);
    await waitForLockWaiters(dataSource, 'users', 2);
    await gate.commitTransaction();
    await gate.release();
    const results = await starts;

    const users: { password_hash: string }[] = await dataSource.query(`SELECT password_hash FROM users`);
    expect(users).toHaveLength(1);
    const hash = users[0]?.password_hash as string;
    const reported = results.flatMap((result) =>
      result?.generatedPassword ? [result.generatedPassword] : [],
    );
    // A start that did not create the account must not print a password: nobody could log in with it.
    expect(reported).toHaveLength(1);
    expect(await verify(hash, reported[0] as string)).toBe(true);
  });

  it('load the demo data set once into an empty database, even when two starts race', async () => {
    const { dataSource } = database;
    await seedCommunes(dataSource);
    await seedSites(dataSource);
    const now = new Date('2025-11-15T10:00:00Z');

    const results = await Promise.all([
      seedDemoIfEmpty(dataSource, { now }),
      seedDemoIfEmpty(dataSource, { now }),
    ]);
    const again = await seedDemoIfEmpty(dataSource, { now });

    const loaded = results.filter((result) => result !== null);
    expect(loaded).toHaveLength(1);
    expect(again).toBeNull();
    const [{ count, unplaced }]: { count: number; unplaced: number }[] = await dataSource.query(
      `SELECT count(*)::int AS count,
              count(*) FILTER (WHERE area IS NULL OR area NOT IN ('calaisis', 'dunkerquois'))::int AS unplaced
         FROM observations`,
    );
    expect(count).toBe(loaded[0]?.inserted);
    expect(count).toBeGreaterThan(0);
    expect(unplaced).toBe(0);
    const [fact]: { value: { synthetic: boolean; count: number } }[] = await dataSource.query(
      `SELECT value FROM dataset_facts WHERE key = $1`,
      [DEMO_FACT_KEY],
    );
    expect(fact?.value).toMatchObject({ synthetic: true, count, legalCases: 6 });

    // Legal cases dated from the load, their deadlines computed by the API's own rules.
    const cases: { reference: string; deadlines: number; evidence: number }[] = await dataSource.query(
      `SELECT lc.reference,
              (SELECT count(*)::int FROM legal_deadlines d WHERE d.case_id = lc.id) AS deadlines,
              (SELECT count(*)::int FROM legal_case_evidence e WHERE e.case_id = lc.id) AS evidence
         FROM legal_cases lc ORDER BY lc.reference`,
    );
    expect(cases).toHaveLength(6);
    expect(cases.find((c) => c.reference === 'DEMO-2026-002')?.evidence).toBeGreaterThan(0);
    const [appeal]: { due: string; starts: string }[] = await dataSource.query(
      `SELECT to_char(d.due_on, 'YYYY-MM-DD') AS due, to_char(d.starts_on, 'YYYY-MM-DD') AS starts
         FROM legal_deadlines d JOIN legal_cases lc ON lc.id = d.case_id
        WHERE lc.reference = 'DEMO-2026-001' AND d.rule = 'ce_appeal_refere_liberte'`,
    );
    // Notified 10 days before the load (5 November 2025): 15 days, délai franc → Friday 21 November.
    expect(appeal).toEqual({ starts: '2025-11-05', due: '2025-11-21' });
  });
});
