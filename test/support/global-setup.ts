import type { TestProject } from 'vitest/node';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../db/data-source';
import { seedCommunes, seedSites, seedTerritories } from '../../db/seeds/reference';
import { seedTestAdmin } from './users';
import {
  dropDatabase,
  ensureDatabase,
  ensurePostgisInstalled,
  ensurePostgres,
} from '../../db/provision/index.mts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Each test run gets its own fresh database, migrated and holding the reference data (communes,
 * sites) and one admin account (`TEST_ADMIN`) but no demo data, and drops it at the end.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (message: string) => console.log(`[test db] ${message}`);
  const { adminUrl } = await ensurePostgres({ projectRoot: process.cwd(), log });
  await ensurePostgisInstalled(adminUrl, log);
  const name = `vigie_test_${project.name}_${Date.now()}_${process.pid}`;
  const url = await ensureDatabase(adminUrl, name);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await seedCommunes(dataSource);
  await seedSites(dataSource);
  await seedTerritories(dataSource);
  await seedTestAdmin(dataSource);
  await dataSource.destroy();
  project.provide('databaseUrl', url);
  return async () => {
    await dropDatabase(adminUrl, name);
  };
}
