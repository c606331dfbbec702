import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { anchorPaths, readPublicKeys } from '../apps/api/src/audit/audit-anchors';
import { generateBackupIdentity, readIdentityFile } from '../apps/api/src/backups/backup-crypto';
import type { BackupRunKind, BackupRunRecord } from '@vigie/domain';
import { AuditService } from '../apps/api/src/audit/audit.service';
import { backupRunOutcome, performBackupJob, serveBackupJob } from '../apps/api/src/backups/backup-job';
import { BackupRunner } from '../apps/api/src/backups/backup-runner';
import type { RunOutcome } from '../apps/api/src/backups/backup-runs.repository';
import { BackupRunsRepository } from '../apps/api/src/backups/backup-runs.repository';
import { openDestination } from '../apps/api/src/backups/destination';
import { type BackupOutcome, runBackup } from '../apps/api/src/backups/run-backup';
import { type RestoreReport, runRestore } from '../apps/api/src/backups/run-restore';
import { loadConfig } from '../apps/api/src/config/app-config';
import { dataDirectory } from '../apps/api/src/files/data-directory';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL, dataSourceOptions } from './data-source';

/*
 * `node dist/db/backup-cli.js <command>` (`npm run backup`, `backup:keygen`, `restore`,
 * `backup:drill` through db/vigie.mts): the operators' backup commands (DESIGN §8). Each prints
 * what it did and exits non-zero with one clear sentence when it could not.
 */

const USAGE = `Usage: node dist/db/backup-cli.js <command>
  keygen --out <file>      write a new private key (identity) to <file> (0600) and print its public recipient
  backup                   one encrypted, signed backup to VIGIE_BACKUP_TARGET for VIGIE_BACKUP_RECIPIENT
  restore --from <target> [--backup <id>] --identity <file> --database-url <url> --data-dir <dir>
          [--anchors-file <file>] [--public-keys <file>] [--owner <role>]
                           restore into an absent or empty database and data directory after checking everything
  drill                    restore the latest backup into a scratch database, verify it, throw it away
                           (VIGIE_BACKUP_DRILL_IDENTITY)
  job                      (the API's) run the backup or drill described on standard input at a low
                           priority, log on standard error, answer on standard output`;

type Print = (line: string) => void;

/** The configuration, validated as the API validates it (DATABASE_URL may be left to its default). */
function config(env: NodeJS.ProcessEnv) {
  return loadConfig({ DATABASE_URL: DEFAULT_DATABASE_URL, ...env });
}

async function keygen(args: string[], print: Print): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new Error('keygen needs --out <file>.');
  const out = resolve(values.out);
  if (existsSync(out))
    throw new Error(`${out} exists already: it is not overwritten (a lost key loses every backup).`);
  const { identity, recipient } = await generateBackupIdentity();
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  writeFileSync(
    out,
    `# Vigie backup identity, made ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`,
    {
      mode: 0o600,
      flag: 'wx',
    },
  );
  print(`Private key written to ${out}: keep it offline (without it no backup can be restored).`);
  print('Set VIGIE_BACKUP_RECIPIENT to this public key:');
  print(recipient);
  return 0;
}

/**
 * Runs `work` as a recorded run in the database it backs up: listed on the « Sauvegardes » page
 * and audited like the API's own runs (as the owner where `npm run` gives its URL).
 */
async function recorded(
  env: NodeJS.ProcessEnv,
  kind: BackupRunKind,
  work: () => Promise<RunOutcome>,
): Promise<BackupRunRecord> {
  const settings = config(env);
  const dataSource = new DataSource({
    ...dataSourceOptions(env.VIGIE_OWNER_DATABASE_URL ?? settings.DATABASE_URL),
    logging: false,
  });
  await dataSource.initialize();
  try {
    const runner = new BackupRunner(new BackupRunsRepository(dataSource), new AuditService(), settings);
    return await runner.runRecorded(kind, work);
  } finally {
    await dataSource.destroy();
  }
}

/** The destination as runs name it; null when the target is not understood. */
function destinationOf(target: string): string | null {
  try {
    return openDestination(target).description;
  } catch {
    return null;
  }
}

async function backup(env: NodeJS.ProcessEnv, print: Print): Promise<number> {
  const settings = config(env);
  if (!settings.VIGIE_BACKUP_TARGET)
    throw new Error('VIGIE_BACKUP_TARGET is not set (a directory or rclone remote name:path).');
  if (!settings.VIGIE_BACKUP_RECIPIENT) {
    throw new Error(
      'VIGIE_BACKUP_RECIPIENT is not set (the age1… public key printed by npm run backup:keygen).',
    );
  }
  let outcome: BackupOutcome | undefined;
  const run = await recorded(env, 'backup', async () => {
    outcome = await runBackup(
      {
        // The owner reads every table and schema; the API's role may not (pg-boss's schema).
        databaseUrl: env.VIGIE_OWNER_DATABASE_URL ?? settings.DATABASE_URL,
        dataDir: dataDirectory(settings),
        anchors: anchorPaths(settings),
        target: settings.VIGIE_BACKUP_TARGET as string,
        recipient: settings.VIGIE_BACKUP_RECIPIENT as string,
        retention: {
          daily: settings.VIGIE_BACKUP_KEEP_DAILY,
          weekly: settings.VIGIE_BACKUP_KEEP_WEEKLY,
          monthly: settings.VIGIE_BACKUP_KEEP_MONTHLY,
        },
      },
      print,
    );
    return backupRunOutcome(outcome);
  });
  if (run.status !== 'succeeded' || !outcome) throw new Error(run.error ?? 'the backup failed');
  print(
    `Backup done in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.sizeBytes} bytes covered, ` +
      `${outcome.bytesWritten} bytes written, ${outcome.filesCopied} file(s) copied, ${outcome.filesSkipped} already there` +
      (outcome.pruned.length > 0 ? `, ${outcome.pruned.length} old backup(s) removed` : '') +
      `, at ${outcome.destination}.`,
  );
  print(outcome.id);
  return 0;
}

function printReport(report: RestoreReport, print: Print): number {
  for (const check of report.checks)
    print(`${check.ok ? 'OK    ' : 'FAILED'} ${check.name}: ${check.detail}`);
  print(
    report.ok ? `Backup ${report.backupId} restored and verified.` : `Restore FAILED: nothing was restored.`,
  );
  return report.ok ? 0 : 1;
}

/** The schema owner `npm start` provisions (db/provision/roles.mts `databaseRoleNames`). */
const PROVISIONED_OWNER = 'vigie_owner';

/**
 * Who owns the restored schema: `--owner`, else the provisioned owner role when the server has
 * one (so that `npm start` migrates and grants as before), else the restoring role.
 */
async function restoredOwner(
  given: string | undefined,
  databaseUrl: string,
  print: Print,
): Promise<{ owner?: string }> {
  if (given !== undefined) return { owner: given };
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [PROVISIONED_OWNER]);
    if (found.rowCount === 0) return {};
    print(`The restored schema will belong to ${PROVISIONED_OWNER} (--owner to choose another role).`);
    return { owner: PROVISIONED_OWNER };
  } catch {
    // The restore itself says what is wrong with the server.
    return {};
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function restore(args: string[], env: NodeJS.ProcessEnv, print: Print): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      backup: { type: 'string' },
      identity: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'anchors-file': { type: 'string' },
      'public-keys': { type: 'string' },
      owner: { type: 'string' },
    },
  });
  const missing = ['from', 'identity', 'database-url', 'data-dir'].filter(
    (name) => values[name as keyof typeof values] === undefined,
  );
  if (missing.length > 0)
    throw new Error(`restore needs ${missing.map((name) => `--${name}`).join(', ')}.\n${USAGE}`);
  const anchors = anchorPaths(config(env));
  const report = await runRestore({
    target: values.from as string,
    ...(values.backup === undefined ? {} : { backupId: values.backup }),
    identity: readIdentityFile(values.identity as string),
    databaseUrl: values['database-url'] as string,
    dataDir: resolve(values['data-dir'] as string),
    // Where the restored server will look for it, unless told otherwise.
    anchorsFile: resolve(values['anchors-file'] ?? anchors.file),
    publicKeys: readPublicKeys(values['public-keys'] ?? anchors.publicKeysFile),
    ...(await restoredOwner(values.owner, values['database-url'] as string, print)),
  });
  if (report.ok) {
    // The restored database's own trail says it was restored, from which backup.
    const done = report;
    await recorded({ ...env, VIGIE_OWNER_DATABASE_URL: values['database-url'] as string }, 'restore', () =>
      Promise.resolve({
        status: 'succeeded',
        backupId: done.backupId,
        destination: destinationOf(values.from as string),
        report: done,
      }),
    );
  }
  return printReport(report, print);
}

async function drill(env: NodeJS.ProcessEnv, print: Print): Promise<number> {
  const settings = config(env);
  if (!settings.VIGIE_BACKUP_TARGET)
    throw new Error('VIGIE_BACKUP_TARGET is not set: there is no backup to drill.');
  if (!settings.VIGIE_BACKUP_DRILL_IDENTITY) {
    throw new Error(
      'VIGIE_BACKUP_DRILL_IDENTITY is not set: the drill needs an identity file to decrypt backups.',
    );
  }
  let report: RestoreReport | undefined;
  const run = await recorded(env, 'drill', async () => {
    // The same job the API hands to its job process, run here.
    const outcome = await performBackupJob(
      {
        kind: 'drill',
        settings: {
          target: settings.VIGIE_BACKUP_TARGET as string,
          identityFile: settings.VIGIE_BACKUP_DRILL_IDENTITY as string,
          // Creating a scratch database and PostGIS in it takes the server's administrator.
          serverUrl: env.VIGIE_ADMIN_DATABASE_URL ?? env.VIGIE_OWNER_DATABASE_URL ?? settings.DATABASE_URL,
          publicKeysFile: anchorPaths(settings).publicKeysFile,
        },
        destination: destinationOf(settings.VIGIE_BACKUP_TARGET as string),
      },
      () => undefined,
    );
    report = outcome.report as RestoreReport;
    return outcome;
  });
  if (!report) throw new Error(run.error ?? 'the drill failed');
  return printReport(report, print);
}

export async function runBackupCommand(
  command: string | undefined,
  args: string[],
  env: NodeJS.ProcessEnv,
  print: Print,
): Promise<number> {
  switch (command) {
    case 'keygen':
      return keygen(args, print);
    case 'backup':
      return backup(env, print);
    case 'restore':
      return restore(args, env, print);
    case 'drill':
      return drill(env, print);
    case 'job':
      // The answer says how the job ended; the exit code only whether there was one.
      await serveBackupJob(process.stdin, process.stdout, process.stderr);
      return 0;
    default:
      print(USAGE);
      return 2;
  }
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  runBackupCommand(command, args, process.env, (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(
        `${command ?? 'backup'} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exitCode = 1;
    },
  );
}
