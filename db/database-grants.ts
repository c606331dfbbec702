/*
 * The app role's privileges, granted by the owner after every migration run (`db/cli.ts`, the test
 * setup): whatever a migration created is covered, and default privileges cover what the owner
 * creates later. Roles and ownership are provisioning's (db/provision/roles.mts).
 */

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/** Append-only: the app may read and add audit events, never change or remove them. */
export const APPEND_ONLY_TABLES = ['audit_events'];
/**
 * Readable, not writable, by the app: the migrations' bookkeeping, and the daily facts of the
 * statistics, which only the owner's triggers write (db/migrations/1795429000000-ObservationDailyFacts.ts).
 */
export const READ_ONLY_TABLES = [
  'migrations',
  'observation_daily_facts',
  'observation_daily_site_facts',
  'observation_daily_seizure_facts',
  'observation_daily_force_facts',
];

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The user name of a postgres:// URL (what the API or the queue signs in as). */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

export interface GrantTargets {
  /** The API's role: data tables, SELECT + INSERT only on audit_events. */
  app: string;
  /** pg-boss's role: nothing in `public` (it owns its own schema). */
  queue?: string;
}

/**
 * Grants the app role what the API needs on every relation the current role (the owner) owns in
 * `public`, and nothing more. Returns false (and does nothing) when the app role is the current role:
 * a single-role deployment, which the API warns about at start.
 */
export async function applyAppGrants(query: Query, targets: GrantTargets): Promise<boolean> {
  const [me] = (await query('SELECT current_user AS name')) as { name: string }[];
  if (!me || me.name === targets.app) return false;
  const app = quoteIdentifier(targets.app);
  const relations = (await query(
    `SELECT format('%I', c.relname) AS name, c.relname AS bare, c.relkind::text AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`,
  )) as { name: string; bare: string; kind: string }[];
  await query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  for (const { name, bare, kind } of relations) {
    await query(`REVOKE ALL ON ${kind === 'S' ? 'SEQUENCE' : 'TABLE'} public.${name} FROM ${app}`);
    if (kind === 'S') {
      await query(`GRANT USAGE, SELECT ON SEQUENCE public.${name} TO ${app}`);
    } else if (APPEND_ONLY_TABLES.includes(bare)) {
      await query(`GRANT SELECT, INSERT ON TABLE public.${name} TO ${app}`);
    } else if (READ_ONLY_TABLES.includes(bare) || kind === 'v' || kind === 'm') {
      await query(`GRANT SELECT ON TABLE public.${name} TO ${app}`);
    } else {
      await query(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.${name} TO ${app}`);
    }
    if (targets.queue && targets.queue !== targets.app && targets.queue !== me.name) {
      await query(
        `REVOKE ALL ON ${kind === 'S' ? 'SEQUENCE' : 'TABLE'} public.${name} FROM ${quoteIdentifier(targets.queue)}`,
      );
    }
  }
  // What the owner creates before the next grant run (a migration applied by hand) is usable too;
  // the next run narrows it again (audit_events' UPDATE/DELETE above).
  await query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
  );
  await query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
  return true;
}
