/**
 * The operator's entry point: `npm start` and `npm run db:*` come here. It runs before anything is
 * compiled (Node strips the types), provisions PostgreSQL/PostGIS and the system packages (DESIGN §8),
 * builds what is stale, then hands over to the compiled code.
 *
 *   node db/vigie.mts start | migrate | revert | seed | reset | synthetic --observations N | duplicates | audit:verify
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS } from './api-process.mts';
import {
  CHROMIUM,
  ensureDatabase,
  ensureDebianPackages,
  ensurePostgisInstalled,
  ensurePostgres,
  FONTS,
  redactUrl,
} from './provision/index.mts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (message: string): void => console.log(`[vigie] ${message}`);

const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const CLI_ENTRY = join(ROOT, 'dist/db/cli.js');
const AUDIT_VERIFY_ENTRY = join(ROOT, 'dist/db/audit-verify.js');
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

/** The database URL to use: DATABASE_URL as given, else a `vigie` database on the local server. */
async function provisionDatabase(): Promise<string> {
  const { adminUrl, source } = await ensurePostgres({ projectRoot: ROOT, log });
  if (source === 'env') return process.env.DATABASE_URL as string;
  await ensurePostgisInstalled(adminUrl, log);
  return ensureDatabase(adminUrl, process.env.VIGIE_DB_NAME ?? 'vigie');
}

async function main(): Promise<void> {
  const [command = 'start', ...args] = process.argv.slice(2);
  const databaseUrl = await provisionDatabase();
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  log(`Database: ${redactUrl(databaseUrl)}`);

  if (command === 'audit:verify') {
    ensureBuilt(false);
    // Pass the exit code through: 1 means a broken chain, 2 that the check could not run.
    const result = spawnSync(process.execPath, [AUDIT_VERIFY_ENTRY], { cwd: ROOT, stdio: 'inherit', env });
    process.exit(result.status ?? 2);
  }

  if (command !== 'start') {
    ensureBuilt(false);
    run(process.execPath, [CLI_ENTRY, command, ...args], env);
    return;
  }

  // Reports will print with Chromium and these fonts (Arabic, Persian, Tigrinya scripts included).
  await ensureDebianPackages([CHROMIUM, FONTS], log);
  ensureBuilt(true);
  run(process.execPath, [CLI_ENTRY, 'setup'], env);
  const server = spawn(process.execPath, [...API_NODE_FLAGS, API_ENTRY], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`[vigie] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
