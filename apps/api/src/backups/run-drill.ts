import { randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabase } from './postgres-tools';
import { type RestoreReport, runRestore } from './run-restore';

export interface DrillSettings {
  target: string;
  /** The age identity (`AGE-SECRET-KEY-1…`) the drill may use (VIGIE_BACKUP_DRILL_IDENTITY's content). */
  identity: string;
  /** Any database URL on the server, as a role that may create and drop databases and PostGIS. */
  serverUrl: string;
  publicKeys: Map<string, KeyObject>;
  backupId?: string;
}

/**
 * The restore drill (issue 15, item 4): the latest backup restored into a scratch database and a
 * temporary directory, verified as a real restore is, then both thrown away whatever the outcome.
 */
export async function runDrill(
  settings: DrillSettings,
  log: (line: string) => void = () => undefined,
): Promise<RestoreReport> {
  const scratch = `vigie_drill_${randomBytes(4).toString('hex')}`;
  const temp = await mkdtemp(join(tmpdir(), 'vigie-drill-'));
  try {
    return await runRestore(
      {
        target: settings.target,
        ...(settings.backupId === undefined ? {} : { backupId: settings.backupId }),
        identity: settings.identity,
        databaseUrl: withDatabase(settings.serverUrl, scratch),
        dataDir: join(temp, 'files'),
        anchorsFile: join(temp, 'audit-anchors.jsonl'),
        publicKeys: settings.publicKeys,
      },
      log,
    );
  } finally {
    const client = new pg.Client({ connectionString: withDatabase(settings.serverUrl, 'postgres') });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    } catch (error) {
      log(
        `Could not drop the drill's database ${scratch}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      await client.end().catch(() => undefined);
    }
    await rm(temp, { recursive: true, force: true });
  }
}
