import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDuplicateRule, type DuplicateRule } from '../apps/api/src/config/duplicate-rule-settings';
import { refreshAllDuplicates, storedDuplicateRule } from '../apps/api/src/observations/duplicates.sql';
import { applyAppGrants, roleOfUrl } from './database-grants';
import { describeError } from './describe-error.mts';
import { dataSourceOptions, DEFAULT_DATABASE_URL } from './data-source';
import { ensureFirstAdmin } from './seeds/admin';
import { generateSyntheticObservations, seedDemoIfEmpty } from './seeds/demo';
import { seedCommunes, seedSites, seedTerritories } from './seeds/reference';

/**
 * Database operations as the database's owner (VIGIE_OWNER_DATABASE_URL, else DATABASE_URL):
 * `migrate`, `revert`, `seed`, `reset`, `synthetic`, `setup`.
 * `npm run db:*` and `npm start` reach it through `db/vigie.mts`, which provisions the server first.
 */
const USAGE = `Usage: node dist/db/cli.js <command>
  migrate                      run pending migrations
  revert                       undo the last migration
  seed                         reference data (communes, sites), first admin, demo data on an empty database
  reset                        drop everything, migrate and seed again
  synthetic --observations N   add N synthetic observations (benchmarks)
  duplicates                   recompute every pair of possible duplicates (after a bulk load)
  setup                        migrate + seed, and recompute the possible duplicates when their
                               thresholds (VIGIE_DUPLICATE_*) changed (what npm start runs)`;

type Log = (message: string) => void;

export async function runCommand(command: string, args: string[], url: string, log: Log): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'migrate':
        await migrate(dataSource, log);
        break;
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        log('Reverted the last migration.');
        break;
      case 'seed':
        await seed(dataSource, log);
        break;
      case 'setup': {
        // Checked first: thresholds out of range stop the start before anything is written.
        const rule = loadDuplicateRule();
        await migrate(dataSource, log);
        await seed(dataSource, log);
        await refreshDuplicatesIfRuleChanged(dataSource, log, rule);
        break;
      }
      case 'reset':
        // The owner's objects only: PostGIS belongs to the superuser, who made it at provisioning.
        await dataSource.query(DROP_OWNED_OBJECTS);
        log('Dropped every table.');
        await migrate(dataSource, log);
        await seed(dataSource, log);
        break;
      case 'synthetic': {
        const count = parseCount(args);
        const started = performance.now();
        const inserted = await generateSyntheticObservations(dataSource, {
          count,
          seed: Date.now() % 2 ** 31,
        });
        log(
          `Inserted ${inserted} synthetic observations in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        );
        await refreshDuplicates(dataSource, log);
        break;
      }
      case 'duplicates':
        await refreshDuplicates(dataSource, log);
        break;
      default:
        throw new Error(`Unknown command "${command}".\n${USAGE}`);
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Drops the tables, views, sequences, functions and types of `public` the current role owns. */
const DROP_OWNED_OBJECTS = `
  DO $$
  DECLARE item record;
  BEGIN
    FOR item IN
      SELECT format('DROP %s IF EXISTS %I.%I CASCADE', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                  WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname) AS what
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
         AND pg_has_role(c.relowner, 'USAGE')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
    LOOP
      EXECUTE item.what;
    END LOOP;
    FOR item IN
      SELECT p.oid::regprocedure::text AS what FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public' AND p.prokind = 'f' AND pg_has_role(p.proowner, 'USAGE')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
      EXECUTE 'DROP FUNCTION IF EXISTS ' || item.what || ' CASCADE';
    END LOOP;
  END $$`;

async function migrate(dataSource: DataSource, log: Log): Promise<void> {
  const done = await dataSource.runMigrations({ transaction: 'each' });
  log(
    done.length > 0
      ? `Applied ${done.length} migration(s): ${done.map((m) => m.name).join(', ')}.`
      : 'Schema up to date.',
  );
  await grant(dataSource, log);
}

/**
 * After every migration run: the API's role (DATABASE_URL's user) gets what it needs on whatever
 * exists now, and the queue role nothing (docs/decisions.md, "Database roles").
 */
async function grant(dataSource: DataSource, log: Log): Promise<void> {
  const appUrl = process.env.DATABASE_URL;
  if (!appUrl) return;
  const queueUrl = process.env.VIGIE_QUEUE_DATABASE_URL;
  // One transaction: a running API never sees a table between its REVOKE and its GRANT.
  const granted = await dataSource.transaction((manager) =>
    applyAppGrants((sql, parameters) => manager.query(sql, parameters), {
      app: roleOfUrl(appUrl),
      queue: queueUrl ? roleOfUrl(queueUrl) : undefined,
    }),
  );
  if (granted) log(`Privileges of the API's role "${roleOfUrl(appUrl)}" applied.`);
}

async function seed(dataSource: DataSource, log: Log): Promise<void> {
  const communes = await seedCommunes(dataSource);
  const sites = await seedSites(dataSource);
  const territories = await seedTerritories(dataSource);
  if (communes + sites + territories > 0) {
    log(
      `Reference data: ${communes} commune(s), ${sites} site(s) and ${territories} territory outline(s) written.`,
    );
  }
  const admin = await ensureFirstAdmin(dataSource, {
    email: process.env.VIGIE_ADMIN_EMAIL,
    password: process.env.VIGIE_ADMIN_PASSWORD,
  });
  if (admin) {
    log(`First admin account: ${admin.email}`);
    if (admin.generatedPassword) {
      log(`  password (shown once, write it down): ${admin.generatedPassword}`);
    }
  }
  if (process.env.VIGIE_DEMO_DATA !== 'false' && process.env.NODE_ENV !== 'production') {
    const demo = await seedDemoIfEmpty(dataSource);
    if (demo) {
      log(`Empty database: loaded the synthetic demo data set (${demo.inserted} observations).`);
      await refreshDuplicates(dataSource, log);
    }
  }
}

/**
 * Bulk loads bypass the API, which keeps the pairs up to date on each write: pair them all at once,
 * with the thresholds the API is given (VIGIE_DUPLICATE_*, read from the same environment).
 */
async function refreshDuplicates(
  dataSource: DataSource,
  log: Log,
  rule = loadDuplicateRule(),
): Promise<void> {
  const started = performance.now();
  const { removed, added } = await refreshAllDuplicates(dataSource, rule);
  log(
    `Possible duplicates (${describeRule(rule)}): ${added} pair(s) added, ${removed} removed in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}

/**
 * The stored pairs follow the thresholds they were computed with: when the environment sets other
 * ones (or none was ever recorded), every pair is recomputed, the coordinators' decisions kept.
 */
async function refreshDuplicatesIfRuleChanged(
  dataSource: DataSource,
  log: Log,
  rule: DuplicateRule,
): Promise<void> {
  const stored = await storedDuplicateRule(dataSource);
  if (stored?.radiusM === rule.radiusM && stored.windowMinutes === rule.windowMinutes) return;
  log(
    stored
      ? `The possible-duplicate thresholds changed (${describeRule(stored)} → ${describeRule(rule)}): recomputing the pairs.`
      : 'No record of the possible-duplicate thresholds: recomputing the pairs.',
  );
  await refreshDuplicates(dataSource, log, rule);
}

function describeRule(rule: DuplicateRule): string {
  return `${rule.radiusM} m, ${rule.windowMinutes} min`;
}

function parseCount(args: string[]): number {
  const index = args.indexOf('--observations');
  const value = index >= 0 ? Number(args[index + 1]) : Number.NaN;
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`synthetic needs --observations N (N > 0).\n${USAGE}`);
  return value;
}

if (require.main === module) {
  const [command = '', ...args] = process.argv.slice(2);
  const ownerUrl = process.env.VIGIE_OWNER_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  runCommand(command, args, ownerUrl, (message) => console.log(message)).catch((error: unknown) => {
    console.error(`vigie ${command || '(no command)'} failed: ${describeError(error)}`);
    process.exit(1);
  });
}
