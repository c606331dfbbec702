import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { dropDatabase } from '../../db/provision/index.mts';
import { createTestDatabase } from './global-setup';

export interface OwnDatabase {
  /** For the app: its role's URL and the queue's, as `npm start` would give them. */
  appUrl: string;
  queueUrl: string;
  /** A connection as the owner, for set-up rows the app's role may not write. */
  owner: DataSource;
  drop(): Promise<void>;
}

/**
 * A database of the test file's own, migrated and seeded like the run's: for what reads or fills
 * the whole database (a backup, thousands of map points).
 */
export async function createOwnDatabase(): Promise<OwnDatabase> {
  const name = `vigie_test_own_${randomBytes(6).toString('hex')}`;
  const roles = await createTestDatabase(inject('adminDatabaseUrl'), name);
  const owner = new DataSource({ ...dataSourceOptions(roles.ownerUrl), logging: false });
  await owner.initialize();
  return {
    appUrl: roles.appUrl,
    queueUrl: roles.queueUrl,
    owner,
    drop: async () => {
      await owner.destroy();
      await dropDatabase(inject('adminDatabaseUrl'), name);
    },
  };
}
