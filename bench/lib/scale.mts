/**
 * Issue 16 item 6: every fast path at 1,000,000 observations, each against its floor measured in
 * the same run (raw SQL for lists, string aggregation for GeoJSON, a bare `ST_AsMVT`, a bare
 * `page.pdf()`, `/api/auth/me` for throughput), with the machine's load. Its own database,
 * `vigie_bench_scale`; not part of the default run. See bench/README.md ("Scale").
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { redactUrl } from '../../db/provision/index.mts';
import { createBody } from './auth-audit.mts';
import { copyIncompatibility, copySyntheticObservations } from './copy-load.mts';
import type { BuildOutcome, CompiledApp, SyntheticOptions } from './compiled.mts';
import {
  BENCH_ACCOUNT,
  benchDatabaseUrl,
  type PreparedDatabase,
  prepareDatabase,
  serverVersions,
  withApiRoles,
  withClient,
} from './database.mts';
import { authHeaders, BROWSER_ACCEPT_ENCODING, timedGet, type TimedResponse } from './http.mts';
import { type Iteration, type SqlQuery, timeInPsql } from './psql.mts';
import { machine } from './report.mts';
import { geojsonScenario, pageScenario, type Scenario } from './scenarios.mts';
import { processMemoryMb, type RunningApi, startApi, waitForIdleMachine } from './server.mts';
import { addSeries, percentile, round, type Stats, summarize } from './stats.mts';
import { loadAverage } from './env.mts';

export const SCALE_DATABASE = process.env.BENCH_SCALE_DATABASE || 'vigie_bench_scale';

export interface ScaleContext {
  root: string;
  resultsDirectory: string;
  app: CompiledApp;
  build: BuildOutcome;
  /** Seed and end of the data set (the main benchmark's). */
  dataSet: { seed: number; end: Date };
  reset: boolean;
  log: (message: string) => void;
}

function intFromEnv(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1))
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  return value;
}

const settings = () => ({
  observations: intFromEnv('BENCH_SCALE_OBSERVATIONS', 1_000_000),
  /** Ten years at the main benchmark's daily density (200,000 over 24 months): see the README. */
  months: intFromEnv('BENCH_SCALE_MONTHS', 120),
  iterations: intFromEnv('BENCH_SCALE_ITERATIONS', 200),
  warmup: intFromEnv('BENCH_SCALE_WARMUP', 30),
  /**
   * The API's list requests before the measured ones: a server's first ~150 requests include JIT
   * compilation and its heap growing to its working size (several answers of 100–270 ms).
   */
  listWarmup: intFromEnv('BENCH_SCALE_LIST_WARMUP', 200),
  clients: intFromEnv('BENCH_SCALE_CLIENTS', 20),
  concurrencySeconds: intFromEnv('BENCH_SCALE_CONCURRENCY_S', 10),
  geojsonFeatures: intFromEnv('BENCH_SCALE_GEOJSON_FEATURES', 9_500),
  mapIterations: intFromEnv('BENCH_SCALE_MAP_ITERATIONS', 50),
  tileIterations: intFromEnv('BENCH_SCALE_TILE_ITERATIONS', 200),
  statsRuns: intFromEnv('BENCH_SCALE_STATS_RUNS', 20),
  monthlyRuns: intFromEnv('BENCH_SCALE_MONTHLY_RUNS', 5),
  annualRuns: intFromEnv('BENCH_SCALE_ANNUAL_RUNS', 3),
  writeRuns: intFromEnv('BENCH_SCALE_WRITE_RUNS', 30),
  /** 0: leave the bulk pairing out (it recomputes every pair: minutes at 1 M). */
  bulkPairing: intFromEnv('BENCH_SCALE_BULK_PAIRING', 1, true) === 1,
  /** 0: generate with the application's batched INSERT instead of the COPY loader. */
  copy: intFromEnv('BENCH_SCALE_COPY', 1, true) === 1,
  /**
   * 1: when the data set is the one asked for but was made under older migrations, migrate it
   * forward (as a production upgrade would) instead of rebuilding and regenerating it.
   */
  migrateForward: intFromEnv('BENCH_SCALE_MIGRATE_FORWARD', 0, true) === 1,
});
type Settings = ReturnType<typeof settings>;

export const SCALE_TARGETS = {
  listP95Ms: 15,
  listThroughputShare: 0.3,
  listP975Ms: 100,
  mapMs: 80,
  mapRatio: 1.3,
  tileP95Ms: 20,
  statsMs: 100,
  monthlyMs: 500,
  annualMs: 1500,
  bulkPairingS: 30,
  perWriteMs: 5,
} as const;

/** Calais and its camps, the map's viewport; the tiles are those over it at z 12–15. */
const CALAIS_BBOX = [1.8, 50.92, 1.95, 50.97] as const;
const TILE_ZOOMS = [12, 13, 14, 15] as const;
/** Same grid and margin as a tile of the API (`ST_AsMVT`'s defaults). */
const TILE_EXTENT = 4096;
const TILE_BUFFER = 64;
/** The last observatories' year and month of the data set (it ends 2026-10-31). */
const YEAR = { from: '2025-11-01', to: '2026-10-31' } as const;
const MONTH = { from: '2026-10-01', to: '2026-10-31' } as const;
const REPORT_PERIODS = { 'monthly-note': MONTH, 'annual-report': YEAR } as const;
type ReportKind = keyof typeof REPORT_PERIODS;
const WRITE_MARKER = '[bench:scale]';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A figure against its floor, with the target and its verdict. */
export interface Figure {
  name: string;
  title: string;
  /** What the target reads: `p95`, `median`, `p97.5`, `throughput share`, `seconds`… */
  measure: string;
  value: number | null;
  unit: string;
  floor: number | null;
  floorWhat: string;
  /** value / floor (for throughput: list / auth/me). */
  ratio: number | null;
  target: string;
  pass: boolean | null;
  load: number[];
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Sequential requests.

async function sequential(
  urls: readonly string[],
  headers: Record<string, string>,
  iterations: number,
  warmup: number,
  check: (response: TimedResponse) => void,
): Promise<{ samples: number[]; last: TimedResponse | null }> {
  for (let i = 0; i < warmup; i++) check(await timedGet(urls[i % urls.length] as string, headers));
  const samples: number[] = [];
  let last: TimedResponse | null = null;
  for (let i = 0; i < iterations; i++) {
    last = await timedGet(urls[i % urls.length] as string, headers);
    check(last);
    samples.push(last.ms);
  }
  return { samples, last };
}

/** Time the same statements in one psql session; `sum` adds up the statements of an iteration. */
async function psqlSeries(
  url: string,
  statements: { name: string; text: string }[],
  values: Iteration[],
  warmup: number,
): Promise<Record<string, number[]>> {
  return timeInPsql(url, statements, values, warmup);
}

// ---------------------------------------------------------------------------------------------
// Concurrency: `clients` keep-alive connections, each sending its next request as soon as the
// previous answer's last byte arrived, for a fixed duration.

interface Concurrency {
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  throughput: number;
  latency: Stats & { p975: number };
}

function concurrent(
  baseUrl: string,
  paths: readonly string[],
  headers: Record<string, string>,
  clients: number,
  durationMs: number,
): Promise<Concurrency> {
  const target = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const one = (path: string): Promise<number> =>
    new Promise((resolve) => {
      const started = performance.now();
      const request = http.request(
        { host: target.hostname, port: target.port, path, headers, agent },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode === 200 ? performance.now() - started : -1));
          response.on('error', () => resolve(-1));
        },
      );
      request.on('error', () => resolve(-1));
      request.end();
    });
  const started = performance.now();
  const deadline = started + durationMs;
  return Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const ms = await one(paths[next++ % paths.length] as string);
        if (ms < 0) errors += 1;
        else latencies.push(ms);
      }
    }),
  ).then(() => {
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      clients,
      seconds: round(seconds),
      requests: latencies.length,
      errors,
      throughput: round(latencies.length / seconds, 1),
      latency: { ...summarize(latencies), p975: round(percentile(sorted, 0.975)) },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Tiles over Calais.

interface Tile {
  z: number;
  x: number;
  y: number;
}

function tilesOver(bbox: readonly number[], zoom: number): Tile[] {
  const [west, south, east, north] = bbox as [number, number, number, number];
  const n = 2 ** zoom;
  const x = (lon: number): number => Math.floor(((lon + 180) / 360) * n);
  const y = (lat: number): number => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  };
  const tiles: Tile[] = [];
  for (let tx = x(west); tx <= x(east); tx++) {
    for (let ty = y(north); ty <= y(south); ty++) tiles.push({ z: zoom, x: tx, y: ty });
  }
  return tiles;
}

/** The floor of a tile: the points of the envelope (and margin), newest first up to the API's cap, in one layer. */
function bareTileSql(cap: number): string {
  return `SELECT ST_AsMVT(t, 'observations', ${TILE_EXTENT}, 'geom') FROM (
            SELECT ST_AsMVTGeom(ST_Transform(o.location, 3857), ST_TileEnvelope($1::int, $2::int, $3::int),
                                ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom, o.id
              FROM observations o
             WHERE o.deleted_at IS NULL
               AND o.location && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int,
                                              margin => ${TILE_BUFFER / TILE_EXTENT}), 4326)
             ORDER BY o.started_at DESC
             LIMIT ${cap}) AS t`;
}

// ---------------------------------------------------------------------------------------------
// Reports.

interface ReportRow {
  id: string;
  status: string;
  error: string | null;
}

async function timedReport(
  api: RunningApi,
  headers: Record<string, string>,
  kind: ReportKind,
): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${api.baseUrl}/api/reports`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ kind, ...REPORT_PERIODS[kind], lang: 'fr' }),
  });
  const text = await response.text();
  if (response.status !== 202)
    throw new Error(`POST /api/reports: HTTP ${response.status} ${text.slice(0, 300)}`);
  const { id } = JSON.parse(text) as ReportRow;
  for (;;) {
    await sleep(25);
    const poll = await fetch(`${api.baseUrl}/api/reports/${id}`, { headers });
    const row = (await poll.json()) as ReportRow;
    if (row.status === 'done') return performance.now() - started;
    if (row.status === 'failed') throw new Error(`report ${id} failed: ${row.error}`);
    if (performance.now() - started > 180_000)
      throw new Error(`report ${id} still ${row.status} after 180 s`);
  }
}

/** A bare `setContent` + `page.pdf()` of a trivial page, in a Chromium launched as our renderer launches it. */
async function barePdf(root: string, executablePath: string, runs: number): Promise<Stats> {
  const requireCompiled = createRequire(join(root, 'package.json'));
  const { PdfRenderer } = requireCompiled(join(root, 'dist/libs/reporting/src/pdf-renderer.js')) as {
    PdfRenderer: new (options: { executablePath: string }) => {
      warmUp(): Promise<void>;
      close(): Promise<void>;
      browser: Promise<Browser> | null;
    };
  };
  const renderer = new PdfRenderer({ executablePath });
  try {
    await renderer.warmUp();
    if (!renderer.browser) throw new Error('the compiled PdfRenderer exposes no browser');
    const browser = await renderer.browser;
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const html =
      '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Vigie</title><p>Vigie</p></html>';
    const samples: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const started = performance.now();
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf({ format: 'A4', printBackground: true });
      if (i >= 2) samples.push(performance.now() - started);
    }
    await context.close();
    return summarize(samples);
  } finally {
    await renderer.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Duplicates.

interface DuplicateModules {
  refreshAllDuplicates?: (
    db: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
    rule: { radiusM: number; windowMinutes: number },
  ) => Promise<{ removed: number; added: number }>;
  REMOVE_STALE_PAIRS_SQL?: string;
  INSERT_PAIRS_SQL?: string;
  loadDuplicateRule?: () => { radiusM: number; windowMinutes: number };
}

function duplicateModules(root: string): DuplicateModules {
  const requireCompiled = createRequire(join(root, 'package.json'));
  const optional = (path: string): Record<string, unknown> => {
    try {
      return requireCompiled(join(root, path)) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  return {
    ...(optional('dist/apps/api/src/observations/duplicates.sql.js') as DuplicateModules),
    ...(optional('dist/apps/api/src/config/duplicate-rule-settings.js') as DuplicateModules),
  };
}

/** Live evictions a record at `startedAt` and `[lon, lat]` (no site) pairs with under the rule. */
async function neighbours(
  url: string,
  startedAt: string,
  point: readonly number[],
  rule: { radiusM: number; windowMinutes: number },
) {
  return withClient(url, async (client) => {
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM observations d
        WHERE d.kind = 'eviction' AND d.deleted_at IS NULL
          AND d.started_at BETWEEN $1::timestamptz - make_interval(mins => $5::int)
                               AND $1::timestamptz + make_interval(mins => $5::int)
          AND ST_DWithin(d.location::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, $4)`,
      [startedAt, point[0], point[1], rule.radiusM, rule.windowMinutes],
    );
    return result.rows[0]?.n ?? 0;
  });
}

async function deleteObservations(url: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await withClient(url, async (client) => {
    await client.query('BEGIN');
    await client.query(
      'DELETE FROM observation_duplicates WHERE observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[])',
      [ids],
    );
    await client.query('DELETE FROM observations WHERE id = ANY($1::uuid[])', [ids]);
    await client.query('COMMIT');
  });
}

async function deleteLeftovers(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const ids = (
      await client.query<{ id: string }>('SELECT id FROM observations WHERE description LIKE $1', [
        `${WRITE_MARKER}%`,
      ])
    ).rows.map((row) => row.id);
    await deleteObservations(url, ids);
    return ids.length;
  });
}

// ---------------------------------------------------------------------------------------------

export interface ScaleReport {
  benchmark: 'scale';
  date: string;
  durationSeconds: number;
  code: { commit: string; dirty: string[] };
  environment: Record<string, unknown>;
  database: Record<string, unknown>;
  figures: Figure[];
  details: Record<string, unknown>;
  method: string[];
}

function gitState(root: string): { commit: string; dirty: string[] } {
  const run = (args: string[]): string =>
    spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trimEnd() ?? '';
  return {
    commit: run(['rev-parse', '--short', 'HEAD']),
    dirty: run(['status', '--short', '--', 'apps', 'libs', 'db'])
      .split('\n')
      .filter((line) => line !== ''),
  };
}

/** The COPY loader when the schema is one it knows, else null (the application's generator runs). */
async function copyGenerate(
  app: CompiledApp,
  url: string,
  options: SyntheticOptions,
  log: (message: string) => void,
): Promise<{ inserted: number; method: string } | null> {
  const why = await withClient(url, copyIncompatibility);
  if (why !== null) {
    log(`scale: not using the COPY loader (${why}): the application's generator writes the rows.`);
    return null;
  }
  const result = await copySyntheticObservations(url, app.syntheticObservations(options), log);
  return {
    inserted: result.inserted,
    method: `COPY FROM STDIN, secondary indexes built after (load ${round(result.loadSeconds, 1)} s, indexes ${round(result.indexSeconds, 1)} s)`,
  };
}

/**
 * Brings a data set made under older migrations up to this build's schema with the migrations
 * themselves (their backfills included), then records the new schema digest so that
 * `prepareDatabase` keeps the rows. Only when everything else about the data set matches.
 */
export async function migrateForward(
  app: CompiledApp,
  target: Awaited<ReturnType<typeof benchDatabaseUrl>>,
  s: Settings,
  context: ScaleContext,
  log: (message: string) => void,
): Promise<{ fromSchema: string; seconds: number } | null> {
  const fact = await withClient(target.url, async (client) => {
    const ready = await client.query<{ ready: boolean }>(
      `SELECT to_regclass('public.dataset_facts') IS NOT NULL AS ready`,
    );
    if (!ready.rows[0]?.ready) return null;
    const result = await client.query<{
      value: { count: number; seed: number; end: string; months: number; schema: string };
    }>(`SELECT value FROM dataset_facts WHERE key = 'benchmark'`);
    return result.rows[0]?.value ?? null;
  });
  if (
    !fact ||
    fact.schema === app.schemaDigest ||
    fact.count !== s.observations ||
    fact.seed !== context.dataSet.seed ||
    fact.end !== context.dataSet.end.toISOString() ||
    fact.months !== s.months
  ) {
    return null;
  }
  log(`scale: migrating the data set forward from schema ${fact.schema} to ${app.schemaDigest}…`);
  const started = performance.now();
  await withApiRoles(target.apiEnv, () => app.runCommand('setup', [], target.url, log));
  const seconds = round((performance.now() - started) / 1000, 1);
  await withClient(target.url, (client) =>
    client.query(
      `UPDATE dataset_facts SET value = value || jsonb_build_object('schema', $1::text, 'migratedFrom', $2::text), updated_at = now()
        WHERE key = 'benchmark'`,
      [app.schemaDigest, fact.schema],
    ),
  );
  log(`scale: migrated forward in ${seconds} s.`);
  return { fromSchema: fact.schema, seconds };
}

export async function runScale(context: ScaleContext): Promise<ScaleReport> {
  const { app, log, root } = context;
  const s: Settings = settings();
  const startedAt = new Date();
  const target = await benchDatabaseUrl(root, log, SCALE_DATABASE);
  // A fresh data set is paired by `db:duplicates` on an empty pair table while it is prepared:
  // that is the bulk figure, read from the command's own line rather than paid for twice.
  let preparePairing: { seconds: number; pairs: number } | null = null;
  const migratedForward = s.migrateForward ? await migrateForward(app, target, s, context, log) : null;
  const prepareLog = (message: string): void => {
    const match = /Possible duplicates \(.*\): (\d+) pair\(s\) added, 0 removed in ([\d.]+) s/.exec(message);
    if (match) preparePairing = { pairs: Number(match[1]), seconds: Number(match[2]) };
    log(message);
  };
  const db: PreparedDatabase = await prepareDatabase(
    app,
    target,
    {
      ...context.dataSet,
      months: s.months,
      count: s.observations,
      reset: context.reset,
      generate: s.copy ? (url, options) => copyGenerate(app, url, options, log) : undefined,
    },
    prepareLog,
  );
  const versions = await serverVersions(db.url);
  await deleteLeftovers(db.url);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = { migratedForward };
  const add = (figure: Omit<Figure, 'load'>): void => {
    const entry = { ...figure, load: loadAverage() };
    figures.push(entry);
    log(
      `scale: ${figure.name}: ${figure.measure} ${figure.value ?? '–'} ${figure.unit}` +
        `${figure.floor !== null ? `, floor ${figure.floor} (${figure.floorWhat}), ratio ${figure.ratio}` : ''}` +
        ` — target ${figure.target}: ${figure.pass === null ? 'n/a' : figure.pass ? 'pass' : 'MISS'}`,
    );
  };
  const loadAtStart = loadAverage();
  if ((loadAtStart[0] ?? 0) > cpus().length / 2) {
    log(
      `scale: WARNING: load average ${loadAtStart.join(' ')} on ${cpus().length} CPUs: figures will be inflated.`,
    );
  }

  const executablePath = process.env.VIGIE_CHROMIUM_PATH || '/usr/bin/chromium';
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-scale-'));
  const page = pageScenario(app);
  const map: Scenario = await geojsonScenario(app, db.url, s.geojsonFeatures);
  const rule = duplicateModules(root).loadDuplicateRule?.() ?? { radiusM: 300, windowMinutes: 120 };

  log('scale: starting the API…');
  const api = await startApi({
    entry: app.apiEntry,
    cwd: root,
    databaseUrl: db.apiEnv.DATABASE_URL,
    env: { ...db.apiEnv, VIGIE_DATA_DIR: dataDir, VIGIE_CHROMIUM_PATH: executablePath },
  });
  let memory: ReturnType<typeof processMemoryMb> | undefined;
  try {
    // The server warms up after it answers (Chromium for the reports, the queue): not measured.
    const settled = await waitForIdleMachine();
    log(`scale: the machine settled after ${settled.waitedMs} ms (idle ${settled.idleShare * 100} %).`);
    const headers = await authHeaders(
      api.baseUrl,
      page.requests[0]?.path ?? '/api/observations',
      BENCH_ACCOUNT,
    );
    const url = (path: string): string => `${api.baseUrl}${path}`;

    // 1. List page, sequential: API against its own statements in psql.
    {
      const listCheck = (response: TimedResponse): void => {
        page.check(response, true);
      };
      const measured = await sequential(
        page.requests.map((request) => url(request.path)),
        headers,
        s.iterations,
        s.listWarmup,
        listCheck,
      );
      const first = page.requests[0] as Scenario['requests'][number];
      const values = Array.from({ length: s.iterations }, (_, i) => {
        const request = page.requests[i % page.requests.length] as Scenario['requests'][number];
        return { scale_page: request.sql.main.values, scale_count: request.sql.count.values };
      });
      const sql = await psqlSeries(
        db.url,
        [
          { name: 'scale_page', text: first.sql.main.text },
          { name: 'scale_count', text: first.sql.count.text },
        ],
        values,
        s.warmup,
      );
      const apiStats = summarize(measured.samples);
      const sqlStats = summarize(addSeries(sql.scale_page ?? [], sql.scale_count ?? []));
      details.list = {
        requests: page.requests.map((request) => request.path),
        api: apiStats,
        sql: sqlStats,
        sqlPage: summarize(sql.scale_page ?? []),
        sqlCount: summarize(sql.scale_count ?? []),
        totalCount: Number(measured.last?.totalCount ?? 0),
      };
      add({
        name: 'list-sequential',
        title: 'page of 25 (Calais, a quarter, sorted by start), sequential',
        measure: 'p95',
        value: apiStats.p95,
        unit: 'ms',
        floor: sqlStats.p95,
        floorWhat: 'page + count statements in psql, p95',
        ratio: round(apiStats.p95 / sqlStats.p95),
        target: `p95 ≤ ${SCALE_TARGETS.listP95Ms} ms`,
        pass: apiStats.p95 <= SCALE_TARGETS.listP95Ms,
        note: `median ${apiStats.median} ms (SQL ${sqlStats.median} ms)`,
      });
    }

    // 2. Concurrency: the list page and /api/auth/me (the floor), the same clients and duration.
    {
      const duration = s.concurrencySeconds * 1000;
      const listPaths = page.requests.map((request) => request.path);
      await concurrent(api.baseUrl, ['/api/auth/me'], headers, s.clients, 2000);
      const me = await concurrent(api.baseUrl, ['/api/auth/me'], headers, s.clients, duration);
      await concurrent(api.baseUrl, listPaths, headers, s.clients, 2000);
      const list = await concurrent(api.baseUrl, listPaths, headers, s.clients, duration);
      details.concurrency = { authMe: me, list };
      const share = round(list.throughput / me.throughput, 3);
      add({
        name: 'list-throughput',
        title: `page of 25 under ${s.clients} concurrent clients (${s.concurrencySeconds} s)`,
        measure: 'throughput',
        value: list.throughput,
        unit: 'req/s',
        floor: me.throughput,
        floorWhat: '/api/auth/me under the same load, req/s',
        ratio: share,
        target: `≥ ${SCALE_TARGETS.listThroughputShare} × /api/auth/me`,
        pass: list.errors === 0 && share >= SCALE_TARGETS.listThroughputShare,
        note: `errors: list ${list.errors}, auth/me ${me.errors}`,
      });
      add({
        name: 'list-p97.5-under-load',
        title: `page of 25 under ${s.clients} concurrent clients, latency`,
        measure: 'p97.5',
        value: list.latency.p975,
        unit: 'ms',
        floor: me.latency.p975,
        floorWhat: '/api/auth/me p97.5 under the same load',
        ratio: round(list.latency.p975 / me.latency.p975),
        target: `p97.5 ≤ ${SCALE_TARGETS.listP975Ms} ms`,
        pass: list.latency.p975 <= SCALE_TARGETS.listP975Ms,
      });
    }

    // 3. Map: ~10,000 points as GeoJSON through the API, against string aggregation in SQL.
    {
      const request = map.requests[0] as Scenario['requests'][number];
      let features = 0;
      // Asked and decoded as the console's browser does (zstd where it is offered).
      const browser = { ...headers, 'accept-encoding': BROWSER_ACCEPT_ENCODING };
      const measured = await sequential([url(request.path)], browser, s.mapIterations, 5, (response) => {
        features = map.check(response, false).items;
      });
      map.check(measured.last as TimedResponse, true);
      const parsed = app.parseListQuery(request.query, app.geojsonOptions);
      // The floor: the FeatureCollection of the same rows built by string aggregation of
      // ST_AsGeoJSON features (id, geometry and the kind and start only), the API's WHERE clause.
      const n = parsed.params.length;
      const floor: SqlQuery = {
        text: `SELECT '{"type":"FeatureCollection","features":[' || coalesce(string_agg(
                 '{"type":"Feature","id":"' || f.id || '","geometry":' || ST_AsGeoJSON(f.location, 6)
                 || ',"properties":{"kind":"' || f.kind || '","startedAt":"' || f.started_at || '"}}', ','), '')
                 || ']}' FROM (SELECT o.id, o.location, o.kind, o.started_at FROM observations o
                                WHERE ${parsed.where} ORDER BY ${parsed.orderBy} LIMIT $${n + 1}) AS f`,
        values: [...parsed.params, parsed.limit],
      };
      const values = Array.from({ length: s.mapIterations }, () => ({
        scale_map_floor: floor.values,
        scale_map_api_sql: request.sql.main.values,
      }));
      const sql = await psqlSeries(
        db.url,
        [
          { name: 'scale_map_floor', text: floor.text },
          { name: 'scale_map_api_sql', text: request.sql.main.text },
        ],
        values,
        5,
      );
      const apiStats = summarize(measured.samples);
      const floorStats = summarize(sql.scale_map_floor ?? []);
      const ownStats = summarize(sql.scale_map_api_sql ?? []);
      details.map = {
        request: request.path,
        features,
        bytes: measured.last?.body.byteLength ?? 0,
        contentEncoding: measured.last?.contentEncoding ?? null,
        api: apiStats,
        floor: floorStats,
        apiStatement: ownStats,
        notes: map.notes,
      };
      add({
        name: 'map-geojson',
        title: `GeoJSON of ${features.toLocaleString('en')} points (Calais viewport), end to end`,
        measure: 'median',
        value: apiStats.median,
        unit: 'ms',
        floor: floorStats.median,
        floorWhat: 'string_agg of ST_AsGeoJSON features in psql, median',
        ratio: round(apiStats.median / floorStats.median),
        target: `≤ ${SCALE_TARGETS.mapMs} ms, API / SQL ≤ ${SCALE_TARGETS.mapRatio}`,
        pass:
          apiStats.median <= SCALE_TARGETS.mapMs &&
          apiStats.median / floorStats.median <= SCALE_TARGETS.mapRatio,
        note: `p95 ${apiStats.p95} ms; the API's own statement in psql: median ${ownStats.median} ms; ${measured.last?.contentEncoding ?? 'uncompressed'}, ${Math.round((measured.last?.body.byteLength ?? 0) / 1000).toLocaleString('en')} kB decoded`,
      });
    }

    // 4. Vector tiles over Calais at z 12–15, against a bare ST_AsMVT over the same envelope.
    {
      const all = TILE_ZOOMS.flatMap((zoom) => tilesOver(CALAIS_BBOX, zoom));
      const tilePath = (tile: Tile): string => `/api/observations/tiles/${tile.z}/${tile.x}/${tile.y}.mvt`;
      const probe = await timedGet(url(tilePath(all[0] as Tile)), headers);
      if (probe.status === 404) {
        details.tiles = { available: false, probe: tilePath(all[0] as Tile), status: 404 };
        add({
          name: 'tiles',
          title: 'vector tile over Calais, z 12–15',
          measure: 'p95',
          value: null,
          unit: 'ms',
          floor: null,
          floorWhat: 'bare ST_AsMVT in psql',
          ratio: null,
          target: `p95 ≤ ${SCALE_TARGETS.tileP95Ms} ms`,
          pass: null,
          note: 'not available: GET /api/observations/tiles/{z}/{x}/{y}.mvt answers 404 in this build',
        });
      } else {
        // Only tiles holding points (the others answer 204 and would flatter the figure).
        const kept: Tile[] = [];
        for (const tile of all) {
          const response = await timedGet(url(tilePath(tile)), headers);
          if (response.status === 200) kept.push(tile);
          else if (response.status !== 204) {
            throw new Error(
              `${tilePath(tile)}: HTTP ${response.status} ${response.body.toString('utf8').slice(0, 300)}`,
            );
          }
        }
        // Round robin over the zooms, so that each weighs the same whatever its tile count.
        const byZoom = TILE_ZOOMS.map((zoom) => kept.filter((tile) => tile.z === zoom));
        const order: Tile[] = [];
        for (let i = 0; order.length < s.tileIterations && kept.length > 0; i++) {
          const list = byZoom[i % byZoom.length] as Tile[];
          if (list.length > 0) order.push(list[Math.floor(i / byZoom.length) % list.length] as Tile);
        }
        let bytes = 0;
        const measured = await sequential(
          order.map((tile) => url(tilePath(tile))),
          headers,
          order.length,
          Math.min(s.warmup, order.length),
          (response) => {
            if (response.status !== 200) throw new Error(`tile: HTTP ${response.status}`);
            bytes += response.body.byteLength;
          },
        );
        const cap = (
          createRequire(join(root, 'package.json'))(join(root, 'dist/libs/domain/src/index.js')) as {
            LIMITS: { geojsonFeatures: number };
          }
        ).LIMITS.geojsonFeatures;
        const sql = await psqlSeries(
          db.url,
          [{ name: 'scale_bare_tile', text: bareTileSql(cap) }],
          order.map((tile) => ({ scale_bare_tile: [tile.z, tile.x, tile.y] })),
          Math.min(s.warmup, order.length),
        );
        const apiStats = summarize(measured.samples);
        const floorStats = summarize(sql.scale_bare_tile ?? []);
        const perZoom = Object.fromEntries(
          TILE_ZOOMS.map((zoom) => {
            const api = measured.samples.filter((_, i) => order[i]?.z === zoom);
            const bare = (sql.scale_bare_tile ?? []).filter((_, i) => order[i]?.z === zoom);
            return [
              zoom,
              {
                tiles: byZoom[TILE_ZOOMS.indexOf(zoom)]?.length ?? 0,
                api: api.length > 0 ? summarize(api) : null,
                bare: bare.length > 0 ? summarize(bare) : null,
              },
            ];
          }),
        );
        details.tiles = {
          available: true,
          tilesOverCalais: all.length,
          tilesWithPoints: kept.length,
          requests: order.length,
          meanBytes: round(bytes / Math.max(1, order.length + Math.min(s.warmup, order.length)), 0),
          api: apiStats,
          bare: floorStats,
          perZoom,
          bareSql: bareTileSql(cap).replace(/\s+/g, ' '),
        };
        add({
          name: 'tiles',
          title: `vector tile over Calais, z 12–15 (${kept.length} tiles with points, whole history)`,
          measure: 'p95',
          value: apiStats.p95,
          unit: 'ms',
          floor: floorStats.p95,
          floorWhat: `bare ST_AsMVT of the envelope (newest ${cap.toLocaleString('en')}) in psql, p95`,
          ratio: round(apiStats.p95 / floorStats.p95),
          target: `p95 ≤ ${SCALE_TARGETS.tileP95Ms} ms`,
          pass: apiStats.p95 <= SCALE_TARGETS.tileP95Ms,
          note: `median ${apiStats.median} ms (bare ${floorStats.median} ms)`,
        });
      }
    }

    // 5. Statistics: the dashboard's request for a year.
    {
      const path = `/api/stats/summary?${new URLSearchParams({ ...YEAR, compare: 'true' })}`;
      const measured = await sequential([url(path)], headers, s.statsRuns, 3, (response) => {
        if (response.status !== 200)
          throw new Error(`${path}: HTTP ${response.status} ${response.body.toString('utf8').slice(0, 300)}`);
      });
      const stats = summarize(measured.samples);
      details.stats = { request: path, api: stats };
      add({
        name: 'stats-year',
        title: `a year's summary as the dashboard asks it (${YEAR.from} – ${YEAR.to}, compare=true)`,
        measure: 'median',
        value: stats.median,
        unit: 'ms',
        floor: null,
        floorWhat: 'none (the summary is several statements, not one)',
        ratio: null,
        target: `≤ ${SCALE_TARGETS.statsMs} ms`,
        pass: stats.median <= SCALE_TARGETS.statsMs,
        note: `p95 ${stats.p95} ms`,
      });
    }

    // 6. Publications, warm, against a bare page.pdf() of a trivial page.
    {
      await timedReport(api, headers, 'monthly-note');
      const monthly: number[] = [];
      for (let i = 0; i < s.monthlyRuns; i++) monthly.push(await timedReport(api, headers, 'monthly-note'));
      await timedReport(api, headers, 'annual-report');
      const annual: number[] = [];
      for (let i = 0; i < s.annualRuns; i++) annual.push(await timedReport(api, headers, 'annual-report'));
      let bare: Stats | null = null;
      let bareError: string | undefined;
      try {
        bare = await barePdf(root, executablePath, 10);
      } catch (error) {
        bareError = error instanceof Error ? error.message : String(error);
      }
      const monthlyStats = summarize(monthly);
      const annualStats = summarize(annual);
      details.reports = {
        monthly: monthlyStats,
        annual: annualStats,
        barePdf: bare,
        bareError,
        polledEveryMs: 25,
      };
      for (const [name, stats, targetMs, title] of [
        [
          'report-monthly',
          monthlyStats,
          SCALE_TARGETS.monthlyMs,
          `monthly note (${MONTH.from} – ${MONTH.to}), warm`,
        ],
        [
          'report-annual',
          annualStats,
          SCALE_TARGETS.annualMs,
          `annual report (${YEAR.from} – ${YEAR.to}), warm`,
        ],
      ] as const) {
        add({
          name,
          title,
          measure: 'median',
          value: stats.median,
          unit: 'ms',
          floor: bare?.median ?? null,
          floorWhat: 'bare setContent + page.pdf() of a trivial page, same Chromium flags, median',
          ratio: bare ? round(stats.median / bare.median) : null,
          target: `≤ ${targetMs} ms`,
          pass: stats.median <= targetMs,
          note: `POST /api/reports → GET /api/reports/:id says done (polled every 25 ms); max ${stats.max} ms${bareError ? `; bare print failed: ${bareError}` : ''}`,
        });
      }
    }

    // 7a. Duplicates per write: a create with neighbours against the same create without any.
    {
      const body = (id: string, i: number, startedAt: string, endedAt: string): Record<string, unknown> => ({
        ...createBody(id, i),
        startedAt,
        endedAt,
        location: { type: 'Point', coordinates: point },
        description: `${WRITE_MARKER} ${String(createBody(id, i).description).replace(/^\[[^\]]*\] /, '')}`,
      });
      const paris = (date: Date): string =>
        `${new Date(date.getTime() + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
      // The place and time of early October 2026 with the most evictions a new record there would
      // pair with; then the quietest half hour of that day at the same place.
      const busiest = await withClient(db.url, async (client) => {
        const result = await client.query<{ started_at: Date; lon: number; lat: number }>(
          `SELECT o.started_at, ST_X(o.location) AS lon, ST_Y(o.location) AS lat
             FROM observations o
            WHERE o.kind = 'eviction' AND o.deleted_at IS NULL
              AND o.started_at >= '2026-10-01' AND o.started_at < '2026-10-08'
            ORDER BY (SELECT count(*) FROM observations d
                       WHERE d.kind = 'eviction' AND d.deleted_at IS NULL
                         AND d.started_at BETWEEN o.started_at - make_interval(mins => $2::int)
                                              AND o.started_at + make_interval(mins => $2::int)
                         AND ST_DWithin(d.location::geography, o.location::geography, $1)) DESC, o.id
            LIMIT 1`,
          [rule.radiusM, rule.windowMinutes],
        );
        const row = result.rows[0];
        if (!row) throw new Error('No eviction in early October 2026 to create records beside');
        return row;
      });
      const point = [round(busiest.lon, 6), round(busiest.lat, 6)];
      const busyAt = new Date(Math.floor(busiest.started_at.getTime() / 60_000) * 60_000);
      const busy = { at: busyAt, n: await neighbours(db.url, busyAt.toISOString(), point, rule) };
      const candidates: { at: Date; n: number }[] = [];
      for (let minutes = 0; minutes < 24 * 60; minutes += 30) {
        const at = new Date(busyAt.getTime() - 12 * 3_600_000 + minutes * 60_000);
        candidates.push({ at, n: await neighbours(db.url, at.toISOString(), point, rule) });
      }
      candidates.sort(
        (a, b) =>
          a.n - b.n ||
          Math.abs(a.at.getTime() - busyAt.getTime()) - Math.abs(b.at.getTime() - busyAt.getTime()),
      );
      const quiet = candidates[0] as { at: Date; n: number };
      const create = async (startedAt: Date, i: number): Promise<{ ms: number; id: string }> => {
        const id = randomUUID();
        const started = performance.now();
        const response = await fetch(url('/api/observations'), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(
            body(id, i, paris(startedAt), paris(new Date(startedAt.getTime() + 95 * 60_000))),
          ),
        });
        const text = await response.text();
        const ms = performance.now() - started;
        if (response.status !== 201 && response.status !== 200) {
          throw new Error(`POST /api/observations: HTTP ${response.status} ${text.slice(0, 300)}`);
        }
        return { ms, id };
      };
      const withNeighbours: number[] = [];
      const without: number[] = [];
      const warm = 5;
      for (let i = 0; i < s.writeRuns + warm; i++) {
        const a = i % 2 === 0;
        const first = await create(a ? busy.at : quiet.at, i);
        const second = await create(a ? quiet.at : busy.at, i);
        if (i >= warm) {
          (a ? withNeighbours : without).push(first.ms);
          (a ? without : withNeighbours).push(second.ms);
        }
        await deleteObservations(db.url, [first.id, second.id]);
      }
      const w = summarize(withNeighbours);
      const wo = summarize(without);
      details.perWrite = {
        neighbours: {
          busy: { startedAt: busy.at.toISOString(), candidates: busy.n },
          quiet: { startedAt: quiet.at.toISOString(), candidates: quiet.n },
        },
        rule,
        withNeighbours: w,
        withoutNeighbours: wo,
      };
      add({
        name: 'duplicates-per-write',
        title: `create through the API beside ${busy.n} possible duplicates, minus the same create beside ${quiet.n}`,
        measure: 'added median',
        value: round(w.median - wo.median),
        unit: 'ms',
        floor: wo.median,
        floorWhat: 'the same create without neighbours, median',
        ratio: round(w.median / wo.median),
        target: `< ${SCALE_TARGETS.perWriteMs} ms added`,
        pass: w.median - wo.median < SCALE_TARGETS.perWriteMs,
        note: `with ${w.median} ms (p95 ${w.p95}), without ${wo.median} ms (p95 ${wo.p95})`,
      });
    }
    memory = processMemoryMb(api.pid);
  } catch (error) {
    const output = api.output().trim().split('\n').slice(-30).join('\n');
    if (output !== '') log(`API output before the failure:\n${output}`);
    throw error;
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // 7b. Duplicates per write in SQL: the statements each write runs for one record (rolled back).
  const modules = duplicateModules(root);
  if (modules.REMOVE_STALE_PAIRS_SQL && modules.INSERT_PAIRS_SQL) {
    const samples = await withClient(db.url, async (client) => {
      await client.query('SET jit = off');
      const ids = (
        await client.query<{ id: string }>(
          `SELECT id FROM observations WHERE deleted_at IS NULL AND started_at >= '2026-10-01' ORDER BY id LIMIT 100`,
        )
      ).rows.map((row) => row.id);
      const times: number[] = [];
      for (const id of ids) {
        const parameters = [id, rule.radiusM, rule.windowMinutes];
        await client.query('BEGIN');
        const started = performance.now();
        await client.query(modules.REMOVE_STALE_PAIRS_SQL as string, parameters);
        await client.query(modules.INSERT_PAIRS_SQL as string, parameters);
        times.push(performance.now() - started);
        await client.query('ROLLBACK');
      }
      return times;
    });
    details.perWriteSql = { records: samples.length, stats: summarize(samples) };
    log(
      `scale: per-write pairing statements: median ${summarize(samples).median} ms, p95 ${summarize(samples).p95} ms`,
    );
  }

  // 7c. Duplicates in bulk: every pair of the data set from an empty pair table, as `db:duplicates`.
  const prepared = preparePairing as { seconds: number; pairs: number } | null;
  if (prepared) {
    details.bulkPairing = {
      seconds: prepared.seconds,
      pairsAfter: prepared.pairs,
      rule,
      when: 'while preparing the data set',
    };
    add({
      name: 'duplicates-bulk',
      title: `every pair of possible duplicates of ${db.rows.observations.toLocaleString('en')} observations (db:duplicates on the fresh data set)`,
      measure: 'seconds',
      value: prepared.seconds,
      unit: 's',
      floor: null,
      floorWhat: 'none',
      ratio: null,
      target: `< ${SCALE_TARGETS.bulkPairingS} s`,
      pass: prepared.seconds < SCALE_TARGETS.bulkPairingS,
      note: `${prepared.pairs.toLocaleString('en')} pairs (${round(prepared.pairs / Math.max(1, db.rows.observations), 2)} per observation), timed by the command while the data set was prepared`,
    });
  } else if (s.bulkPairing) {
    const before = await withClient(db.url, async (client) => {
      const result = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM observation_duplicates WHERE status = 'possible'`,
      );
      await client.query(`DELETE FROM observation_duplicates WHERE status = 'possible'`);
      await client.query('VACUUM ANALYZE observation_duplicates');
      return result.rows[0]?.n ?? 0;
    });
    const started = performance.now();
    await app.runCommand('duplicates', [], db.url, log);
    const seconds = round((performance.now() - started) / 1000, 1);
    const after = await withClient(db.url, async (client) => {
      const result = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM observation_duplicates WHERE status = 'possible'`,
      );
      await client.query('VACUUM ANALYZE observation_duplicates');
      return result.rows[0]?.n ?? 0;
    });
    details.bulkPairing = { seconds, pairsBefore: before, pairsAfter: after, rule };
    add({
      name: 'duplicates-bulk',
      title: `every pair of possible duplicates of ${db.rows.observations.toLocaleString('en')} observations (db:duplicates, empty pair table)`,
      measure: 'seconds',
      value: seconds,
      unit: 's',
      floor: null,
      floorWhat: 'none',
      ratio: null,
      target: `< ${SCALE_TARGETS.bulkPairingS} s`,
      pass: seconds < SCALE_TARGETS.bulkPairingS,
      note: `${after.toLocaleString('en')} pairs (${round(after / Math.max(1, db.rows.observations), 2)} per observation)`,
    });
  }

  return {
    benchmark: 'scale',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    code: gitState(root),
    environment: {
      node: process.version,
      postgres: versions.postgres,
      postgis: versions.postgis,
      chromium: executablePath,
      ...machine(),
      loadAverage: { atStart: loadAtStart, atEnd: loadAverage() },
      build: context.build,
    },
    database: {
      url: redactUrl(db.url),
      source: db.source,
      rows: db.rows,
      dataSet: { ...db.fact },
      generatedThisRun: db.generated,
      generationSeconds: db.fact.generationSeconds,
      serverRssMb: memory?.rssMb ?? null,
      serverPeakRssMb: memory?.peakRssMb ?? null,
    },
    figures,
    details,
    method: METHOD(s),
  };
}

const METHOD = (s: Settings): string[] => [
  `Database \`${SCALE_DATABASE}\`: ${s.observations.toLocaleString('en')} synthetic observations (the main benchmark's generator and seed, ${s.months} months ending 2026-10-31: the main data set's daily density over ten years), kept between runs like the other benchmarks' (\`dataset_facts\`), paired by \`db:duplicates\`, \`VACUUM ANALYZE\`d. The generation time is the generator's alone (\`generationSeconds\`), recorded when the set was made.`,
  "API: the compiled server as a child process with the production Node flags, its own pool and report worker, signed in as the benchmark admin; once it answers, the benchmark waits (at most 20 s) for a second in which the machine’s cores are at least 85 % idle, so that its warm-up (Chromium for the reports, the queue) is not measured. Each figure is followed by its floor, measured right after it in the same run; the 1-minute load average is recorded with each figure. The psql sessions are set as the API's connections are (UTC, `jit = off`; until 2026-12-08 they left JIT on, which added ~30 ms to the map's statements and floor).",
  `List: the \`page\` scenario's seven requests in turn (Calais, a quarter, sorted by start, 25 rows, X-Total-Count), ${s.listWarmup} warm-up then ${s.iterations} sequential keep-alive requests (the server's first ~150 requests include JIT compilation and its heap growing: answers of 100–270 ms); floor: the very page and count statements (\`observationPageSql\`, \`observationCountSql\`) in one psql session, PREPAREd, \`\\timing\`, summed per iteration.`,
  `Concurrency: ${s.clients} clients on keep-alive connections (node:http), each sending its next request when the previous answer has fully arrived, for ${s.concurrencySeconds} s after 2 s of warm-up: first \`GET /api/auth/me\` (the floor: the session check and nothing else), then the list page. Throughput = answers 200 per second; latency percentiles over every request.`,
  `Map: the \`geojson\` scenario's Calais viewport from 2026-01-01, its end day calibrated to ${s.geojsonFeatures.toLocaleString('en')} points (under the 10,000 cap, so the API runs no count), ${s.mapIterations} sequential requests, each with the \`Accept-Encoding\` of the console's browser (\`${BROWSER_ACCEPT_ENCODING}\`: the API answers zstd) and its body decoded, as the console gets it (before 2026-12-08 Node's fetch asked \`gzip, deflate\`); floor: the FeatureCollection of the same rows (same WHERE and order) built by \`string_agg\` of \`ST_AsGeoJSON\` features with id, kind and start in psql; the API's own statement in psql is given too.`,
  `Tiles: every tile over the Calais viewport at z 12–15 that holds points, whole history, round robin over the zooms, ${s.tileIterations} sequential requests; floor: a bare \`ST_AsMVT\` of the points in the envelope plus the tile's margin (newest first up to the API's cap), geometry and id only, through the \`location\` GiST index, in psql.`,
  `Statistics: \`GET /api/stats/summary?from=${YEAR.from}&to=${YEAR.to}&compare=true\` (what the dashboard asks), ${s.statsRuns} sequential requests after 3.`,
  `Publications: \`POST /api/reports\` then \`GET /api/reports/:id\` every 25 ms until done, after one untimed report of each kind: ${s.monthlyRuns} monthly notes, ${s.annualRuns} annual reports; floor: in this process, the compiled \`PdfRenderer\` launches Chromium with its flags, then \`setContent\` + \`page.pdf()\` of a one-line page, 10 times after 2.`,
  `Duplicates per write: \`POST /api/observations\` (the auth-audit benchmark's typical eviction, no site) at the busiest and at the quietest half hour of 5 October 2026 at one point of Calais, alternating, ${s.writeRuns} of each after 5, each deleted right after; the difference of the medians is what pairing adds. Also the two per-record statements (drop stale pairs, add candidates) on 100 records in rolled-back transactions.`,
  'Duplicates in bulk: the possible pairs deleted, then `db:duplicates` (the compiled CLI) recomputes every pair; wall time of the command.',
];

// ---------------------------------------------------------------------------------------------
// Report files: `scale.md` / `scale.json`; with `scale-before.json` beside them, both sections.

function figureRow(figure: Figure): string {
  const value = figure.value === null ? '–' : `${figure.value} ${figure.unit}`;
  const floor = figure.floor === null ? '–' : `${figure.floor}`;
  const verdict = figure.pass === null ? 'n/a' : figure.pass ? 'pass' : '**miss**';
  return `| ${figure.name} | ${figure.measure} | ${value} | ${floor} | ${figure.ratio ?? '–'} | ${figure.target} | ${verdict} | ${figure.load[0] ?? ''} | ${figure.note ?? ''} |`;
}

function section(title: string, report: ScaleReport): string[] {
  const env = report.environment as {
    cpu: { count: number; model: string };
    memoryGb: number;
    loadAverage: { atStart: number[]; atEnd: number[] };
  };
  const database = report.database as {
    rows: { observations: number };
    generationSeconds: number;
    generatedThisRun: boolean;
  };
  return [
    `## ${title}`,
    '',
    `Code: \`${report.code.commit}\`${report.code.dirty.length > 0 ? ` with uncommitted changes in ${report.code.dirty.length} file(s) of apps/libs/db (${report.code.dirty.map((line) => `\`${line.replace(/^\s*\S+\s+/, '')}\``).join(', ')})` : ''}. Run ${report.date} (${report.durationSeconds} s), ${env.cpu.count} × ${env.cpu.model}, ${env.memoryGb} GB; load average ${env.loadAverage.atStart.join(' ')} at the start, ${env.loadAverage.atEnd.join(' ')} at the end. ${database.rows.observations.toLocaleString('en')} observations (generated in ${database.generationSeconds} s${database.generatedThisRun ? ' this run' : ', reused'}).`,
    '',
    '| figure | measure | value | floor | ratio | target | verdict | load (1 min) | note |',
    '|---|---|---:|---:|---:|---|---|---:|---|',
    ...report.figures.map(figureRow),
    '',
    ...report.figures.map((figure) => `- **${figure.name}**: ${figure.title}; floor: ${figure.floorWhat}.`),
    '',
  ];
}

export function writeScaleReport(
  resultsDirectory: string,
  report: ScaleReport,
): { markdown: string; json: string } {
  mkdirSync(resultsDirectory, { recursive: true });
  const beforeFile = join(resultsDirectory, 'scale-before.json');
  const before = existsSync(beforeFile)
    ? (JSON.parse(readFileSync(beforeFile, 'utf8')) as ScaleReport)
    : null;
  const lines = [
    `# Benchmark at ${(report.database as { rows: { observations: number } }).rows.observations.toLocaleString('en')} observations (issue 16)`,
    '',
    'Every figure with its floor measured in the same run. `BENCH_ONLY=scale npm run bench`; method below and in bench/README.md.',
    '',
  ];
  if (before) {
    lines.push(
      '## Before / after',
      '',
      '| figure | measure | before | after | floor before | floor after | target | verdict after |',
      '|---|---|---:|---:|---:|---:|---|---|',
    );
    // Every figure of either run, in the order of the later one (a figure one run left out shows –).
    const names = [...new Set([...report.figures, ...before.figures].map((figure) => figure.name))];
    for (const name of names) {
      const now = report.figures.find((entry) => entry.name === name);
      const old = before.figures.find((entry) => entry.name === name);
      const shown = (now ?? old) as Figure;
      const verdict =
        !now || now.pass === null ? (now ? 'n/a' : 'not measured') : now.pass ? 'pass' : '**miss**';
      lines.push(
        `| ${name} | ${shown.measure} | ${old?.value ?? '–'} | ${now?.value ?? '–'} ${shown.unit} | ${old?.floor ?? '–'} | ${now?.floor ?? '–'} | ${shown.target} | ${verdict} |`,
      );
    }
    lines.push(
      '',
      ...section('After', report),
      ...section(`Before (commit ${before.code.commit}, bench/results/scale-before.md)`, before),
    );
  } else {
    lines.push(...section('Results', report));
  }
  lines.push(
    '## Method',
    '',
    ...report.method.map((line) => `- ${line}`),
    '',
    '## Details',
    '',
    '```json',
    JSON.stringify(report.details, null, 2),
    '```',
    '',
  );
  const markdown = join(resultsDirectory, 'scale.md');
  const json = join(resultsDirectory, 'scale.json');
  writeFileSync(markdown, lines.join('\n'));
  writeFileSync(json, `${JSON.stringify(before ? { before, after: report } : report, null, 2)}\n`);
  return { markdown, json };
}
