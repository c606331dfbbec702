/**
 * The compiled API (`nest build api` → `dist/`, CommonJS) as the benchmark uses it: the database
 * commands, the synthetic data generator and the very SQL the observations endpoints run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { API_SOURCES, newestMtime } from '../../db/vigie.mts';
import type { SqlQuery } from './psql.mts';

export type RawQuery = Record<string, string>;

export interface ParsedListQuery {
  where: string;
  params: unknown[];
  orderBy: string;
  offset: number;
  limit: number;
}

export interface SyntheticOptions {
  count: number;
  seed: number;
  end: Date;
  months: number;
}

/** The part of TypeORM's DataSource the benchmark touches. */
export interface DataSourceLike {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
}

export interface CompiledApp {
  apiEntry: string;
  /** Digest of the compiled migrations: the schema a database set up by this build has. */
  schemaDigest: string;
  runCommand(command: string, args: string[], url: string, log: (message: string) => void): Promise<void>;
  generateSyntheticObservations(dataSource: DataSourceLike, options: SyntheticOptions): Promise<number>;
  syntheticObservations(options: SyntheticOptions): Iterable<unknown>;
  createDataSource(url: string): DataSourceLike;
  parseListQuery(query: RawQuery, options?: { maxPage: number; defaultPage: number }): ParsedListQuery;
  observationPageSql(query: ParsedListQuery): SqlQuery;
  observationCountSql(query: ParsedListQuery): SqlQuery;
  observationGeoJsonSql(query: ParsedListQuery): SqlQuery;
  geojsonOptions: { maxPage: number; defaultPage: number };
}

export interface BuildOutcome {
  built: boolean;
  /** Set when `nest build` reported errors but still emitted the API (someone's work in progress). */
  warning?: string;
}

/**
 * Builds the API when `dist/` is missing or older than a source. A build that reports type errors
 * but still emits a fresh `main.js` is used with a warning: tsc emits despite type errors, and other
 * people's unfinished edits should not stop a measurement.
 */
export function ensureApiBuilt(root: string, log: (message: string) => void): BuildOutcome {
  const entry = join(root, 'dist/apps/api/src/main.js');
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(API_SOURCES)) return { built: false };
  log('Building the API (nest build api)…');
  const started = Date.now();
  const result = spawnSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status === 0 && existsSync(entry)) return { built: true };
  if (existsSync(entry) && statSync(entry).mtimeMs >= started - 1000) {
    const warning = `nest build api reported errors (exit ${result.status ?? result.signal}) but emitted the API: measuring that output`;
    log(`WARNING: ${warning}.`);
    return { built: true, warning };
  }
  throw new Error(`nest build api failed (exit ${result.status ?? result.signal})`);
}

/**
 * Migrations are still edited in place at this stage of the project; a database migrated by an older
 * version of a file would silently keep the old schema (indexes included), so the benchmark compares
 * this digest with the one it recorded and rebuilds the schema when they differ.
 */
function migrationsDigest(root: string): string {
  const directory = join(root, 'dist/db/migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith('.js'))
    .sort()) {
    hash.update(file).update(readFileSync(join(directory, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

interface Modules {
  cli: Pick<CompiledApp, 'runCommand'>;
  demo: Pick<CompiledApp, 'generateSyntheticObservations' | 'syntheticObservations'>;
  dataSource: { dataSourceOptions(url: string): unknown };
  typeorm: { DataSource: new (options: unknown) => DataSourceLike };
  parse: {
    parseListQuery(
      query: RawQuery,
      spec: unknown,
      options?: { maxPage: number; defaultPage: number },
    ): ParsedListQuery;
  };
  spec: { OBSERVATION_LIST_SPEC: unknown };
  repository: Pick<CompiledApp, 'observationPageSql' | 'observationCountSql' | 'observationGeoJsonSql'>;
  domain: { LIMITS: { geojsonFeatures: number } };
}

export function loadCompiledApp(root: string): CompiledApp {
  const requireCompiled = createRequire(join(root, 'package.json'));
  const load = (path: string): unknown => requireCompiled(join(root, path));
  const cli = load('dist/db/cli.js') as Modules['cli'];
  const demo = load('dist/db/seeds/demo.js') as Modules['demo'];
  const dataSource = load('dist/db/data-source.js') as Modules['dataSource'];
  const typeorm = requireCompiled('typeorm') as Modules['typeorm'];
  const parse = load('dist/apps/api/src/common/list-query/parse-list-query.js') as Modules['parse'];
  const spec = load('dist/apps/api/src/observations/observations.list-spec.js') as Modules['spec'];
  const repository = load(
    'dist/apps/api/src/observations/observations.repository.js',
  ) as Modules['repository'];
  const domain = load('dist/libs/domain/src/index.js') as Modules['domain'];
  // What ObservationsService.geojson passes.
  const geojsonOptions = {
    maxPage: domain.LIMITS.geojsonFeatures,
    defaultPage: domain.LIMITS.geojsonFeatures,
  };
  return {
    apiEntry: join(root, 'dist/apps/api/src/main.js'),
    schemaDigest: migrationsDigest(root),
    runCommand: cli.runCommand,
    generateSyntheticObservations: demo.generateSyntheticObservations,
    syntheticObservations: demo.syntheticObservations,
    createDataSource: (url) => new typeorm.DataSource(dataSource.dataSourceOptions(url)),
    parseListQuery: (query, options) => parse.parseListQuery(query, spec.OBSERVATION_LIST_SPEC, options),
    observationPageSql: repository.observationPageSql,
    observationCountSql: repository.observationCountSql,
    observationGeoJsonSql: repository.observationGeoJsonSql,
    geojsonOptions,
  };
}
