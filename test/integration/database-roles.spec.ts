import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgBoss } from 'pg-boss';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCommand } from '../../db/cli';
import { applyAppGrants } from '../../db/database-grants';
import {
  databaseRoleNames,
  dropDatabase,
  ensureDatabase,
  ensureDatabaseRoles,
  loadOrCreateRolePasswords,
  type DatabaseRoleUrls,
} from '../../db/provision/index.mts';
import { connect, rejection } from '../support/given';
import { TEST_ROLE_PASSWORDS, TEST_ROLES } from '../support/global-setup';

/*
 * `npm start` provisions three roles (owner, app, queue) and brings a database made earlier with
 * `postgres` as owner of everything (tables, functions, the pg-boss schema and its per-queue
 * partitions) to that layout, idempotently and while other processes do the same.
 */

describe('database roles provisioning', () => {
  const adminUrl = (): string => inject('adminDatabaseUrl');
  const name = `vigie_test_roles_${Date.now()}_${process.pid}`;
  let superuser: DataSource;
  let urls: DatabaseRoleUrls;

  beforeAll(async () => {
    // The layout before issue 10: migrated, and queues made, by the superuser.
    const url = await ensureDatabase(adminUrl(), name);
    superuser = await connect(url);
    await superuser.runMigrations();
    const boss = new PgBoss({ connectionString: url, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.createQueue('legacy.queue');
    await boss.send('legacy.queue', { n: 1 });
    await boss.stop({ graceful: false, close: true });

    // Twice at once, as two test runs (or npm start beside npm test) would.
    const [first, second] = await Promise.all([
      ensureDatabaseRoles(adminUrl(), name, TEST_ROLES, TEST_ROLE_PASSWORDS),
      ensureDatabaseRoles(adminUrl(), name, TEST_ROLES, TEST_ROLE_PASSWORDS),
    ]);
    expect(first).toEqual(second);
    urls = first;
  }, 120_000);

  afterAll(async () => {
    await superuser?.destroy();
    await dropDatabase(adminUrl(), name);
  });

  it('gives the database and every object of the application to the owner, pg-boss’s to the queue role', async () => {
    const owners: { schema: string; owner: string; objects: number }[] = await superuser.query(`
      SELECT n.nspname AS schema, pg_get_userbyid(c.relowner) AS owner, count(*)::int AS objects
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('public', 'pgboss') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
       GROUP BY 1, 2 ORDER BY 1, 2`);
    const [database]: { owner: string }[] = await superuser.query(
      `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`,
    );
    const functions: { owner: string }[] = await superuser.query(`
      SELECT DISTINCT pg_get_userbyid(p.proowner) AS owner FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public' AND p.proname LIKE 'vigie_%'`);

    expect(database?.owner).toBe(TEST_ROLES.owner);
    expect(owners.map(({ schema, owner }) => `${schema}:${owner}`)).toEqual([
      `pgboss:${TEST_ROLES.queue}`,
      `public:${TEST_ROLES.owner}`,
    ]);
    expect(functions).toEqual([{ owner: TEST_ROLES.owner }]);
  });

  it('none of the roles is a superuser or may create roles or databases', async () => {
    const roles: { rolname: string; rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }[] =
      await superuser.query(
        `SELECT rolname, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1`,
        [Object.values(TEST_ROLES)],
      );
    expect(roles).toHaveLength(3);
    for (const role of roles)
      expect(role).toMatchObject({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
  });

  it('the owner migrates what the superuser made, and grants the app role its share', async () => {
    const owner = await connect(urls.ownerUrl);
    try {
      await owner.undoLastMigration();
      await owner.runMigrations();
      expect(await applyAppGrants((sql, p) => owner.query(sql, p), TEST_ROLES)).toBe(true);
    } finally {
      await owner.destroy();
    }
    const app = await connect(urls.appUrl);
    try {
      await app.query(`SELECT count(*) FROM observations`);
      await app.query(
        `INSERT INTO login_attempts (ip, email, success) VALUES ('127.0.0.1', 'x@vigie.test', false)`,
      );
      const error = (await rejection(() => app.query(`DELETE FROM audit_events`))) as Error;
      expect(error.message).toMatch(/permission denied for table audit_events/);
    } finally {
      await app.destroy();
    }
  });

  it('pg-boss works as the queue role without creating its schema: new queues, jobs, the old jobs', async () => {
    const boss = new PgBoss({ connectionString: urls.queueUrl, schedule: false, createSchema: false });
    const errors: Error[] = [];
    boss.on('error', (error: Error) => errors.push(error));
    await boss.start();
    try {
      await boss.createQueue('new.queue');
      expect(await boss.send('new.queue', { n: 2 })).not.toBeNull();
      const [job] = await boss.fetch('legacy.queue');
      expect(job?.data).toEqual({ n: 1 });
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
    expect(errors).toEqual([]);
  });

  it('db:reset as the owner drops and rebuilds the owner’s objects, leaving PostGIS and the queues be', async () => {
    const demo = process.env.VIGIE_DEMO_DATA;
    process.env.VIGIE_DEMO_DATA = 'false';
    const lines: string[] = [];
    try {
      await runCommand('reset', [], urls.ownerUrl, (line) => lines.push(line));
    } finally {
      if (demo === undefined) delete process.env.VIGIE_DEMO_DATA;
      else process.env.VIGIE_DEMO_DATA = demo;
    }
    const [state]: { tables: number; postgis: number; jobs: number; owners: string[] }[] =
      await superuser.query(`
      SELECT (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = '${TEST_ROLES.owner}') AS tables,
             (SELECT count(*)::int FROM pg_extension WHERE extname = 'postgis') AS postgis,
             (SELECT count(*)::int FROM pgboss.queue) AS jobs,
             (SELECT array_agg(DISTINCT tableowner::text) FROM pg_tables WHERE schemaname = 'public') AS owners`);

    expect(lines).toContain('Dropped every table.');
    expect(state).toMatchObject({ postgis: 1, jobs: 2 });
    expect(state?.tables).toBeGreaterThan(10);
    expect(state?.owners.sort()).toEqual(['postgres', TEST_ROLES.owner].sort());
  });

  it('keeps the generated passwords in a file only the server user can read, the same at each start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-roles-'));
    try {
      const file = join(dir, '.data', 'database-roles.json');
      const made = loadOrCreateRolePasswords(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadOrCreateRolePasswords(file)).toEqual(made);
      expect(new Set(Object.values(made)).size).toBe(3);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(made);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the roles after a prefix', () => {
    expect(databaseRoleNames()).toEqual({ owner: 'vigie_owner', app: 'vigie_app', queue: 'vigie_queue' });
    expect(() => databaseRoleNames('Vigie; DROP')).toThrow(/Invalid role prefix/);
  });
});
