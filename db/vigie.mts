/**
 * The operator's entry point: `npm start` and `npm run db:*` come here. It runs before anything is
 * compiled (Node strips the types), provisions PostgreSQL/PostGIS and the system packages (DESIGN §8),
 * builds what is stale, then hands over to the compiled code.
 *
 *   node db/vigie.mts start | migrate | revert | seed | reset | synthetic --observations N | duplicates | audit:verify | files:verify
 *                     | backup | backup:keygen --out <file> | restore --from … | backup:drill
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS, API_PROCESS_ENV } from './api-process.mts';
import { describeError } from './describe-error.mts';
import {
  CHROMIUM,
  databaseRoleNames,
  ensureDatabase,
  ensureDatabaseRoles,
  ensureDebianPackages,
  ensurePostgisInstalled,
  ensurePostgres,
  FFMPEG,
  FONTS,
  loadOrCreateRolePasswords,
  RCLONE,
  redactUrl,
} from './provision/index.mts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (message: string): void => console.log(`[vigie] ${message}`);

const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const CLI_ENTRY = join(ROOT, 'dist/db/cli.js');
const AUDIT_VERIFY_ENTRY = join(ROOT, 'dist/db/audit-verify.js');
const FILES_VERIFY_ENTRY = join(ROOT, 'dist/db/files-verify.js');
const BACKUP_ENTRY = join(ROOT, 'dist/db/backup-cli.js');
const CONSOLE_INDEX = join(ROOT, 'dist/console/index.html');
/** What `nest build api` compiles (apps/api/tsconfig.app.json): newer sources mean a rebuild. */
export const API_SOURCES = [
  'apps/api/src',
  'libs/domain/src',
  'libs/reporting/src',
  'db',
  'package-lock.json',
  'tsconfig.json',
  'apps/api/tsconfig.app.json',
];
const CONSOLE_SOURCES = ['apps/console', 'libs/domain/src', 'package-lock.json'];

/** Newest modification time under the given paths (files and folders, recursively). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (entry !== 'node_modules' && !entry.startsWith('.')) visit(join(path, entry));
      }
    }
  };
  paths.forEach((path) => visit(join(ROOT, path)));
  return newest;
}

function isStale(output: string, sources: string[]): boolean {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(sources);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function bin(name: string): string {
  return join(ROOT, 'node_modules/.bin', name);
}

/** Compiles the API (and, for `start`, the console) when a source is newer than the output. */
function ensureBuilt(withConsole: boolean): void {
  if (isStale(API_ENTRY, API_SOURCES)) {
    log('Building the API…');
    run(bin('nest'), ['build', 'api']);
  }
  if (withConsole && isStale(CONSOLE_INDEX, CONSOLE_SOURCES)) {
    log('Building the console…');
    run(bin('vite'), ['build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn']);
  }
}

/**
 * The passwords of the database roles `npm start` makes itself: readable by the server's OS user
 * only (0600), never printed.
 */
export const ROLE_PASSWORDS_FILE = join(ROOT, '.data', 'database-roles.json');

/** The database connections of a command: the API's, the queue's, and the owner's (migrations). */
interface DatabaseEnv {
  DATABASE_URL: string;
  VIGIE_OWNER_DATABASE_URL: string;
  VIGIE_QUEUE_DATABASE_URL?: string;
}

/**
 * DATABASE_URL as given (with VIGIE_OWNER_DATABASE_URL for migrations, VIGIE_QUEUE_DATABASE_URL for
 * the queues), else a `vigie` database on the local server with its three roles: the owner (schema,
 * migrations), the API's least-privilege role and the queue's (docs/decisions.md, "Database roles").
 */
async function provisionDatabase(): Promise<DatabaseEnv> {
  const { adminUrl, source } = await ensurePostgres({ projectRoot: ROOT, log });
  if (source === 'env') {
    const appUrl = process.env.DATABASE_URL as string;
    const queueUrl = process.env.VIGIE_QUEUE_DATABASE_URL;
    return {
      DATABASE_URL: appUrl,
      VIGIE_OWNER_DATABASE_URL: process.env.VIGIE_OWNER_DATABASE_URL ?? appUrl,
      ...(queueUrl ? { VIGIE_QUEUE_DATABASE_URL: queueUrl } : {}),
    };
  }
  await ensurePostgisInstalled(adminUrl, log);
  const name = process.env.VIGIE_DB_NAME ?? 'vigie';
  await ensureDatabase(adminUrl, name);
  const roles = await ensureDatabaseRoles(
    adminUrl,
    name,
    databaseRoleNames(),
    loadOrCreateRolePasswords(ROLE_PASSWORDS_FILE),
    log,
  );
  return {
    DATABASE_URL: roles.appUrl,
    VIGIE_OWNER_DATABASE_URL: roles.ownerUrl,
    VIGIE_QUEUE_DATABASE_URL: roles.queueUrl,
  };
}

/** An rclone remote (`name:path`) rather than a directory: rclone must be installed. */
function isRcloneTarget(target: string | undefined): boolean {
  return target !== undefined && /^[A-Za-z0-9_.-][A-Za-z0-9_. -]*:/.test(target) && !target.startsWith('/');
}

/** Runs a backup command of db/backup-cli.ts and exits with its code (1: failed, as it says). */
function runBackupCli(subcommand: string, args: string[], env: NodeJS.ProcessEnv): never {
  ensureBuilt(false);
  const result = spawnSync(process.execPath, [BACKUP_ENTRY, subcommand, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  process.exit(result.status ?? 1);
}

const BACKUP_COMMANDS: Record<string, string> = {
  backup: 'backup',
  'backup:keygen': 'keygen',
  restore: 'restore',
  'backup:drill': 'drill',
};

async function main(): Promise<void> {
  const [command = 'start', ...args] = process.argv.slice(2);
  const backupCommand = BACKUP_COMMANDS[command];
  if (backupCommand === 'keygen') runBackupCli(backupCommand, args, process.env);
  if (backupCommand !== undefined) {
    const fromIndex = args.indexOf('--from');
    const target = backupCommand === 'restore' ? args[fromIndex + 1] : process.env.VIGIE_BACKUP_TARGET;
    if (isRcloneTarget(target)) await ensureDebianPackages([RCLONE], log);
  }
  if (backupCommand === 'restore') {
    // Into the database and directory given on the command line: nothing is provisioned for it
    // (provisioning would create the `vigie` database the restore may be about to make).
    await ensurePostgres({ projectRoot: ROOT, log });
    runBackupCli(backupCommand, args, process.env);
  }
  const databaseEnv = await provisionDatabase();
  const env = { ...process.env, ...databaseEnv };
  // The API never holds the owner's credentials: it could rewrite the audit trail with them.
  const { VIGIE_OWNER_DATABASE_URL: _owner, ...apiEnv } = env;
  log(`Database: ${redactUrl(databaseEnv.DATABASE_URL)}`);

  if (command === 'audit:verify') {
    ensureBuilt(false);
    // Pass the exit code through: 1 means a broken chain, 2 that the check could not run.
    const result = spawnSync(process.execPath, [AUDIT_VERIFY_ENTRY], {
      cwd: ROOT,
      stdio: 'inherit',
      env: apiEnv,
    });
    process.exit(result.status ?? 2);
  }

  if (command === 'files:verify') {
    ensureBuilt(false);
    // Pass the exit code through: 1 means a missing or altered file, 2 that the check could not run.
    // As the API's role: the check needs no more (and never the owner's credentials).
    const result = spawnSync(process.execPath, [FILES_VERIFY_ENTRY], {
      cwd: ROOT,
      stdio: 'inherit',
      env: apiEnv,
    });
    process.exit(result.status ?? 2);
  }

  if (backupCommand !== undefined) {
    // The backup reads as the owner (every table); the drill makes its scratch database as the
    // server's administrator (CREATE DATABASE, CREATE EXTENSION postgis).
    const { adminUrl } = await ensurePostgres({ projectRoot: ROOT, log });
    runBackupCli(
      backupCommand,
      args,
      backupCommand === 'drill' ? { ...env, VIGIE_ADMIN_DATABASE_URL: adminUrl } : env,
    );
  }

  if (command !== 'start') {
    ensureBuilt(false);
    run(process.execPath, [CLI_ENTRY, command, ...args], env);
    return;
  }

  // Reports will print with Chromium and these fonts (Arabic, Persian, Tigrinya scripts included);
  // ffmpeg makes the copies of videos and sounds without metadata that communication gets.
  await ensureDebianPackages([CHROMIUM, FONTS, FFMPEG], log);
  ensureBuilt(true);
  run(process.execPath, [CLI_ENTRY, 'setup'], env);
  const server = spawn(process.execPath, [...API_NODE_FLAGS, API_ENTRY], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...API_PROCESS_ENV, ...apiEnv },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`[vigie] Start-up failed: ${describeError(error)}`);
    // The verify commands keep 1 for "broken chain" / "file missing or altered": not having run is 2.
    process.exit(['audit:verify', 'files:verify'].includes(process.argv[2] ?? '') ? 2 : 1);
  });
}
