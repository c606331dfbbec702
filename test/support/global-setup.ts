import type { TestProject } from 'vitest/node';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../db/data-source';
import { seedCommunes, seedSites, seedTerritories } from '../../db/seeds/reference';
import { seedTestAdmin } from './users';
import { applyAppGrants } from '../../db/database-grants';
import {
  databaseRoleNames,
  dropDatabase,
  ensureDatabase,
  ensureDatabaseRoles,
  ensurePostgisInstalled,
  ensurePostgres,
} from '../../db/provision/index.mts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The API's least-privilege role (what `startApp` and most tests connect as). */
    databaseUrl: string;
    /** The owner of the schema: for tests that set up data the app role may not write (DDL, audit). */
    ownerDatabaseUrl: string;
    /** pg-boss's role (owns the `pgboss` schema only). */
    queueDatabaseUrl: string;
    /** The server's superuser, on its maintenance database (tests that create databases). */
    adminDatabaseUrl: string;
  }
}

/**
 * The roles of test databases: one set per cluster, shared by concurrent runs (grants are per
 * database). Their passwords are fixed: test clusters are local and the roles own test data only.
 */
export const TEST_ROLES = databaseRoleNames('vigie_test');
export const TEST_ROLE_PASSWORDS = {
  owner: 'vigie_test_owner',
  app: 'vigie_test_app',
  queue: 'vigie_test_queue',
};

/**
 * Each test run gets its own fresh database, migrated and holding the reference data (communes,
 * sites) and one admin account (`TEST_ADMIN`) but no demo data, and drops it at the end.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (message: string) => console.log(`[test db] ${message}`);
  const { adminUrl } = await ensurePostgres({ projectRoot: process.cwd(), log });
  await ensurePostgisInstalled(adminUrl, log);
  const name = `vigie_test_${project.name}_${Date.now()}_${process.pid}`;
  const roles = await createTestDatabase(adminUrl, name, log);
  project.provide('databaseUrl', roles.appUrl);
  project.provide('ownerDatabaseUrl', roles.ownerUrl);
  project.provide('queueDatabaseUrl', roles.queueUrl);
  project.provide('adminDatabaseUrl', adminUrl);
  return async () => {
    await dropDatabase(adminUrl, name);
  };
}

/**
 * A fresh test database as `npm start` leaves one: migrated and seeded by the owner (reference data
 * and the test admin, no demo data), the app role granted what the API needs. Also used by the few
 * test files that need a database of their own (a backup takes the whole database).
 */
export async function createTestDatabase(
  adminUrl: string,
  name: string,
  log: (message: string) => void = () => undefined,
): Promise<{ appUrl: string; ownerUrl: string; queueUrl: string }> {
  await ensureDatabase(adminUrl, name);
  const roles = await ensureDatabaseRoles(adminUrl, name, TEST_ROLES, TEST_ROLE_PASSWORDS, log);
  const dataSource = new DataSource(dataSourceOptions(roles.ownerUrl));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await applyAppGrants((sql, parameters) => dataSource.query(sql, parameters), {
    app: TEST_ROLES.app,
    queue: TEST_ROLES.queue,
  });
  await seedCommunes(dataSource);
  await seedSites(dataSource);
  await seedTerritories(dataSource);
  await seedTestAdmin(dataSource);
  await dataSource.destroy();
  return roles;
}
