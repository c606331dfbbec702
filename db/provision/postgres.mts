import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

import pg from 'pg';

import { describeError } from '../describe-error.mts';
import { redactUrl } from './database.mts';
import { ensureDebianPackages, isRoot, type Log } from './packages.mts';

export type PostgresSource = 'env' | 'localhost' | 'private';

export interface EnsurePostgresOptions {
  projectRoot: string;
  log: Log;
}

export interface EnsuredPostgres {
  /** A superuser (or at least CREATEDB) connection to the server's maintenance database. */
  adminUrl: string;
  source: PostgresSource;
}

export interface PrivateClusterPaths {
  dataRoot: string;
  dataDir: string;
  socketDir: string;
  logFile: string;
  confFile: string;
}

const POSTGRES_LIB_DIR = '/usr/lib/postgresql';
const DEFAULT_PROBE_PORT = 5432;
// 5432 is the machine's own server; Debian gives 5433 to a second system cluster, rarely present.
const DEFAULT_PRIVATE_PORT = 5433;
const PROBE_TIMEOUT_MS = 2_000;
const READY_TIMEOUT_MS = 60_000;
const CONF_FILE_NAME = 'vigie.conf';
// sun_path is 108 bytes on Linux, including the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 107;

/** Highest PostgreSQL major among the entries of /usr/lib/postgresql that have server binaries. */
export function highestPostgresMajor(
  entries: readonly string[],
  hasServerBinaries: (major: number) => boolean = () => true,
): number | undefined {
  const majors = entries
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((major) => hasServerBinaries(major));
  return majors.length > 0 ? Math.max(...majors) : undefined;
}

export function parsePort(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable} must be a TCP port number (1–65535), got "${value}".`);
  }
  return port;
}

export function privateClusterPaths(projectRoot: string): PrivateClusterPaths {
  const dataRoot = join(resolve(projectRoot), '.data');
  const dataDir = join(dataRoot, 'postgres');
  return {
    dataRoot,
    dataDir,
    socketDir: join(dataRoot, 'run'),
    logFile: join(dataRoot, 'postgres.log'),
    confFile: join(dataDir, CONF_FILE_NAME),
  };
}

/** The socket directory, or none when the checkout's path is too deep for a socket: TCP still works. */
export function unixSocketDirectories(socketDir: string, port: number): string {
  const socketPath = join(socketDir, `.s.PGSQL.${port}`);
  return Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES ? socketDir : '';
}

function quoteConfValue(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

export function privateClusterConf(port: number, socketDirectories: string): string {
  return [
    '# Rewritten by db/provision at each start: set VIGIE_PG_PORT instead of editing it.',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = ${quoteConfValue(socketDirectories)}`,
    '',
  ].join('\n');
}

/** Line 4 of postmaster.pid is the port the running server listens on. */
export function postmasterPort(pidFileContent: string): number | undefined {
  const port = Number(pidFileContent.split('\n')[3]?.trim());
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export function localServerUrl(port: number, user: string): string {
  return `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/postgres`;
}

/** `postgres` first (Debian's superuser), then the OS user (a Homebrew-style or developer's own role). */
export function probeUsers(osUser: string | undefined): string[] {
  return [...new Set(['postgres', ...(osUser ? [osUser] : [])])];
}

function currentOsUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // A container can run under a uid with no passwd entry.
    return process.env.USER;
  }
}

interface ConnectFailure {
  message: string;
  /** Nobody listens there: trying another user name is pointless. */
  unreachable: boolean;
}

async function tryConnect(url: string, timeoutMs: number): Promise<ConnectFailure | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const message = describeError(error);
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const unreachable =
      ['ECONNREFUSED', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(code) || /timeout/i.test(message);
    return { message, unreachable };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeLocalhost(port: number, log: Log): Promise<string | undefined> {
  for (const user of probeUsers(currentOsUser())) {
    const url = localServerUrl(port, user);
    const failure = await tryConnect(url, PROBE_TIMEOUT_MS);
    if (failure === undefined) return url;
    if (failure.unreachable) {
      log(`No PostgreSQL answers on 127.0.0.1:${port} (${failure.message}).`);
      return undefined;
    }
    log(`PostgreSQL on 127.0.0.1:${port} refuses "${user}": ${failure.message}`);
  }
  return undefined;
}

async function waitUntilReady(
  url: string,
  timeoutMs: number,
  explain: (lastError: string) => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = await tryConnect(url, Math.min(5_000, timeoutMs));
    if (failure === undefined) return;
    if (Date.now() >= deadline) throw new Error(explain(failure.message));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function serverBinDir(major: number): string {
  return join(POSTGRES_LIB_DIR, String(major), 'bin');
}

function hasServerBinaries(major: number): boolean {
  const bin = serverBinDir(major);
  return existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'));
}

function installedServerMajor(): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync(POSTGRES_LIB_DIR);
  } catch {
    return undefined;
  }
  return highestPostgresMajor(entries, hasServerBinaries);
}

interface ClusterOwner {
  /** Set when we are root: initdb and postgres refuse to run as root, so the `postgres` user runs them. */
  runAs?: { user: string; uid: number; gid: number };
}

function lookUpId(flag: '-u' | '-g', user: string): number | undefined {
  const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
  const id = Number(result.stdout?.trim());
  return result.status === 0 && Number.isInteger(id) ? id : undefined;
}

function clusterOwner(): ClusterOwner {
  if (!isRoot()) return {};
  const uid = lookUpId('-u', 'postgres');
  const gid = lookUpId('-g', 'postgres');
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'Running as root, the private PostgreSQL cluster must belong to the "postgres" OS user, which does ' +
        'not exist. Install it with: apt-get install -y postgresql (or set DATABASE_URL).',
    );
  }
  return { runAs: { user: 'postgres', uid, gid } };
}

function runAsOwner(
  owner: ClusterOwner,
  command: string,
  args: readonly string[],
  cwd: string,
): SpawnSyncReturns<string> {
  const [file, fileArgs] = owner.runAs
    ? ['runuser', ['-u', owner.runAs.user, '--', command, ...args]]
    : [command, [...args]];
  return spawnSync(file, fileArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function output(result: SpawnSyncReturns<string>): string {
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return text || result.error?.message || `exit status ${result.status}`;
}

function giveToOwner(owner: ClusterOwner, path: string): void {
  if (owner.runAs) chownSync(path, owner.runAs.uid, owner.runAs.gid);
}

function logTail(logFile: string, lines = 15): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

function prepareDirectories(paths: PrivateClusterPaths, owner: ClusterOwner): void {
  mkdirSync(paths.dataRoot, { recursive: true, mode: 0o755 });
  mkdirSync(paths.socketDir, { recursive: true, mode: 0o755 });
  giveToOwner(owner, paths.socketDir);
  closeSync(openSync(paths.logFile, 'a', 0o640));
  giveToOwner(owner, paths.logFile);
  if (!owner.runAs) return;
  // initdb accepts an existing empty directory, so root can hand one over to the postgres user.
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  giveToOwner(owner, paths.dataDir);
  const reachable = runAsOwner(
    owner,
    'test',
    ['-w', paths.dataDir, '-a', '-w', paths.logFile],
    paths.dataRoot,
  );
  if (reachable.status !== 0) {
    throw new Error(
      `The "postgres" OS user cannot reach ${paths.dataDir}: a parent directory is not open to other users ` +
        '(a checkout under /root, say). Move the checkout (under /srv or /opt, for example), or set ' +
        'DATABASE_URL to an existing server.',
    );
  }
}

function initCluster(paths: PrivateClusterPaths, major: number, owner: ClusterOwner, log: Log): void {
  log(`Creating a private PostgreSQL ${major} cluster in ${paths.dataDir}…`);
  const result = runAsOwner(
    owner,
    join(serverBinDir(major), 'initdb'),
    ['-D', paths.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'],
    paths.dataRoot,
  );
  if (result.status !== 0) {
    throw new Error(
      `initdb failed for ${paths.dataDir}:\n${output(result)}\n` +
        `Remove ${paths.dataDir} before trying again if it was left half-made.`,
    );
  }
  appendFileSync(join(paths.dataDir, 'postgresql.conf'), `\ninclude = '${CONF_FILE_NAME}'\n`);
}

function clusterMajor(paths: PrivateClusterPaths): number | undefined {
  const versionFile = join(paths.dataDir, 'PG_VERSION');
  if (!existsSync(versionFile)) return undefined;
  const major = Number(readFileSync(versionFile, 'utf8').trim());
  if (!Number.isInteger(major)) throw new Error(`${versionFile} is not a PostgreSQL version.`);
  return major;
}

async function ensurePrivateCluster(
  projectRoot: string,
  installedMajor: number,
  log: Log,
): Promise<EnsuredPostgres> {
  const requestedPort = parsePort(process.env.VIGIE_PG_PORT, DEFAULT_PRIVATE_PORT, 'VIGIE_PG_PORT');
  const paths = privateClusterPaths(projectRoot);
  const owner = clusterOwner();
  prepareDirectories(paths, owner);

  let major = clusterMajor(paths);
  if (major === undefined) {
    initCluster(paths, installedMajor, owner, log);
    major = installedMajor;
  } else if (!hasServerBinaries(major)) {
    throw new Error(
      `The private cluster in ${paths.dataDir} was made with PostgreSQL ${major}, whose binaries are gone. ` +
        `Install them (apt-get install -y postgresql-${major}) or remove ${paths.dataDir} to start afresh.`,
    );
  }
  const pgCtl = join(serverBinDir(major), 'pg_ctl');
  const runningPort = (): number | undefined => {
    const status = runAsOwner(owner, pgCtl, ['status', '-D', paths.dataDir], paths.dataRoot);
    if (status.status !== 0) return undefined;
    return postmasterPort(readFileSync(join(paths.dataDir, 'postmaster.pid'), 'utf8')) ?? requestedPort;
  };

  // Already running from an earlier start: keep it, on whatever port it was started with.
  let port = runningPort();
  if (port === undefined) {
    port = requestedPort;
    writeFileSync(paths.confFile, privateClusterConf(port, unixSocketDirectories(paths.socketDir, port)));
    giveToOwner(owner, paths.confFile);
    log(`Starting the private PostgreSQL ${major} cluster on 127.0.0.1:${port} (log: ${paths.logFile})…`);
    const start = runAsOwner(
      owner,
      pgCtl,
      ['start', '-D', paths.dataDir, '-l', paths.logFile, '-w', '-t', String(READY_TIMEOUT_MS / 1000), '-s'],
      paths.dataRoot,
    );
    // A concurrent caller (npm start beside npm test) may have won the start: its server will do.
    const startedPort = start.status === 0 ? port : runningPort();
    if (startedPort === undefined) {
      throw new Error(
        `PostgreSQL did not start: ${output(start)}\nLast lines of ${paths.logFile}:\n${logTail(paths.logFile)}\n` +
          `If port ${port} is taken by another server, set VIGIE_PG_PORT to a free port.`,
      );
    }
    port = startedPort;
  } else if (port !== requestedPort) {
    log(`The private cluster already runs on port ${port}; VIGIE_PG_PORT is ignored until it stops.`);
  }

  const adminUrl = localServerUrl(port, 'postgres');
  await waitUntilReady(
    adminUrl,
    READY_TIMEOUT_MS,
    (lastError) =>
      `The private PostgreSQL cluster does not accept connections on 127.0.0.1:${port} (${lastError}). ` +
      `See ${paths.logFile}:\n${logTail(paths.logFile)}`,
  );
  log(`Using the private PostgreSQL cluster at ${adminUrl}.`);
  return { adminUrl, source: 'private' };
}

/**
 * Finds or starts the PostgreSQL server the project runs on: DATABASE_URL when set, else a server on
 * 127.0.0.1:5432 when one lets us in, else a private cluster under `<projectRoot>/.data/`.
 *
 * `VIGIE_PG_PROBE_PORT` moves the 5432 probe (tests point it at a closed port to reach the private path).
 */
export async function ensurePostgres(opts: EnsurePostgresOptions): Promise<EnsuredPostgres> {
  const { projectRoot, log } = opts;
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    log(`Using DATABASE_URL (${redactUrl(fromEnv)}).`);
    await waitUntilReady(
      fromEnv,
      READY_TIMEOUT_MS / 2,
      (lastError) =>
        `The server in DATABASE_URL (${redactUrl(fromEnv)}) does not accept connections: ${lastError}`,
    );
    return { adminUrl: fromEnv, source: 'env' };
  }

  const probePort = parsePort(process.env.VIGIE_PG_PROBE_PORT, DEFAULT_PROBE_PORT, 'VIGIE_PG_PROBE_PORT');
  const local = await probeLocalhost(probePort, log);
  if (local) {
    log(`Using the PostgreSQL server at ${local}.`);
    return { adminUrl: local, source: 'localhost' };
  }

  let major = installedServerMajor();
  if (major === undefined) {
    await ensureDebianPackages(
      [{ name: 'postgresql', check: () => installedServerMajor() !== undefined }],
      log,
    );
    // Where services may start, Debian's package has just started its own cluster on 5432.
    const fresh = await probeLocalhost(probePort, log);
    if (fresh) {
      log(`Using the PostgreSQL server at ${fresh}.`);
      return { adminUrl: fresh, source: 'localhost' };
    }
    major = installedServerMajor();
    if (major === undefined)
      throw new Error(`PostgreSQL was installed but no server binaries are in ${POSTGRES_LIB_DIR}.`);
  }
  return ensurePrivateCluster(projectRoot, major, log);
}
