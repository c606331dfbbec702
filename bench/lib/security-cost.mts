/**
 * What the hardening of issue 10 costs on the list and create paths (target: at most 5%): the API
 * as it is now ("after": least-privilege database role, security headers, serialised lockout…)
 * against the API as it was before that work ("before": the compiled build of an earlier commit,
 * `BENCH_SECURITY_BASELINE`, checked out in a git worktree under `.bench-baseline/`). Both run
 * side by side on the same `vigie_bench` database, signed in as the benchmark admin, and are sent
 * the same requests in alternating blocks (bench/lib/auth-audit.mts's method).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { machine } from './report.mts';
import { join } from 'node:path';
import { redactUrl } from '../../db/provision/index.mts';
import {
  type AuthAuditContext,
  createPath,
  deleteCreated,
  deleteLeftovers,
  finish,
  listPath,
  measurePath,
  ms,
  type PathResult,
  type Side,
  type SideName,
} from './auth-audit.mts';
import { BENCH_ACCOUNT } from './database.mts';
import { authHeaders } from './http.mts';
import { pageScenario } from './scenarios.mts';
import { processMemoryMb, type RunningApi, startApi } from './server.mts';
import { round } from './stats.mts';
import { intFromEnv } from './env.mts';

/** The last commit before issue 10's hardening. */
export const DEFAULT_SECURITY_BASELINE = '2554b9d';
const TARGET_RATIO = 1.05;

export interface SecurityCostContext extends AuthAuditContext {
  /** The database URL the "before" build used: the server's superuser, as it then did. */
  baselineDatabaseUrl: string;
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/** Checks the baseline commit out beside the project (once) and builds its API (once). */
export function baselineBuild(root: string, rev: string, log: (message: string) => void): string {
  const resolved = spawnSync('git', ['rev-parse', '--short=12', `${rev}^{commit}`], { cwd: root });
  if (resolved.status !== 0) {
    throw new Error(`BENCH_SECURITY_BASELINE: "${rev}" is not a commit of this repository`);
  }
  const commit = resolved.stdout.toString('utf8').trim();
  const directory = join(root, '.bench-baseline', commit);
  const entry = join(directory, 'dist/apps/api/src/main.js');
  if (existsSync(entry)) return entry;
  if (!existsSync(join(directory, 'package.json'))) {
    log(`security-cost: checking out the baseline ${commit} in ${directory}…`);
    mkdirSync(join(root, '.bench-baseline'), { recursive: true });
    run('git', ['worktree', 'add', '--force', '--detach', directory, commit], root);
  }
  if (!existsSync(join(directory, 'node_modules'))) {
    symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'), 'dir');
  }
  log(`security-cost: building the baseline API (nest build api in ${directory})…`);
  run(join(root, 'node_modules/.bin/nest'), ['build', 'api'], directory);
  if (!existsSync(entry)) throw new Error(`The baseline build did not produce ${entry}`);
  return entry;
}

const METHOD = [
  '“after”: the compiled API of this checkout (`dist/apps/api/src/main.js`), started as `npm start` starts it (its own database role, security headers, serialised lockout…).',
  '“before”: the compiled API of the baseline commit (the last one before the security work of issue 10), checked out in a git worktree under `.bench-baseline/` and built there; it connects as the database superuser, as that version did, and serves this checkout’s built console (`VIGIE_CONSOLE_DIR`) as the after side does.',
  'Both servers run at the same time on the same `vigie_bench` database (migrated by this checkout: the baseline reads a schema that only has more), each signed in as the benchmark admin; only one is being sent a request at any moment. Requests are sequential, keep-alive, timed to the last byte of the body, with `Accept-Encoding: identity` (the baseline predates response compression: the hardening is measured, not brotli); every response is checked.',
  'Alternating blocks: block k sends requests i…i+B−1 to one side then the same requests to the other, the side going first alternating, so that a change of machine load affects both sides alike. The paired-block ratio is the median over block pairs of (after / before).',
  'List: the `page` scenario’s request (Calais, a quarter rotating over seven, sorted, 25 rows). Create: `POST /api/observations` with the typical body of the auth-audit benchmark and a fresh client id. Created rows are deleted by id at the end.',
  `Target (issue 10): the median ratio after / before at most ${TARGET_RATIO} on both paths.`,
];

export async function runSecurityCost(
  context: SecurityCostContext,
): Promise<{ pass: boolean; files: string[] }> {
  const { log, db } = context;
  const startedAt = new Date();
  const rev = process.env.BENCH_SECURITY_BASELINE ?? DEFAULT_SECURITY_BASELINE;
  const baselineEntry = baselineBuild(context.root, rev, log);
  const blockSize = intFromEnv('BENCH_SECURITY_BLOCK', 25);
  const listIterations = intFromEnv('BENCH_SECURITY_LIST_ITERATIONS', 400);
  const createIterations = intFromEnv('BENCH_SECURITY_CREATE_ITERATIONS', 300);

  const leftovers = await deleteLeftovers(context.baselineDatabaseUrl);
  if (leftovers > 0) log(`security-cost: deleted ${leftovers} observations left by an interrupted run.`);
  log('security-cost: starting the API as it is now and as it was at the baseline…');
  // One after the other: the current API's queue role must create pg-boss's tables (it owns the
  // schema); the baseline, connected as the superuser, would otherwise create them as its own.
  const afterApi = await startApi({
    entry: context.app.apiEntry,
    cwd: context.root,
    databaseUrl: db.apiEnv.DATABASE_URL,
    env: { ...db.apiEnv },
  });
  let beforeApi: RunningApi;
  try {
    beforeApi = await startApi({
      entry: baselineEntry,
      cwd: join(baselineEntry, '../../../..'),
      databaseUrl: context.baselineDatabaseUrl,
      // The worktree has no built console: serve this checkout's, so that both sides route alike
      // (static files and the client-routing fallback cost the API's routes a little).
      env: { VIGIE_CONSOLE_DIR: join(context.root, 'dist', 'console') },
    });
  } catch (error) {
    await afterApi.stop();
    throw error;
  }
  const created: Record<SideName, string[]> = { with: [], without: [] };
  const page = pageScenario(context.app);
  const paths: PathResult[] = [];
  let memory: Record<SideName, ReturnType<typeof processMemoryMb>>;
  try {
    const probePath = page.requests[0]?.path as string;
    // Uncompressed answers on both sides: the baseline predates response compression (issue 13),
    // and this benchmark measures the security hardening, not the cost of brotli.
    const identity = { 'accept-encoding': 'identity' };
    const sides: Record<SideName, Side> = {
      with: {
        name: 'with',
        api: afterApi,
        headers: { ...(await authHeaders(afterApi.baseUrl, probePath, BENCH_ACCOUNT)), ...identity },
      },
      without: {
        name: 'without',
        api: beforeApi,
        headers: { ...(await authHeaders(beforeApi.baseUrl, probePath, BENCH_ACCOUNT)), ...identity },
      },
    };
    const list = listPath(page, listIterations, TARGET_RATIO);
    const create = createPath(createIterations, TARGET_RATIO, created, { label });
    for (const spec of [list, create]) {
      log(`security-cost ${spec.name}: ${spec.iterations} requests per side in blocks of ${blockSize}`);
      const result = finish(await measurePath(spec, sides, context, blockSize));
      log(
        `security-cost ${spec.name}: median after ${result.with.median} ms, before ${result.without.median} ms → ${result.ratio.median}× (paired blocks ${result.pairedBlockRatio}×), target ≤ ${TARGET_RATIO}×`,
      );
      paths.push({ ...result, pass: result.ratio.median <= TARGET_RATIO });
    }
    memory = { with: processMemoryMb(afterApi.pid), without: processMemoryMb(beforeApi.pid) };
  } catch (error) {
    for (const api of [afterApi, beforeApi] as RunningApi[]) {
      const output = api.output().trim().split('\n').slice(-30).join('\n');
      if (output !== '') log(`security-cost: server output before the failure:\n${output}`);
    }
    throw error;
  } finally {
    await Promise.all([afterApi.stop(), beforeApi.stop()]);
    const deleted = await deleteCreated(context.baselineDatabaseUrl, [...created.with, ...created.without]);
    log(`security-cost: deleted the ${deleted} observations created by this run.`);
  }

  const report = {
    benchmark: 'security-cost',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    baseline: rev,
    environment: {
      node: process.version,
      postgres: context.versions.postgres,
      postgis: context.versions.postgis,
      ...machine(),
      loadAverage: loadavg().map((value) => round(value)),
    },
    database: { url: redactUrl(db.url), rows: db.rows },
    servers: {
      after: { rssMb: memory.with?.rssMb ?? null },
      before: { rssMb: memory.without?.rssMb ?? null },
    },
    paths,
    pass: paths.every((path) => path.pass),
    method: METHOD,
  };
  mkdirSync(context.resultsDirectory, { recursive: true });
  const jsonFile = join(context.resultsDirectory, 'security-cost.json');
  const markdownFile = join(context.resultsDirectory, 'security-cost.md');
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownFile, markdown(report));
  log(`security-cost results: ${markdownFile}, ${jsonFile}`);
  return { pass: report.pass, files: [markdownFile, jsonFile] };
}

const label = (side: SideName): string => (side === 'with' ? 'after' : 'before');

function markdown(report: {
  date: string;
  durationSeconds: number;
  baseline: string;
  environment: {
    node: string;
    postgres: string;
    cpu: { model: string; count: number };
    loadAverage: number[];
  };
  database: { url: string; rows: Record<string, number> };
  paths: PathResult[];
  pass: boolean;
  method: string[];
}): string {
  const env = report.environment;
  const lines = [
    '# Cost of the security hardening (issue 10)',
    '',
    `Run ${report.date} (${report.durationSeconds} s) — Node ${env.node}, PostgreSQL ${env.postgres}, ${env.cpu.count} × ${env.cpu.model}; load average at the end ${env.loadAverage.join(' ')}.`,
    `Data: ${Object.entries(report.database.rows)
      .map(([table, count]) => `${count.toLocaleString('en')} ${table}`)
      .join(', ')} (database \`${report.database.url}\`). Baseline: \`${report.baseline}\`.`,
    `Overall: **${report.pass ? 'target met on both paths' : 'target missed'}**.`,
    '',
    '| path | after: median | p95 | before: median | p95 | ratio median (p95) | paired-block ratio | target | verdict |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    ...report.paths.map(
      (p) =>
        `| ${p.name} | ${ms(p.with.median)} | ${ms(p.with.p95)} | ${ms(p.without.median)} | ${ms(p.without.p95)} | ${p.ratio.median.toFixed(3)}× (${p.ratio.p95.toFixed(3)}×) | ${p.pairedBlockRatio.toFixed(3)}× | ≤ ${TARGET_RATIO}× | ${p.pass ? 'pass' : '**FAIL**'} |`,
    ),
    '',
    ...report.paths.map(
      (p) =>
        `- ${p.name}: ${p.iterations.timed} timed requests per side in ${p.iterations.blocks} blocks of ${p.iterations.blockSize} after ${p.iterations.warmup} warm-up requests per side${p.stoppedByTimeBudget ? ' (stopped by the time budget)' : ''}; \`${p.request}\`.`,
    ),
    '',
    '## Method',
    '',
    ...report.method.map((line) => `- ${line}`),
    '',
  ];
  return lines.join('\n');
}
