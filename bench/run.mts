/**
 * `npm run bench`: the observations API on 200,000 synthetic observations, timed through HTTP and as
 * the same SQL in psql. See bench/README.md.
 */
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl } from '../db/provision/index.mts';
import { runAttachments } from './lib/attachments.mts';
import { runAuthAudit } from './lib/auth-audit.mts';
import { BACKUPS_DATABASE, runBackups } from './lib/backups.mts';
import { runConsoleWeight } from './lib/console-weight.mts';
import { runDuplicates } from './lib/duplicates.mts';
import { EXPORTS_DATABASE, runExports } from './lib/exports.mts';
import { IMPORTS_DATABASE, removeImports, runImports } from './lib/imports.mts';
import { runLegal } from './lib/legal.mts';
import { runReports } from './lib/reports.mts';
import { runScale, writeScaleReport } from './lib/scale.mts';
import { runSecurityCost } from './lib/security-cost.mts';
import { runTerrain } from './lib/terrain.mts';
import { ensureApiBuilt, loadCompiledApp } from './lib/compiled.mts';
import { BENCH_ACCOUNT, benchDatabaseUrl, prepareDatabase, serverVersions } from './lib/database.mts';
import { authHeaders, timedGet, type TimedResponse } from './lib/http.mts';
import { type Iteration, timeInPsql } from './lib/psql.mts';
import { machine, markdownTable, type BenchReport, type ScenarioResult, writeReport } from './lib/report.mts';
import { geojsonScenario, pageScenario, type Scenario } from './lib/scenarios.mts';
import { processMemoryMb, type RunningApi, startApi } from './lib/server.mts';
import { addSeries, round, summarize } from './lib/stats.mts';
import { intFromEnv } from './lib/env.mts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const RESULTS = join(ROOT, 'bench/results');
const log = (message: string): void => console.log(`[bench] ${message}`);

/** The data set every run measures: same seed, same period, hence the same rows. */
const DATA_SET = { seed: 20_260_101, end: new Date('2026-11-01T00:00:00Z'), months: 24 };

const settings = {
  observations: intFromEnv('BENCH_OBSERVATIONS', 200_000),
  iterations: intFromEnv('BENCH_ITERATIONS', 200),
  warmup: intFromEnv('BENCH_WARMUP', 50),
  geojsonFeatures: intFromEnv('BENCH_GEOJSON_FEATURES', 5_000),
  /** Per scenario and per side (warm-up and timed requests each): a slow build still finishes. */
  timeBudgetSeconds: intFromEnv('BENCH_TIME_BUDGET_S', 120),
  reset: process.env.BENCH_RESET === '1',
  /** `observations-api`, `auth-audit`, `attachments`, `reports`, `legal`, `security-cost`, `duplicates`, `exports`, `imports`, `backups`, `console-weight`, `terrain` or `scale`: run that benchmark alone (default: all but `exports`, `imports`, `backups`, `console-weight`, `terrain` and `scale`). */
  only: process.env.BENCH_ONLY ?? '',
};
const BENCHMARKS = [
  'observations-api',
  'auth-audit',
  'attachments',
  'reports',
  'legal',
  'security-cost',
  'duplicates',
  'exports',
  'imports',
  'backups',
  'console-weight',
  'terrain',
  'scale',
];
if (settings.only !== '' && !BENCHMARKS.includes(settings.only)) {
  throw new Error(`BENCH_ONLY must be one of ${BENCHMARKS.join(', ')}, got "${settings.only}"`);
}

interface ApiMeasurement {
  samples: number[];
  warmup: number;
  stoppedByTimeBudget: boolean;
  response: { bytes: number; items: number; totalCount: number };
}

async function measureApi(
  api: RunningApi,
  scenario: Scenario,
  headers: Record<string, string>,
): Promise<ApiMeasurement> {
  const budgetMs = settings.timeBudgetSeconds * 1000;
  const url = (i: number): string =>
    `${api.baseUrl}${(scenario.requests[i % scenario.requests.length] as Scenario['requests'][number]).path}`;

  let warmup = 0;
  const warmupStarted = performance.now();
  while (warmup < settings.warmup && performance.now() - warmupStarted < budgetMs / 4) {
    scenario.check(await timedGet(url(warmup), headers), warmup === 0);
    warmup += 1;
  }

  const samples: number[] = [];
  let last: TimedResponse | null = null;
  let found = { items: 0, total: 0 };
  const started = performance.now();
  for (let i = 0; i < settings.iterations; i++) {
    if (i > 0 && performance.now() - started > budgetMs) break;
    const response = await timedGet(url(i), headers);
    samples.push(response.ms);
    found = scenario.check(response, i === 0);
    last = response;
  }
  if (last) found = scenario.check(last, true);
  return {
    samples,
    warmup,
    stoppedByTimeBudget: samples.length < settings.iterations,
    response: { bytes: last?.body.byteLength ?? 0, items: found.items, totalCount: found.total },
  };
}

async function measureSql(url: string, scenario: Scenario, iterations: number, warmup: number) {
  const first = scenario.requests[0] as Scenario['requests'][number];
  for (const request of scenario.requests) {
    if (request.sql.main.text !== first.sql.main.text || request.sql.count.text !== first.sql.count.text) {
      throw new Error(`The ${scenario.name} requests do not share one SQL text`);
    }
  }
  const mainName = `bench_${scenario.name}_main`;
  const countName = `bench_${scenario.name}_count`;
  const statements = [
    { name: mainName, text: first.sql.main.text },
    { name: countName, text: first.sql.count.text },
  ];
  const values: Iteration[] = Array.from({ length: iterations }, (_, i) => {
    const request = scenario.requests[i % scenario.requests.length] as Scenario['requests'][number];
    return { [mainName]: request.sql.main.values, [countName]: request.sql.count.values };
  });
  const times = await timeInPsql(url, statements, values, warmup);
  const main = times[mainName] ?? [];
  const count = times[countName] ?? [];
  // The SQL figure is what the API waits for: page + count for a list, the features alone for a
  // GeoJSON collection that is not full (the API then skips the count).
  const countRuns = scenario.requests.every((request) => request.countRuns);
  return { main, count, total: countRuns ? addSeries(main, count) : main };
}

async function runScenario(
  api: RunningApi,
  url: string,
  scenario: Scenario,
  headers: Record<string, string>,
): Promise<ScenarioResult> {
  log(`${scenario.name}: ${scenario.requests.length} request(s), e.g. GET ${scenario.requests[0]?.path}`);
  const measured = await measureApi(api, scenario, headers);
  const apiStats = summarize(measured.samples);
  log(
    `${scenario.name}: API median ${apiStats.median} ms, p95 ${apiStats.p95} ms over ${apiStats.n} requests; timing the same SQL in psql…`,
  );
  const sql = await measureSql(
    url,
    scenario,
    measured.samples.length,
    Math.min(settings.warmup, measured.warmup),
  );
  const sqlStats = summarize(sql.total);
  const ratio = { median: round(apiStats.median / sqlStats.median), p95: round(apiStats.p95 / sqlStats.p95) };
  const verdict = { p95: apiStats.p95 < scenario.target.p95Ms, ratio: ratio.median < scenario.target.ratio };
  log(`${scenario.name}: SQL median ${sqlStats.median} ms, p95 ${sqlStats.p95} ms; ratio ${ratio.median}`);
  return {
    name: scenario.name,
    title: scenario.title,
    requests: scenario.requests.map((request) => request.path),
    iterations: {
      planned: settings.iterations,
      timed: measured.samples.length,
      warmup: measured.warmup,
      stoppedByTimeBudget: measured.stoppedByTimeBudget,
    },
    response: measured.response,
    api: apiStats,
    sql: sqlStats,
    sqlParts: { main: summarize(sql.main), count: summarize(sql.count) },
    ratio,
    target: scenario.target,
    verdict: { ...verdict, pass: verdict.p95 && verdict.ratio },
    notes: scenario.notes,
  };
}

const METHOD = [
  'Database: `vigie_bench`, migrated and seeded with the reference data only (`VIGIE_DEMO_DATA=false`), then the synthetic observations from `generateSyntheticObservations` with a fixed seed and period, then `VACUUM ANALYZE`. The data set is kept between runs and regenerated when its size, seed, period, generator or migrations change (the schema is then rebuilt first), or with `BENCH_RESET=1`.',
  'API: the compiled server (`dist/apps/api/src/main.js`) as a child process with `LOG_LEVEL=warn` and its default pool; requests are sequential, with Node’s `fetch` (undici, keep-alive), timed from just before sending to the last byte of the body. Every response is checked (status, `X-Total-Count`; 25 rows for the page; a FeatureCollection of the announced size for the first and last GeoJSON responses).',
  'SQL: the very statements the API runs (exported by `observations.repository`), built by the same `parseListQuery` from the same query strings, run in one `psql` session: `PREPARE` once, then `EXECUTE` with literal values, `plan_cache_mode = force_custom_plan` (node-postgres plans its unnamed statements for each set of values) and `timezone = UTC` like the API’s pool. Times are psql’s `\\timing` (client side, until the last row has arrived, output discarded). The same number of warm-up executions precedes them.',
  'The API runs the page (or features) query and the count query in parallel on two pool connections and answers when both are done; the SQL figure adds the two times of each iteration, run one after the other in psql. On an idle two-core machine the parallel API can therefore be somewhat faster than that sum: the ratio slightly flatters the API when the two queries are of similar cost.',
  'Statistics: median and p95 by linear interpolation between closest ranks; ratio = API / SQL (median over median, p95 over p95).',
];

async function main(): Promise<number> {
  const startedAt = new Date();
  const build = ensureApiBuilt(ROOT, log);
  const app = loadCompiledApp(ROOT);
  if (settings.only === 'console-weight') {
    // No database: the built console served as createApp serves it, and Chromium (not in the default run).
    await runConsoleWeight({ root: ROOT, resultsDirectory: RESULTS, log });
    return 0;
  }
  if (settings.only === 'terrain') {
    // No database either: « Terrain » on a throttled phone profile, online once then offline.
    await runTerrain({ root: ROOT, resultsDirectory: RESULTS, log });
    return 0;
  }
  const attachments = () => runAttachments({ root: ROOT, resultsDirectory: RESULTS, app, build, log });
  if (settings.only === 'attachments') {
    await attachments();
    return 0;
  }
  const legal = () => runLegal({ root: ROOT, resultsDirectory: RESULTS, app, build, log });
  if (settings.only === 'legal') {
    await legal();
    return 0;
  }
  const duplicates = () =>
    runDuplicates({ root: ROOT, resultsDirectory: RESULTS, app, build, largeDataSet: DATA_SET, log });
  if (settings.only === 'duplicates') {
    await duplicates();
    return 0;
  }
  if (settings.only === 'exports') {
    // Its own database and size (1,000,000 by default): not part of the default run.
    const exportsTarget = await benchDatabaseUrl(ROOT, log, EXPORTS_DATABASE);
    const exportsDb = await prepareDatabase(
      app,
      exportsTarget,
      {
        ...DATA_SET,
        count: intFromEnv('BENCH_EXPORT_OBSERVATIONS', 1_000_000),
        reset: settings.reset,
        duplicates: false,
      },
      log,
    );
    await runExports({
      root: ROOT,
      resultsDirectory: RESULTS,
      app,
      db: exportsDb,
      versions: await serverVersions(exportsDb.url),
      build,
      log,
    });
    return 0;
  }
  if (settings.only === 'backups') {
    // Its own database (200,000 observations) and 2 GiB of files in a scratch directory: not in the default run.
    const backupsTarget = await benchDatabaseUrl(ROOT, log, BACKUPS_DATABASE);
    const backupsDb = await prepareDatabase(
      app,
      backupsTarget,
      { ...DATA_SET, count: intFromEnv('BENCH_BACKUP_OBSERVATIONS', 200_000), reset: settings.reset },
      log,
    );
    await runBackups({
      root: ROOT,
      resultsDirectory: RESULTS,
      app,
      db: backupsDb,
      versions: await serverVersions(backupsDb.url),
      build,
      log,
    });
    return 0;
  }
  if (settings.only === 'scale') {
    // Its own database (1,000,000 observations by default), every figure with its floor: not in the default run.
    const report = await runScale({
      root: ROOT,
      resultsDirectory: RESULTS,
      app,
      build,
      dataSet: { seed: DATA_SET.seed, end: DATA_SET.end },
      reset: settings.reset,
      log,
    });
    const files = writeScaleReport(RESULTS, report);
    log(`Results: ${files.markdown}, ${files.json}`);
    return 0;
  }
  if (settings.only === 'imports') {
    // Its own database (100,000 observations by default), which the import grows: not in the default run.
    const importsTarget = await benchDatabaseUrl(ROOT, log, IMPORTS_DATABASE);
    // An interrupted run leaves its import behind: remove it before the data set is checked.
    await removeImports(importsTarget.superuserUrl);
    const importsDb = await prepareDatabase(
      app,
      importsTarget,
      { ...DATA_SET, count: intFromEnv('BENCH_IMPORT_EXISTING', 100_000), reset: settings.reset },
      log,
    );
    const from = new Date(DATA_SET.end);
    from.setUTCMonth(from.getUTCMonth() - DATA_SET.months);
    await runImports({
      root: ROOT,
      resultsDirectory: RESULTS,
      app,
      db: importsDb,
      versions: await serverVersions(importsDb.url),
      build,
      period: { from, to: DATA_SET.end },
      log,
    });
    return 0;
  }
  const target = await benchDatabaseUrl(ROOT, log);
  const db = await prepareDatabase(
    app,
    target,
    { ...DATA_SET, count: settings.observations, reset: settings.reset },
    log,
  );
  const versions = await serverVersions(db.url);
  const comparison = {
    root: ROOT,
    resultsDirectory: RESULTS,
    app,
    db,
    versions,
    build,
    warmup: settings.warmup,
    timeBudgetSeconds: settings.timeBudgetSeconds,
    log,
  };
  const authAudit = () => runAuthAudit(comparison);
  if (settings.only === 'auth-audit') {
    await authAudit();
    return 0;
  }
  const securityCost = () => runSecurityCost({ ...comparison, baselineDatabaseUrl: db.superuserUrl });
  if (settings.only === 'security-cost') {
    await securityCost();
    return 0;
  }
  const reports = () => runReports({ root: ROOT, resultsDirectory: RESULTS, app, db, versions, build, log });
  if (settings.only === 'reports') {
    await reports();
    return 0;
  }

  const scenarios = [pageScenario(app), await geojsonScenario(app, db.url, settings.geojsonFeatures)];

  log('Starting the API…');
  const api = await startApi({
    entry: app.apiEntry,
    cwd: ROOT,
    databaseUrl: db.apiEnv.DATABASE_URL,
    env: { ...db.apiEnv },
  });
  const loadAtStart = loadavg().map((value) => round(value));
  if ((loadAtStart[0] ?? 0) > cpus().length / 2) {
    log(
      `WARNING: load average ${loadAtStart.join(' ')} on ${cpus().length} CPUs: other work will inflate the figures.`,
    );
  }
  const results: ScenarioResult[] = [];
  let memory: ReturnType<typeof processMemoryMb>;
  let headers: Record<string, string> | undefined;
  try {
    headers = await authHeaders(
      api.baseUrl,
      scenarios[0]?.requests[0]?.path ?? '/api/observations',
      BENCH_ACCOUNT,
    );
    if (headers.authorization) log(`The API requires a session: signed in as ${BENCH_ACCOUNT.email}.`);
    for (const scenario of scenarios) results.push(await runScenario(api, db.url, scenario, headers));
    memory = processMemoryMb(api.pid);
  } catch (error) {
    const output = api.output().trim().split('\n').slice(-30).join('\n');
    if (output !== '') log(`API output before the failure:\n${output}`);
    throw error;
  } finally {
    await api.stop();
  }
  const serverOutput = api
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('Vigie is running'))
    .join('\n');
  if (serverOutput !== '') log(`API output:\n${serverOutput}`);

  const report: BenchReport = {
    benchmark: 'observations-api',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    environment: {
      node: process.version,
      postgres: versions.postgres,
      postgis: versions.postgis,
      ...machine(),
      loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((value) => round(value)) },
    },
    database: {
      url: redactUrl(db.url),
      source: db.source,
      rows: db.rows,
      dataSet: { ...db.fact },
      generatedThisRun: db.generated,
      generationSeconds: db.fact.generationSeconds,
    },
    build,
    authenticated: headers?.authorization !== undefined,
    server: { pid: api.pid, rssMb: memory?.rssMb ?? null, peakRssMb: memory?.peakRssMb ?? null },
    scenarios: results,
    pass: results.every((result) => result.verdict.pass),
    method: METHOD,
  };
  const files = writeReport(RESULTS, report);
  console.log(`\n${markdownTable(results)}\n`);
  log(`Server RSS after the run: ${memory?.rssMb ?? '?'} MB (peak ${memory?.peakRssMb ?? '?'} MB).`);
  log(`Results: ${files.markdown}, ${files.json}`);
  if (!report.pass) log('Some targets are missed (see the verdict column); the benchmark itself ran fine.');
  if (settings.only === '') {
    await authAudit();
    await securityCost();
    await attachments();
    await reports();
    await legal();
    await duplicates();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
