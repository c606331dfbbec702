import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import pg from 'pg';

import { assertDatabaseName, databaseUrl, quoteIdentifier } from './database.mts';
import type { Log } from './packages.mts';

/*
 * The three login roles of a Vigie database (docs/decisions.md, "Database roles"):
 *   - owner: owns the database and every schema object of the application; migrations and seeds run
 *     as it. Not a superuser: it cannot create extensions (provisioning does) nor touch other databases.
 *   - app: what the API connects as. Owns nothing; SELECT/INSERT/UPDATE/DELETE on the data tables,
 *     only SELECT and INSERT on audit_events, no TRUNCATE, no DDL (grants: db/database-grants.ts).
 *   - queue: what pg-boss connects as. Owns the `pgboss` schema (pg-boss makes a table per queue at
 *     run time) and has no privilege on the application's tables.
 */

export interface DatabaseRoleNames {
  owner: string;
  app: string;
  queue: string;
}

export type DatabaseRolePasswords = Record<keyof DatabaseRoleNames, string>;

export interface DatabaseRoleUrls {
  ownerUrl: string;
  appUrl: string;
  queueUrl: string;
}

/** The pg-boss schema, made at provisioning for the queue role (which may not create schemas). */
export const QUEUE_SCHEMA = 'pgboss';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,50}$/;
/** Serialises role provisioning across processes (test runs share one cluster); any constant will do. */
const ROLES_LOCK_KEY = 7_317_001;

export function databaseRoleNames(prefix = 'vigie'): DatabaseRoleNames {
  if (!ROLE_NAME.test(prefix)) {
    throw new Error(`Invalid role prefix "${prefix}": use lower-case letters, digits and underscores.`);
  }
  return { owner: `${prefix}_owner`, app: `${prefix}_app`, queue: `${prefix}_queue` };
}

/** The same server and database as `url`, signed in as `user` with `password`. */
export function urlForRole(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export function generateRolePassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The roles' passwords, kept in `file` (JSON, mode 0600: readable by the server's OS user only).
 * Made on first use; never printed.
 */
export function loadOrCreateRolePasswords(file: string): DatabaseRolePasswords {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DatabaseRolePasswords>;
    if (
      typeof stored.owner === 'string' &&
      typeof stored.app === 'string' &&
      typeof stored.queue === 'string'
    ) {
      return { owner: stored.owner, app: stored.app, queue: stored.queue };
    }
    throw new Error(
      `${file} does not hold the database roles' passwords (owner, app, queue). Remove it: ` +
        'the next start makes new passwords and sets them on the roles.',
    );
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const passwords = {
    owner: generateRolePassword(),
    app: generateRolePassword(),
    queue: generateRolePassword(),
  };
  writeFileSync(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return passwords;
}

function hasCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && codes.includes(String(error.code));
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Creates the login role, or brings an existing one back to a plain login role with this password. */
async function ensureLoginRole(client: pg.Client, name: string, password: string): Promise<void> {
  const role = quoteIdentifier(name);
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';
  const secret = client.escapeLiteral(password);
  try {
    await client.query(`CREATE ROLE ${role} ${attributes} PASSWORD ${secret}`);
  } catch (error) {
    // 42710 duplicate_object; 23505 when two sessions create it at the same instant.
    if (!hasCode(error, '42710', '23505')) throw error;
  }
  await client.query(`ALTER ROLE ${role} ${attributes} PASSWORD ${secret}`);
}

/** Objects of `schema` not owned by `owner` and not part of an extension (PostGIS's stay the superuser's). */
const FOREIGN_RELATIONS = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
     AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))`;
const FOREIGN_ROUTINES = `
  SELECT p.oid::regprocedure::text AS name, p.prokind::text AS kind
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = $1 AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
     AND p.prokind IN ('f', 'p')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                     AND d.deptype = 'e')`;
const FOREIGN_TYPES = `
  SELECT format('%I.%I', n.nspname, t.typname) AS name
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = $1 AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
     AND t.typtype IN ('e', 'd', 'r', 'm') AND t.typelem = 0
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                     AND d.deptype = 'e')`;

const ALTER_RELATION: Record<string, string> = {
  r: 'TABLE',
  p: 'TABLE',
  f: 'FOREIGN TABLE',
  v: 'VIEW',
  m: 'MATERIALIZED VIEW',
  S: 'SEQUENCE',
};

/** Gives every object of `schema` to `owner` (a database first made with `postgres` as owner). */
async function reassignSchema(client: pg.Client, schema: string, owner: string): Promise<number> {
  const role = quoteIdentifier(owner);
  let changed = 0;
  // Tables first: a table takes its indexes and owned sequences along.
  const relations = await client.query<{ name: string; kind: string }>(FOREIGN_RELATIONS, [schema, owner]);
  for (const { name, kind } of relations.rows.sort(
    (a, b) => (a.kind === 'S' ? 1 : 0) - (b.kind === 'S' ? 1 : 0),
  )) {
    await client.query(`ALTER ${ALTER_RELATION[kind] ?? 'TABLE'} ${name} OWNER TO ${role}`);
    changed += 1;
  }
  const routines = await client.query<{ name: string; kind: string }>(FOREIGN_ROUTINES, [schema, owner]);
  for (const { name, kind } of routines.rows) {
    await client.query(`ALTER ${kind === 'p' ? 'PROCEDURE' : 'FUNCTION'} ${name} OWNER TO ${role}`);
    changed += 1;
  }
  const types = await client.query<{ name: string }>(FOREIGN_TYPES, [schema, owner]);
  for (const { name } of types.rows) {
    await client.query(`ALTER TYPE ${name} OWNER TO ${role}`);
    changed += 1;
  }
  return changed;
}

/**
 * Provisioning, as the server's superuser (`adminUrl`, on the maintenance database): makes the three
 * login roles, gives the database and every object of the application to the owner role (also in a
 * database made earlier with `postgres` as owner), creates PostGIS (the owner may not) and the
 * queue role's schema. Idempotent, and safe when several processes provision databases of the same
 * cluster at once (roles are cluster-wide). Returns the three roles' URLs for `database`.
 */
export async function ensureDatabaseRoles(
  adminUrl: string,
  database: string,
  names: DatabaseRoleNames,
  passwords: DatabaseRolePasswords,
  log: Log = () => undefined,
): Promise<DatabaseRoleUrls> {
  assertDatabaseName(database);
  for (const name of Object.values(names)) {
    if (!ROLE_NAME.test(name)) throw new Error(`Invalid database role name "${name}".`);
  }
  const admin = await connect(adminUrl);
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [ROLES_LOCK_KEY]);
    for (const key of ['owner', 'app', 'queue'] as const) {
      await ensureLoginRole(admin, names[key], passwords[key]);
    }
    const owner = quoteIdentifier(names.owner);
    await admin.query(`ALTER DATABASE ${quoteIdentifier(database)} OWNER TO ${owner}`);

    const target = await connect(databaseUrl(adminUrl, database));
    try {
      // An extension is the superuser's to create; the migrations' CREATE EXTENSION IF NOT EXISTS is a no-op.
      await target.query('CREATE EXTENSION IF NOT EXISTS postgis');
      await target.query(`ALTER SCHEMA public OWNER TO ${owner}`);
      await target.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      const queue = quoteIdentifier(names.queue);
      await target.query(`CREATE SCHEMA IF NOT EXISTS ${QUEUE_SCHEMA} AUTHORIZATION ${queue}`);
      await target.query(`ALTER SCHEMA ${QUEUE_SCHEMA} OWNER TO ${queue}`);
      await target.query(`REVOKE ALL ON SCHEMA ${QUEUE_SCHEMA} FROM PUBLIC`);
      const moved =
        (await reassignSchema(target, 'public', names.owner)) +
        (await reassignSchema(target, QUEUE_SCHEMA, names.queue));
      if (moved > 0) log(`Database roles: gave ${moved} object(s) to their owner role.`);
    } finally {
      await target.end();
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, database);
  return {
    ownerUrl: urlForRole(url, names.owner, passwords.owner),
    appUrl: urlForRole(url, names.app, passwords.app),
    queueUrl: urlForRole(url, names.queue, passwords.queue),
  };
}
