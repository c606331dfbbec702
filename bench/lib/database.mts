/**
 * The benchmark's database: `vigie_bench` on the server the project provisions (or
 * BENCH_DATABASE_URL), migrated and seeded like production, holding a fixed synthetic data set.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import {
  databaseRoleNames,
  ensureDatabase,
  ensureDatabaseRoles,
  ensurePostgisInstalled,
  ensurePostgres,
  loadOrCreateRolePasswords,
  redactUrl,
} from '../../db/provision/index.mts';
import type { CompiledApp, SyntheticOptions } from './compiled.mts';

export const BENCH_DATABASE = 'vigie_bench';
const FACT_KEY = 'benchmark';

export interface DataSetFact {
  count: number;
  seed: number;
  end: string;
  months: number;
  /** Digest of the first drawn observations: a changed generator means regenerating. */
  generator: string;
  /** Digest of the migrations the schema was built with. */
  schema: string;
  generatedAt: string;
  generationSeconds: number;
  /** How the rows were written: the application's batched INSERT, or the benchmark's COPY loader. */
  generationMethod?: string;
}

/**
 * The account the benchmark signs in with once the API requires it: the first admin of its own
 * database, created by the seed from these variables. A local database of synthetic data, hence a
 * plain default; BENCH_ADMIN_EMAIL / BENCH_ADMIN_PASSWORD override it.
 */
export const BENCH_ACCOUNT = {
  email: process.env.BENCH_ADMIN_EMAIL ?? 'bench@vigie.local',
  password: process.env.BENCH_ADMIN_PASSWORD ?? 'vigie-bench-synthetic-data-only',
};

/** How the API under test connects: as `npm start` runs it, with its own least-privilege roles. */
export interface ApiDatabaseEnv {
  DATABASE_URL: string;
  VIGIE_QUEUE_DATABASE_URL?: string;
}

export interface BenchDatabaseTarget {
  /** The owner's URL (migrations, data generation, the SQL timings, clean-up). */
  url: string;
  source: string;
  /** The API's connections. */
  apiEnv: ApiDatabaseEnv;
  /** The same database as the server's superuser (what the API used before it had its own roles). */
  superuserUrl: string;
}

export interface PreparedDatabase {
  /** The owner's URL: the benchmark's own statements. */
  url: string;
  /** What the API under test connects with (app and queue roles). */
  apiEnv: ApiDatabaseEnv;
  superuserUrl: string;
  source: string;
  generated: boolean;
  fact: DataSetFact;
  rows: { observations: number; forces: number; seizures: number; communes: number; sites: number };
}

export async function benchDatabaseUrl(
  root: string,
  log: (message: string) => void,
  /** Another database on the same server, for a data set of another size (the exports benchmark). */
  database: string = BENCH_DATABASE,
): Promise<BenchDatabaseTarget> {
  const explicit = process.env.BENCH_DATABASE_URL;
  if (explicit) {
    return {
      url: explicit,
      source: 'BENCH_DATABASE_URL',
      apiEnv: { DATABASE_URL: explicit },
      superuserUrl: explicit,
    };
  }
  const { adminUrl, source } = await ensurePostgres({ projectRoot: root, log });
  if (source !== 'env') await ensurePostgisInstalled(adminUrl, log);
  const superuserUrl = await ensureDatabase(adminUrl, database);
  // The same roles (and password file) as `npm start`: the API is measured as it runs in production.
  const roles = await ensureDatabaseRoles(
    adminUrl,
    database,
    databaseRoleNames(),
    loadOrCreateRolePasswords(join(root, '.data', 'database-roles.json')),
    log,
  );
  return {
    url: roles.ownerUrl,
    source,
    apiEnv: { DATABASE_URL: roles.appUrl, VIGIE_QUEUE_DATABASE_URL: roles.queueUrl },
    superuserUrl,
  };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function generatorDigest(app: CompiledApp, options: SyntheticOptions): string {
  const first: unknown[] = [];
  for (const observation of app.syntheticObservations({ ...options, count: 20 })) first.push(observation);
  return createHash('sha256').update(JSON.stringify(first)).digest('hex').slice(0, 16);
}

async function readFact(url: string): Promise<{ count: number; fact: DataSetFact | null }> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ ready: boolean }>(
      `SELECT to_regclass('public.dataset_facts') IS NOT NULL AND to_regclass('public.observations') IS NOT NULL AS ready`,
    );
    if (!tables.rows[0]?.ready) return { count: 0, fact: null };
    const count = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM observations');
    const fact = await client.query<{ value: DataSetFact }>(
      'SELECT value FROM dataset_facts WHERE key = $1',
      [FACT_KEY],
    );
    return { count: count.rows[0]?.n ?? 0, fact: fact.rows[0]?.value ?? null };
  });
}

/**
 * The migrations grant the API's roles their share, reading them from the environment as `npm start`
 * passes them (db/cli.ts); set only for the command, so that later benchmarks do not inherit them.
 */
export async function withApiRoles<T>(apiEnv: ApiDatabaseEnv, work: () => Promise<T>): Promise<T> {
  const saved = { app: process.env.DATABASE_URL, queue: process.env.VIGIE_QUEUE_DATABASE_URL };
  process.env.DATABASE_URL = apiEnv.DATABASE_URL;
  if (apiEnv.VIGIE_QUEUE_DATABASE_URL) process.env.VIGIE_QUEUE_DATABASE_URL = apiEnv.VIGIE_QUEUE_DATABASE_URL;
  try {
    return await work();
  } finally {
    for (const [name, value] of [
      ['DATABASE_URL', saved.app],
      ['VIGIE_QUEUE_DATABASE_URL', saved.queue],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Brings the schema up to date (rebuilding it when the migrations changed since the data set was
 * made), seeds the reference data (no demo set), then makes sure the observations are exactly the
 * data set asked for: same count, seed, period, generator and schema; otherwise regenerates them.
 */
export async function prepareDatabase(
  app: CompiledApp,
  target: BenchDatabaseTarget,
  options: SyntheticOptions & {
    reset: boolean;
    /** Pair the possible duplicates (the list reads them); the exports benchmark does not need them. */
    duplicates?: boolean;
    /**
     * Writes the drawn rows instead of the application's generator (the scale benchmark's COPY
     * loader); returns null to leave it to the application's generator.
     */
    generate?: (
      url: string,
      options: SyntheticOptions,
    ) => Promise<{ inserted: number; method: string } | null>;
  },
  log: (message: string) => void,
): Promise<PreparedDatabase> {
  const { url } = target;
  log(`Database: ${redactUrl(url)} (${target.source})`);
  process.env.VIGIE_DEMO_DATA = 'false';
  process.env.VIGIE_ADMIN_EMAIL = BENCH_ACCOUNT.email;
  process.env.VIGIE_ADMIN_PASSWORD = BENCH_ACCOUNT.password;

  const before = await readFact(url);
  const rebuild = options.reset || before.fact === null || before.fact.schema !== app.schemaDigest;
  if (rebuild) {
    log(
      options.reset
        ? 'BENCH_RESET=1: rebuilding the schema.'
        : before.fact === null
          ? 'No benchmark data set recorded: building the schema from scratch.'
          : 'The migrations changed since the data set was made: rebuilding the schema.',
    );
  }
  await withApiRoles(target.apiEnv, () => app.runCommand(rebuild ? 'reset' : 'setup', [], url, log));

  const synthetic: SyntheticOptions = {
    count: options.count,
    seed: options.seed,
    end: options.end,
    months: options.months,
  };
  const wanted = {
    count: options.count,
    seed: options.seed,
    end: options.end.toISOString(),
    months: options.months,
    generator: generatorDigest(app, synthetic),
    schema: app.schemaDigest,
  };
  const current = await readFact(url);
  const same =
    current.fact !== null &&
    current.count === options.count &&
    (Object.keys(wanted) as (keyof typeof wanted)[]).every((key) => current.fact?.[key] === wanted[key]);

  let fact: DataSetFact;
  let generated = false;
  if (same) {
    fact = current.fact as DataSetFact;
    log(
      `Reusing the ${current.count.toLocaleString('en')} observations generated ${fact.generatedAt} (BENCH_RESET=1 regenerates).`,
    );
  } else {
    const why =
      current.fact === null
        ? `no benchmark data set recorded (${current.count} observations present)`
        : `the data set differs (${current.count} observations, recorded ${JSON.stringify(current.fact)})`;
    log(`Generating ${options.count.toLocaleString('en')} synthetic observations: ${why}…`);
    await withClient(url, (client) => client.query('TRUNCATE observations CASCADE'));
    const dataSource = app.createDataSource(url);
    await dataSource.initialize();
    const started = performance.now();
    let inserted: number;
    let generationMethod = 'application generator (batched INSERT … SELECT FROM unnest)';
    try {
      const custom = options.generate ? await options.generate(url, synthetic) : null;
      if (custom) generationMethod = custom.method;
      inserted = custom?.inserted ?? (await app.generateSyntheticObservations(dataSource, synthetic));
    } finally {
      await dataSource.destroy();
    }
    const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
    if (inserted !== options.count)
      throw new Error(`Generated ${inserted} observations, expected ${options.count}`);
    log(`Inserted ${inserted.toLocaleString('en')} observations in ${generationSeconds} s.`);
    // Real observations arrive day after day, so a period's rows sit together on disk. The generator
    // draws dates in random order; put the rows in date order, as production data would be.
    await withClient(url, async (client) => {
      await client.query('CREATE INDEX bench_cluster_started_at ON observations (started_at)');
      await client.query('CLUSTER observations USING bench_cluster_started_at');
      await client.query('DROP INDEX bench_cluster_started_at');
    });
    log('Stored the observations in date order (CLUSTER), as data entered over time would be.');
    fact = { ...wanted, generatedAt: new Date().toISOString(), generationSeconds, generationMethod };
    await withClient(url, (client) =>
      client.query(
        `INSERT INTO dataset_facts (key, value, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [FACT_KEY, JSON.stringify(fact)],
      ),
    );
    generated = true;
  }

  // The pairs of possible duplicates are materialised on each write through the API; the generator
  // bypasses it, so pair the data set here (the list page reads the pairs). A data set reused from
  // a run that predates the pairs has none yet.
  const unpaired = await withClient(url, async (client) => {
    const result = await client.query<{ empty: boolean }>(
      'SELECT NOT EXISTS (SELECT 1 FROM observation_duplicates) AS empty',
    );
    return result.rows[0]?.empty ?? true;
  });
  if ((options.duplicates ?? true) && (generated || unpaired)) {
    // Fresh rows (CLUSTER rewrote the table) have no statistics yet: without them the planner may
    // join the pairs on a one-sided time bound, quadratic in the row count (hours at 100,000).
    await withClient(url, (client) => client.query('ANALYZE observations'));
    await withApiRoles(target.apiEnv, () => app.runCommand('duplicates', [], url, log));
  }

  const rows = await withClient(url, async (client) => {
    const started = performance.now();
    await client.query('VACUUM ANALYZE');
    log(`VACUUM ANALYZE in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    const result = await client.query<PreparedDatabase['rows']>(
      `SELECT (SELECT count(*) FROM observations)::int AS observations,
              (SELECT count(*) FROM observation_forces)::int AS forces,
              (SELECT count(*) FROM observation_seizures)::int AS seizures,
              (SELECT count(*) FROM communes)::int AS communes,
              (SELECT count(*) FROM sites)::int AS sites`,
    );
    return result.rows[0] as PreparedDatabase['rows'];
  });
  return {
    url,
    apiEnv: target.apiEnv,
    superuserUrl: target.superuserUrl,
    source: target.source,
    generated,
    fact,
    rows,
  };
}

export async function serverVersions(url: string): Promise<{ postgres: string; postgis: string }> {
  return withClient(url, async (client) => {
    const result = await client.query<{ postgres: string; postgis: string }>(
      `SELECT current_setting('server_version') AS postgres, postgis_full_version() AS postgis`,
    );
    const row = result.rows[0] as { postgres: string; postgis: string };
    return { postgres: row.postgres, postgis: /POSTGIS="([^"]+)"/.exec(row.postgis)?.[1] ?? row.postgis };
  });
}
