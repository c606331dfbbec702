/**
 * What authentication (the global AccessGuard: session lookup, role check, occasional `last_seen_at`
 * touch) and auditing (`AuditService.record`: advisory lock, head read, hash-chained insert in the
 * same transaction) add to the list and create paths of the observations API (issue 3: under 1.3×
 * for a list, under 2× for a create). See bench/README.md, "Cost of authentication and auditing".
 *
 * Two servers run side by side on the same `vigie_bench` database:
 * - "with": the compiled API as shipped (`dist/apps/api/src/main.js`), bearer token of the benchmark
 *   admin;
 * - "without": the same `createApp`, guard replaced by a pass-through setting a fixed admin actor and
 *   `AuditService.record` by a no-op (bench/lib/auth-audit-baseline.mts), no token.
 * Requests are sequential, keep-alive, in alternating blocks (ABBA…) so that load drift on a shared
 * machine hits both sides alike.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { machine } from './report.mts';
import { join } from 'node:path';
import type pg from 'pg';
import { redactUrl } from '../../db/provision/index.mts';
import type { BuildOutcome, CompiledApp } from './compiled.mts';
import { BENCH_ACCOUNT, type PreparedDatabase, withClient } from './database.mts';
import { measureParts, partsMarkdown, type PartsResult } from './auth-audit-parts.mts';
import { authHeaders } from './http.mts';
import { pageScenario, type Scenario } from './scenarios.mts';
import { processMemoryMb, type RunningApi, startApi } from './server.mts';
import { round, type Stats, summarize } from './stats.mts';
import { intFromEnv, loadAverage } from './env.mts';

export interface AuthAuditContext {
  root: string;
  resultsDirectory: string;
  app: CompiledApp;
  db: PreparedDatabase;
  versions: { postgres: string; postgis: string };
  build: BuildOutcome;
  /** Warm-up requests per path and per side. */
  warmup: number;
  /** Seconds per path and per side; the path stops after a whole block pair once 2× this is spent. */
  timeBudgetSeconds: number;
  log: (message: string) => void;
}

export type SideName = 'with' | 'without';
type PathName = 'list' | 'create';

export interface Side {
  name: SideName;
  api: RunningApi;
  headers: Record<string, string>;
}

export interface Sent {
  ms: number;
  status: number;
  body: Buffer;
  totalCount: string | null;
}

export interface PathSpec {
  name: PathName;
  title: string;
  request: string;
  iterations: number;
  target: number;
  /** Sends request number i (the same i on both sides) and checks the answer. */
  send(side: Side, i: number): Promise<Sent>;
}

export interface PathResult {
  name: PathName;
  title: string;
  request: string;
  iterations: { planned: number; timed: number; warmup: number; blockSize: number; blocks: number };
  stoppedByTimeBudget: boolean;
  with: Stats;
  without: Stats;
  /** with / without. */
  ratio: { median: number; p95: number; mean: number };
  /** Median over the block pairs of (block median with / block median without): drift-resistant. */
  pairedBlockRatio: number;
  addedMs: { median: number; mean: number };
  target: { ratio: number };
  pass: boolean;
  loadAverage: { atStart: number[]; atEnd: number[]; perBlockPair1min: number[] };
}

export async function send(url: string, init: RequestInit): Promise<Sent> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  return { ms, status: response.status, body, totalCount: response.headers.get('x-total-count') };
}

/** Marks the benchmark's own observations, in case a run dies before deleting them. */
export const CREATE_MARKER = '[bench:auth-audit]';

/**
 * A typical observation as the console sends it: an eviction in Calais, 2 forces, 3 seizures, a
 * description. Dated October 2026: after the `page` quarters and the `geojson` period, so that the
 * rows (deleted at the end anyway) never change what the other scenarios read.
 */
export function createBody(id: string, i: number): Record<string, unknown> {
  // From 5 October 2026 06:30 Paris time (CEST, UTC+2, until the 25th), one minute later per request.
  const start = new Date(Date.UTC(2026, 9, 5, 4, 30) + (i % 1440) * 60_000);
  const end = new Date(start.getTime() + 95 * 60_000);
  const paris = (date: Date): string =>
    `${new Date(date.getTime() + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
  return {
    id,
    kind: 'eviction',
    startedAt: paris(start),
    endedAt: paris(end),
    location: { type: 'Point', coordinates: [1.8587, 50.9513] },
    locationAccuracyM: 25,
    forces: [
      { unit: 'crs', vehicles: 6, officers: 28, identifiers: 'CRS 8' },
      { unit: 'pn', vehicles: 2, officers: 5, identifiers: null },
    ],
    seizures: [
      { item: 'tent', quantity: 14, destroyed: true },
      { item: 'sleeping_bag', quantity: 9, destroyed: false },
      { item: 'tarp', quantity: 6 },
    ],
    peopleEvicted: 45,
    minorsSeen: 3,
    arrests: 0,
    legalBasis: 'flagrance',
    interpretersPresent: false,
    bailiffPresent: null,
    contractorPresent: true,
    contractorName: 'Entreprise de nettoyage',
    shelterOffered: true,
    shelterBuses: 1,
    peopleSheltered: 12,
    countsReliable: true,
    description: `${CREATE_MARKER} Arrivée des forces à 6 h 30 sur le lieu de vie, sommations en français uniquement. Tentes et duvets saisis et chargés dans une benne ; une douzaine de personnes montent dans le bus de mise à l'abri, les autres se dispersent vers le canal.`,
  };
}

/** The list path: the `page` scenario's request, rotating over its quarters, every answer checked. */
export function listPath(page: Scenario, iterations: number, target: number): PathSpec {
  const probePath = page.requests[0]?.path as string;
  return {
    name: 'list',
    title: 'filtered, sorted page of 25 (the `page` scenario’s request)',
    request: `GET ${probePath.replace(/startedAt_gte=[^&]+&startedAt_lte=[^&]+/, 'startedAt_gte=…&startedAt_lte=…')}`,
    iterations,
    target,
    async send(side, i) {
      const request =
        page.requests[((i % page.requests.length) + page.requests.length) % page.requests.length];
      const sent = await send(`${side.api.baseUrl}${request?.path}`, { headers: side.headers });
      page.check({ ...sent, contentType: null, contentEncoding: null }, true);
      return sent;
    },
  };
}

/**
 * The create path: `POST /api/observations` with the typical body and a fresh client id; each id
 * sent is added to `created` (for the clean-up), each answer checked (201, the id sent back), then
 * handed to `onCreated`. `label` names a side in error messages.
 */
export function createPath(
  iterations: number,
  target: number,
  created: Record<SideName, string[]>,
  options: {
    label?: (side: SideName) => string;
    onCreated?: (side: SideName, record: Record<string, unknown>) => void;
  } = {},
): PathSpec {
  const label = options.label ?? ((side: SideName) => side);
  return {
    name: 'create',
    title: 'a typical observation (2 forces, 3 seizures, description, client id)',
    request: 'POST /api/observations',
    iterations,
    target,
    async send(side, i) {
      const id = randomUUID();
      const sent = await send(`${side.api.baseUrl}/api/observations`, {
        method: 'POST',
        headers: { ...side.headers, 'content-type': 'application/json' },
        body: JSON.stringify(createBody(id, Math.abs(i))),
      });
      if (sent.status === 201 || sent.status === 200) created[side.name].push(id);
      if (sent.status !== 201) {
        throw new Error(
          `create on "${label(side.name)}": HTTP ${sent.status}: ${sent.body.toString('utf8').slice(0, 500)}`,
        );
      }
      const record = JSON.parse(sent.body.toString('utf8')) as Record<string, unknown>;
      if (record.id !== id) {
        throw new Error(`create on "${label(side.name)}" returned id ${String(record.id)}, sent ${id}`);
      }
      options.onCreated?.(side.name, record);
      return sent;
    },
  };
}

export async function measurePath(
  spec: PathSpec,
  sides: Record<SideName, Side>,
  context: AuthAuditContext,
  blockSize: number,
): Promise<{
  samples: Record<SideName, number[]>;
  blockRatios: number[];
  result: Omit<PathResult, 'with' | 'without' | 'ratio' | 'pairedBlockRatio' | 'addedMs' | 'pass'>;
}> {
  const { log } = context;
  const order: SideName[][] = [
    ['with', 'without'],
    ['without', 'with'],
  ];
  log(`auth-audit ${spec.name}: warming up (${context.warmup} requests per side, alternating)…`);
  const warmStarted = performance.now();
  let warmed = 0;
  while (
    warmed < context.warmup &&
    performance.now() - warmStarted < (context.timeBudgetSeconds * 1000) / 2
  ) {
    for (const name of order[warmed % 2] as SideName[]) await spec.send(sides[name], -1 - warmed);
    warmed += 1;
  }

  const samples: Record<SideName, number[]> = { with: [], without: [] };
  const blockRatios: number[] = [];
  const perBlockLoad: number[] = [];
  const atStart = loadAverage();
  const budgetMs = 2 * context.timeBudgetSeconds * 1000;
  const started = performance.now();
  let block = 0;
  let stopped = false;
  while (samples.with.length < spec.iterations) {
    if (block > 0 && performance.now() - started > budgetMs) {
      stopped = true;
      break;
    }
    const first = samples.with.length;
    const count = Math.min(blockSize, spec.iterations - first);
    const blockSamples: Record<SideName, number[]> = { with: [], without: [] };
    for (const name of order[block % 2] as SideName[]) {
      for (let i = first; i < first + count; i++) {
        const sent = await spec.send(sides[name], i);
        blockSamples[name].push(sent.ms);
      }
      samples[name].push(...blockSamples[name]);
    }
    blockRatios.push(summarize(blockSamples.with).median / summarize(blockSamples.without).median);
    perBlockLoad.push(round(loadavg()[0] ?? 0));
    block += 1;
  }
  return {
    samples,
    blockRatios,
    result: {
      name: spec.name,
      title: spec.title,
      request: spec.request,
      iterations: {
        planned: spec.iterations,
        timed: samples.with.length,
        warmup: warmed,
        blockSize,
        blocks: block,
      },
      stoppedByTimeBudget: stopped,
      target: { ratio: spec.target },
      loadAverage: { atStart, atEnd: loadAverage(), perBlockPair1min: perBlockLoad },
    },
  };
}

export function finish(measured: Awaited<ReturnType<typeof measurePath>>): PathResult {
  const withStats = summarize(measured.samples.with);
  const withoutStats = summarize(measured.samples.without);
  const sortedRatios = [...measured.blockRatios].sort((a, b) => a - b);
  const middle = sortedRatios.length / 2;
  const pairedBlockRatio =
    sortedRatios.length % 2 === 1
      ? (sortedRatios[Math.floor(middle)] as number)
      : ((sortedRatios[middle - 1] as number) + (sortedRatios[middle] as number)) / 2;
  const ratio = {
    median: round(withStats.median / withoutStats.median),
    p95: round(withStats.p95 / withoutStats.p95),
    mean: round(withStats.mean / withoutStats.mean),
  };
  return {
    ...measured.result,
    with: withStats,
    without: withoutStats,
    ratio,
    pairedBlockRatio: round(pairedBlockRatio),
    addedMs: {
      median: round(withStats.median - withoutStats.median),
      mean: round(withStats.mean - withoutStats.mean),
    },
    pass: ratio.median < measured.result.target.ratio,
  };
}

interface AuditTableSize {
  rows: number;
  bytes: number;
  pretty: string;
}

async function auditTableSize(url: string): Promise<AuditTableSize> {
  return withClient(url, async (client) => {
    const result = await client.query<AuditTableSize>(
      `SELECT (SELECT count(*) FROM audit_events)::int AS rows,
              pg_total_relation_size('audit_events')::bigint::float8 AS bytes,
              pg_size_pretty(pg_total_relation_size('audit_events')) AS pretty`,
    );
    return result.rows[0] as AuditTableSize;
  });
}

/** Observations left by a run that died before its clean-up (they carry the marker). */
/** Deletes observations by id with their pairs of possible duplicates (which do not cascade). */
async function deleteObservations(client: pg.Client, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await client.query('BEGIN');
  try {
    await client.query(
      'DELETE FROM observation_duplicates WHERE observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[])',
      [ids],
    );
    const result = await client.query('DELETE FROM observations WHERE id = ANY($1::uuid[])', [ids]);
    await client.query('COMMIT');
    return result.rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

export async function deleteLeftovers(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const marked = await client.query<{ id: string }>(
      `SELECT id FROM observations WHERE description LIKE $1`,
      [`${CREATE_MARKER}%`],
    );
    return deleteObservations(
      client,
      marked.rows.map((row) => row.id),
    );
  });
}

export async function deleteCreated(url: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return withClient(url, async (client) => {
    return deleteObservations(client, ids);
  });
}

async function fixedAdminActor(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const result = await client.query<{ id: string; email: string; name: string; role: string }>(
      `SELECT id, email, name, role FROM users WHERE lower(email) = lower($1) AND active`,
      [BENCH_ACCOUNT.email],
    );
    const user = result.rows[0];
    if (!user || user.role !== 'admin') {
      throw new Error(`No active admin ${BENCH_ACCOUNT.email} in the benchmark database`);
    }
    // A fixed, recognisable session id: the baseline has no session, and nothing on these paths reads it.
    return { ...user, sessionId: '00000000-0000-4000-8000-00000000b0a0' };
  });
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;

export function authAuditTable(paths: PathResult[]): string {
  const lines = [
    '| path | with: median | p95 | mean | without: median | p95 | mean | added (median) | ratio median (p95) | paired-block ratio | target | verdict |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const p of paths) {
    lines.push(
      `| ${p.name} | ${ms(p.with.median)} | ${ms(p.with.p95)} | ${ms(p.with.mean)} | ${ms(p.without.median)} | ${ms(p.without.p95)} | ${ms(p.without.mean)} | ${ms(p.addedMs.median)} | ${p.ratio.median.toFixed(2)}× (${p.ratio.p95.toFixed(2)}×) | ${p.pairedBlockRatio.toFixed(2)}× | < ${p.target.ratio}× | ${
        p.pass ? 'pass' : `**FAIL** (${p.ratio.median.toFixed(2)}× ≥ ${p.target.ratio}×)`
      } |`,
    );
  }
  return lines.join('\n');
}

const METHOD = [
  '“with”: the compiled API as shipped (`dist/apps/api/src/main.js`, child process, `LOG_LEVEL=warn`, default pool), requests carrying the bearer token of the benchmark admin obtained once through `POST /api/auth/login`.',
  '“without”: `bench/lib/auth-audit-baseline.mts`, a child process that does what `main.js` does (same `createApp`: global prefix, validation pipe, exception filter, cookie plugin, text/plain parser removed, OpenAPI, console) after replacing two methods of the compiled classes: `AccessGuard.prototype.canActivate` sets a fixed admin actor (the benchmark admin) and returns true; `AuditService.prototype.record` does nothing. `Test.createTestingModule(…).overrideGuard(AccessGuard)` cannot do this: the guard is registered as `{ provide: APP_GUARD, useClass: AccessGuard }`, stored by Nest under a generated `APP_GUARD (UUID: …)` token, so the override leaves the real guard in place.',
  'Checks before measuring: a list request without a token gets 401 from “with” and 200 from “without”. After the creates: every “with” create has its audit event, no “without” create has one.',
  'Both servers run at the same time on the same `vigie_bench` database; only one is being sent a request at any moment. Requests are sequential, keep-alive (Node’s `fetch`), timed from just before sending to the last byte of the body; every response is checked (list: 200, 25 rows, `X-Total-Count`; create: 201 and the sent id).',
  'Alternating blocks: block k sends requests i…i+B−1 to one side then the same requests to the other, the side going first alternating (with/without, without/with, …), so that a change of machine load affects both sides alike. Warm-up requests alternate too and are not timed. The “paired-block ratio” is the median over block pairs of (block median with / block median without): a second, drift-resistant estimate of the same ratio.',
  'List: the `page` scenario’s request (Calais, a quarter rotating over seven, sorted by start, 25 rows). Create: `POST /api/observations` with a typical body (eviction in Calais, times with offset, 2 forces, 3 seizures, counts, a description) and a fresh client `id` each time, dated October 2026 (outside the periods the other scenarios read). Created rows (warm-up included) are deleted by id at the end; their audit events stay (the table is append-only), which is why the audit table size is reported.',
  'Ratio = with / without (median over median: the verdict; p95 over p95 and mean over mean for information). Targets from issue 3: list < 1.3×, create < 2×.',
];

export async function runAuthAudit(context: AuthAuditContext): Promise<{ pass: boolean; files: string[] }> {
  const { log, db } = context;
  const startedAt = new Date();
  const blockSize = intFromEnv('BENCH_AUTH_AUDIT_BLOCK', 25);
  const listIterations = intFromEnv('BENCH_AUTH_AUDIT_LIST_ITERATIONS', 300);
  const createIterations = intFromEnv('BENCH_AUTH_AUDIT_CREATE_ITERATIONS', 300);

  const leftovers = await deleteLeftovers(db.url);
  if (leftovers > 0) log(`auth-audit: deleted ${leftovers} observations left by an interrupted run.`);
  const actor = await fixedAdminActor(db.url);
  const auditBefore = await auditTableSize(db.url);

  log('auth-audit: starting the API as shipped and the baseline (no authentication, no audit)…');
  const [withApi, withoutApi] = await Promise.all([
    startApi({
      entry: context.app.apiEntry,
      cwd: context.root,
      databaseUrl: db.apiEnv.DATABASE_URL,
      env: { ...db.apiEnv },
    }),
    startApi({
      entry: join(context.root, 'bench/lib/auth-audit-baseline.mts'),
      cwd: context.root,
      databaseUrl: db.apiEnv.DATABASE_URL,
      env: { ...db.apiEnv, BENCH_FIXED_ACTOR: JSON.stringify(actor) },
    }),
  ]);
  const created: Record<SideName, string[]> = { with: [], without: [] };
  const page = pageScenario(context.app);
  const paths: PathResult[] = [];
  let memory: Record<SideName, ReturnType<typeof processMemoryMb>>;
  let checks: Record<string, unknown>;
  let deleted: number;
  let bearer: string;
  let lastCreated: Record<string, unknown> | null = null;
  try {
    // The override must have taken effect: no token → 401 on the real server, 200 on the baseline.
    const probePath = page.requests[0]?.path as string;
    const probe = async (api: RunningApi): Promise<number> => {
      const response = await fetch(`${api.baseUrl}${probePath}`);
      await response.arrayBuffer();
      return response.status;
    };
    const noToken = { with: await probe(withApi), without: await probe(withoutApi) };
    if (noToken.with !== 401)
      throw new Error(`The real API answered ${noToken.with} without a token (expected 401)`);
    if (noToken.without !== 200) {
      throw new Error(
        `The baseline answered ${noToken.without} without a token (expected 200): the guard override did not take effect`,
      );
    }
    log(`auth-audit: without a token the real API answers 401, the baseline 200: the override is in place.`);
    const withHeaders = await authHeaders(withApi.baseUrl, probePath, BENCH_ACCOUNT);
    bearer = withHeaders.authorization ?? '';
    const sides: Record<SideName, Side> = {
      with: { name: 'with', api: withApi, headers: withHeaders },
      without: { name: 'without', api: withoutApi, headers: {} },
    };

    const list = listPath(page, listIterations, 1.3);
    const create = createPath(createIterations, 2, created, {
      onCreated: (side, record) => {
        if (side === 'with') lastCreated = record;
      },
    });

    for (const spec of [list, create]) {
      log(
        `auth-audit ${spec.name}: ${spec.iterations} requests per side in blocks of ${blockSize}, e.g. ${spec.request}`,
      );
      const result = finish(await measurePath(spec, sides, context, blockSize));
      log(
        `auth-audit ${spec.name}: median with ${result.with.median} ms, without ${result.without.median} ms → ${result.ratio.median}× (p95 ${result.ratio.p95}×, paired blocks ${result.pairedBlockRatio}×), target < ${spec.target}×`,
      );
      paths.push(result);
    }
    memory = { with: processMemoryMb(withApi.pid), without: processMemoryMb(withoutApi.pid) };

    // Auditing really happened on one side only.
    checks = await withClient(db.url, async (client) => {
      const count = async (ids: string[]): Promise<number> => {
        const result = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events WHERE entity = 'observations' AND action = 'create' AND entity_id = ANY($1::text[])`,
          [ids],
        );
        return result.rows[0]?.n ?? 0;
      };
      return {
        noTokenStatus: noToken,
        creates: { with: created.with.length, without: created.without.length },
        auditEventsForCreates: { with: await count(created.with), without: await count(created.without) },
      };
    });
    const audited = checks.auditEventsForCreates as Record<SideName, number>;
    if (audited.with !== created.with.length || audited.without !== 0) {
      throw new Error(`Audit check failed: ${JSON.stringify(checks)}`);
    }
  } catch (error) {
    for (const [name, api] of [
      ['with', withApi],
      ['without', withoutApi],
    ] as const) {
      const output = api.output().trim().split('\n').slice(-30).join('\n');
      if (output !== '') log(`auth-audit: "${name}" server output before the failure:\n${output}`);
    }
    throw error;
  } finally {
    await Promise.all([withApi.stop(), withoutApi.stop()]);
    deleted = await deleteCreated(db.url, [...created.with, ...created.without]);
    log(`auth-audit: deleted the ${deleted} observations created by this run.`);
  }
  let parts: PartsResult | { error: string };
  const partsIterations = intFromEnv('BENCH_AUTH_AUDIT_PARTS_ITERATIONS', 200);
  log(
    `auth-audit: timing the session lookup and AuditService.record alone (${partsIterations} iterations, audit writes rolled back)…`,
  );
  try {
    parts = await measureParts({
      root: context.root,
      url: db.url,
      bearer,
      record: lastCreated ?? {},
      actorId: actor.id as string,
      iterations: partsIterations,
    });
    if (!parts.auditRowsUnchanged)
      log('auth-audit: WARNING: the audit table changed while timing rolled-back records.');
    if (!parts.chain.ok)
      log(`auth-audit: WARNING: audit chain of the benchmark database: ${parts.chain.detail}`);
  } catch (error) {
    parts = { error: error instanceof Error ? error.message : String(error) };
    log(`auth-audit: the breakdown could not run: ${parts.error}`);
  }
  const auditAfter = await auditTableSize(db.url);
  const observations = await withClient(db.url, async (client) => {
    const result = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM observations');
    return result.rows[0]?.n ?? 0;
  });

  const report = {
    benchmark: 'auth-audit',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    environment: {
      node: process.version,
      postgres: context.versions.postgres,
      postgis: context.versions.postgis,
      ...machine(),
    },
    database: {
      url: redactUrl(db.url),
      rows: db.rows,
      observationsAfterCleanUp: observations,
      createdAndDeleted: deleted,
      auditEvents: { before: auditBefore, after: auditAfter },
    },
    build: context.build,
    servers: {
      with: {
        entry: 'dist/apps/api/src/main.js',
        rssMb: memory.with?.rssMb ?? null,
        peakRssMb: memory.with?.peakRssMb ?? null,
      },
      without: {
        entry: 'bench/lib/auth-audit-baseline.mts',
        rssMb: memory.without?.rssMb ?? null,
        peakRssMb: memory.without?.peakRssMb ?? null,
      },
    },
    checks,
    paths,
    parts,
    pass: paths.every((path) => path.pass),
    method: METHOD,
  };

  mkdirSync(context.resultsDirectory, { recursive: true });
  const jsonFile = join(context.resultsDirectory, 'auth-audit.json');
  const markdownFile = join(context.resultsDirectory, 'auth-audit.md');
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownFile, markdownReport(report));
  console.log(`\n${authAuditTable(paths)}\n`);
  log(`auth-audit results: ${markdownFile}, ${jsonFile}`);
  if (!report.pass)
    log('auth-audit: some targets are missed (see the verdict column); the benchmark itself ran fine.');
  return { pass: report.pass, files: [markdownFile, jsonFile] };
}

function checkLines(checks: Record<string, unknown>): string[] {
  const noToken = checks.noTokenStatus as Record<SideName, number> | undefined;
  const creates = checks.creates as Record<SideName, number> | undefined;
  const audited = checks.auditEventsForCreates as Record<SideName, number> | undefined;
  if (!noToken || !creates || !audited) return [`- Checks: ${JSON.stringify(checks)}`];
  return [
    `- Override in place: a list request without a token got ${noToken.with} from “with” and ${noToken.without} from “without”.`,
    `- Auditing on one side only: ${audited.with} of the ${creates.with} “with” creates have their audit event, ${audited.without} of the ${creates.without} “without” creates.`,
  ];
}

function markdownReport(report: {
  date: string;
  durationSeconds: number;
  environment: {
    node: string;
    postgres: string;
    postgis: string;
    cpu: { model: string; count: number };
    memoryGb: number;
  };
  database: {
    url: string;
    rows: Record<string, number>;
    observationsAfterCleanUp: number;
    createdAndDeleted: number;
    auditEvents: { before: AuditTableSize; after: AuditTableSize };
  };
  build: BuildOutcome;
  checks: Record<string, unknown>;
  paths: PathResult[];
  parts: PartsResult | { error: string };
  pass: boolean;
  method: string[];
}): string {
  const env = report.environment;
  const audit = report.database.auditEvents;
  const busy = report.paths.some((p) => (p.loadAverage.atStart[0] ?? 0) > env.cpu.count / 2);
  const out = [
    '# Cost of authentication and auditing',
    '',
    `Run ${report.date} (${report.durationSeconds} s) — Node ${env.node}, PostgreSQL ${env.postgres}, PostGIS ${env.postgis}, ${env.cpu.count} × ${env.cpu.model}, ${env.memoryGb} GB RAM.`,
    `Data: ${Object.entries(report.database.rows)
      .map(([table, count]) => `${count.toLocaleString('en')} ${table}`)
      .join(', ')} (database \`${report.database.url}\`).`,
    `Overall: **${report.pass ? 'all targets met' : 'target(s) missed'}**.${
      busy
        ? ' **The machine was busy with other work** (load average above half the CPU count): absolute times are inflated; the alternating blocks keep the ratios comparable.'
        : ''
    }`,
    ...(report.build.warning ? ['', `**Warning:** ${report.build.warning}.`] : []),
    '',
    authAuditTable(report.paths),
    '',
    '“with” = the API as shipped (session token of an admin); “without” = the same app with the guard replaced by a pass-through (fixed admin actor) and audit recording replaced by a no-op. Verdict on the median ratio.',
    '',
  ];
  for (const p of report.paths) {
    out.push(
      `## ${p.name}: ${p.title}`,
      '',
      `${p.iterations.timed} timed requests per side in ${p.iterations.blocks} alternating blocks of ${p.iterations.blockSize}, after ${p.iterations.warmup} warm-up requests per side${
        p.stoppedByTimeBudget
          ? ` (**stopped by the time budget** before the planned ${p.iterations.planned})`
          : ''
      }. Request: \`${p.request}\`.`,
      `Load average (1, 5, 15 min): ${p.loadAverage.atStart.join(' ')} at the start, ${p.loadAverage.atEnd.join(' ')} at the end; 1-min load after each block pair: ${p.loadAverage.perBlockPair1min.join(', ')}.`,
      '',
      '| side | n | median | p95 | mean | min | max |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| with | ${p.with.n} | ${ms(p.with.median)} | ${ms(p.with.p95)} | ${ms(p.with.mean)} | ${ms(p.with.min)} | ${ms(p.with.max)} |`,
      `| without | ${p.without.n} | ${ms(p.without.median)} | ${ms(p.without.p95)} | ${ms(p.without.mean)} | ${ms(p.without.min)} | ${ms(p.without.max)} |`,
      '',
      `Ratio with / without: median ${p.ratio.median.toFixed(2)}×, p95 ${p.ratio.p95.toFixed(2)}×, mean ${p.ratio.mean.toFixed(2)}×; paired-block ${p.pairedBlockRatio.toFixed(2)}×. Added: ${ms(p.addedMs.median)} (median), ${ms(p.addedMs.mean)} (mean). Target < ${p.target.ratio}×: ${p.pass ? 'met' : '**missed**'}.`,
      '',
    );
  }
  out.push(
    ...('error' in report.parts
      ? ['## Where the added time goes', '', `Could not run: ${report.parts.error}`, '']
      : partsMarkdown(report.parts)),
    '## Checks and side effects',
    '',
    ...checkLines(report.checks),
    `- ${report.database.createdAndDeleted} observations created (warm-up included) and deleted by id; ${report.database.observationsAfterCleanUp.toLocaleString('en')} observations afterwards.`,
    `- Audit table (append-only, its rows stay): ${audit.before.rows.toLocaleString('en')} events, ${audit.before.pretty} before; ${audit.after.rows.toLocaleString('en')} events, ${audit.after.pretty} after.`,
    '',
    '## Method',
    '',
    ...report.method.map((line) => `- ${line}`),
    '',
  );
  return out.join('\n');
}
