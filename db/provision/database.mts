import pg from 'pg';

import { ensureDebianPackages, POSTGIS, postgisPackageName, type Log } from './packages.mts';

// Plain lower-case identifiers only: the name ends up both in SQL and in a URL path.
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

export function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(
      `Invalid database name "${name}": use lower-case letters, digits and underscores (at most 63).`,
    );
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The URL of another database on the same server, keeping credentials and parameters. */
export function databaseUrl(serverUrl: string, name: string): string {
  assertDatabaseName(name);
  const url = new URL(serverUrl);
  if (url.protocol === 'socket:') {
    url.searchParams.set('db', name);
  } else {
    url.pathname = `/${name}`;
  }
  return url.toString();
}

/** For messages and logs: the URL without its password. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

/**
 * Whether the server runs on this machine, so that installing Debian packages here can help it. A
 * `host` query parameter (pg's way to name a socket directory) wins over the URL's host.
 */
export function isLocalDatabaseUrl(value: string): boolean {
  const url = new URL(value);
  if (url.protocol === 'socket:') return true;
  const host = url.searchParams.get('host') ?? url.hostname;
  if (host === '' || host.startsWith('/')) return true;
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

export function majorFromServerVersionNum(versionNum: number): number {
  if (!Number.isInteger(versionNum) || versionNum < 100000) {
    throw new Error(`Unsupported PostgreSQL server version ${versionNum}: version 10 or later is required.`);
  }
  return Math.floor(versionNum / 10000);
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A server that goes away mid-session emits 'error' on the client: unhandled, it would crash.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function hasCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && codes.includes(String(error.code));
}

/** Creates the database when missing; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  assertDatabaseName(name);
  await withClient(adminUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount !== 0) return;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      // Lost a race with another process creating the same database: the goal is reached anyway.
      if (!hasCode(error, '42P04', '23505')) throw error;
    }
  });
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withClient(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt += 1) {
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
        return;
      } catch (error) {
        // A pool may reconnect between the terminate and the drop (55006: object_in_use).
        if (!hasCode(error, '55006') || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  });
}

async function serverMajor(adminUrl: string): Promise<number> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    return majorFromServerVersionNum(Number(result.rows[0]?.server_version_num));
  });
}

export async function isPostgisAvailable(adminUrl: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'");
    return result.rowCount !== 0;
  });
}

/**
 * Makes the PostGIS extension available to the server (CREATE EXTENSION is the migrations' job).
 * Installing a Debian package only helps a server on this machine; a remote one must be fixed there.
 */
export async function ensurePostgisInstalled(adminUrl: string, log: Log): Promise<void> {
  if (await isPostgisAvailable(adminUrl)) return;
  const major = await serverMajor(adminUrl);
  if (!isLocalDatabaseUrl(adminUrl)) {
    throw new Error(
      `PostGIS is not available on the PostgreSQL ${major} server at ${redactUrl(adminUrl)}. ` +
        `Install PostGIS 3 on that server (on Debian: ${postgisPackageName(major)}), or point ` +
        'DATABASE_URL to a server that has it.',
    );
  }
  await ensureDebianPackages([POSTGIS(major, () => isPostgisAvailable(adminUrl))], log);
}
