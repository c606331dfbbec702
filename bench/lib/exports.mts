/**
 * Issue 12: the exports on a large data set (1,000,000 synthetic observations by default, its own
 * database `vigie_bench_exports`). The internal CSV of the whole period through the API against
 * psql (`COPY … TO STDOUT \g /dev/null`, what `\copy` does) of the very statement the API's COPY runs (target: under 1.5×), the server's memory
 * while it streams (target: under 100 MB whatever the size), and the research data package's time
 * and memory. See bench/README.md, "Exports on a million observations".
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { machine } from './report.mts';
import { join } from 'node:path';
import { redactUrl } from '../../db/provision/index.mts';
import type { BuildOutcome, CompiledApp } from './compiled.mts';
import { BENCH_ACCOUNT, type PreparedDatabase, withClient } from './database.mts';
import { authHeaders } from './http.mts';
import type { SqlQuery } from './psql.mts';
import { type RunningApi, startApi } from './server.mts';
import { round, summarize, type Stats } from './stats.mts';
import { intFromEnv, loadAverage } from './env.mts';

export const EXPORTS_DATABASE = 'vigie_bench_exports';

const TARGET_RATIO = 1.5;
const TARGET_MEMORY_MB = 100;
/** How often the server's RSS is read during an export. */
const SAMPLE_MS = 50;

export interface ExportsContext {
  root: string;
  resultsDirectory: string;
  app: CompiledApp;
  db: PreparedDatabase;
  versions: { postgres: string; postgis: string };
  build: BuildOutcome;
  log: (message: string) => void;
}

/** The compiled modules whose functions build the API's export statement. */
interface ExportModules {
  parseExportFilters(
    query: Record<string, string>,
    spec: unknown,
    errors: Record<string, string>,
  ): { where: string; params: unknown[] } | null;
  exportSelectSql(plan: unknown): SqlQuery;
  copyCsvSql(sql: SqlQuery, delimiter: ',' | ';'): string;
  EXPORT_BEGIN_SQL: string;
  EXPORT_SESSION_SQL: readonly string[];
  OBSERVATION_LIST_SPEC: unknown;
}

function loadExportModules(root: string): ExportModules {
  const requireCompiled = createRequire(join(root, 'package.json'));
  const load = (path: string): Record<string, unknown> =>
    requireCompiled(join(root, 'dist/apps/api/src', path)) as Record<string, unknown>;
  return {
    ...(load('exports/exports-query.js') as Pick<ExportModules, 'parseExportFilters'>),
    ...(load('exports/exports.sql.js') as Pick<ExportModules, 'exportSelectSql'>),
    ...(load('exports/exports.repository.js') as Pick<
      ExportModules,
      'copyCsvSql' | 'EXPORT_BEGIN_SQL' | 'EXPORT_SESSION_SQL'
    >),
    ...(load('observations/observations.list-spec.js') as Pick<ExportModules, 'OBSERVATION_LIST_SPEC'>),
  };
}

/** Rewrites COPY's CSV on stdin with CR LF record ends, line feeds inside quoted fields kept. */
const PERL_CRLF_RECORDS = `perl -ne 'BEGIN { $q = 0 } $q ^= tr/"// & 1; chomp; print $_, $q ? "\\n" : "\\r\\n"'`;

/**
 * The psql script of the API's CSV export: the same transaction and session settings as
 * `ExportsRepository.openSnapshot`, then the API's own `COPY (…) TO STDOUT` (from `copyCsvSql`),
 * verbatim, its output sent by `\g` to `target` (a file, or `|command`). This is what `\copy (…)
 * TO file` does (psql runs `COPY … TO STDOUT` and writes the rows to the file), without having to
 * put the statement on one line for `\copy`'s own parser, which cannot read this one.
 */
export function psqlCopyScript(modules: ExportModules, copy: string, target: string): string {
  if (!/^COPY \(/.test(copy) || !/\)\s+TO STDOUT\s+WITH \(/.test(copy) || copy.includes('\\')) {
    throw new Error(`Unexpected COPY statement: ${copy.slice(0, 200)}`);
  }
  return [
    '\\set ON_ERROR_STOP on',
    `${modules.EXPORT_BEGIN_SQL};`,
    ...modules.EXPORT_SESSION_SQL.map((statement) => `${statement};`),
    `${copy.trim()} \\g ${target}`,
    'COMMIT;',
    '',
  ].join('\n');
}

/** Runs a psql script; resolves with its stdout and wall time (process start to exit). */
function runPsqlScript(url: string, script: string): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('psql', ['-X', '-d', url, '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`Cannot run psql (is it installed?): ${error.message}`)));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout: Buffer.concat(out).toString('utf8') });
      else reject(new Error(`psql exited with ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.end(script);
  });
}

/** Resident memory of a process in MB (VmRSS), from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

/** Reads the server's RSS every SAMPLE_MS until stopped; returns the highest value seen. */
function memorySampler(pid: number): { stop(): { peakMb: number; samples: number } } {
  let peak = rssMb(pid);
  let samples = 1;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
      samples += 1;
    } catch {
      // The process is gone: the request fails on its own.
    }
  }, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssMb(pid));
      return { peakMb: peak, samples: samples + 1 };
    },
  };
}

interface Download {
  ms: number;
  bytes: number;
  /** CSV records after the header (line ends outside quotes), when counted. */
  rows: number | null;
  sha256: string | null;
  idleMb: number;
  peakMb: number;
  samples: number;
}

/**
 * One export through the API: timed from just before the request to its last byte, the body
 * streamed and dropped (bytes counted; CSV records counted outside quoted fields; hashed when
 * asked), the server's RSS sampled throughout.
 */
async function download(
  api: RunningApi,
  path: string,
  headers: Record<string, string>,
  options: { csv: boolean; hash: boolean },
): Promise<Download> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleMb = rssMb(api.pid);
  const sampler = memorySampler(api.pid);
  const hash = options.hash ? createHash('sha256') : null;
  let bytes = 0;
  let lineEnds = 0;
  let inQuotes = false;
  const started = performance.now();
  let memory: { peakMb: number; samples: number };
  try {
    const response = await fetch(`${api.baseUrl}${path}`, { headers });
    if (!response.ok || !response.body) {
      throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    }
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      bytes += buffer.byteLength;
      hash?.update(buffer);
      if (!options.csv) continue;
      // Record ends are the line feeds outside quoted fields ("" inside a field toggles twice).
      let at = 0;
      for (;;) {
        const next = inQuotes ? buffer.indexOf(34, at) : firstOf(buffer, at);
        if (next === -1) break;
        if (buffer[next] === 34) inQuotes = !inQuotes;
        else lineEnds += 1;
        at = next + 1;
      }
    }
  } finally {
    memory = sampler.stop();
  }
  const ms = performance.now() - started;
  return {
    ms,
    bytes,
    rows: options.csv ? lineEnds - 1 : null,
    sha256: hash?.digest('hex') ?? null,
    idleMb,
    peakMb: memory.peakMb,
    samples: memory.samples,
  };
}

/** The first quote or line feed from `at`, or -1. */
function firstOf(buffer: Buffer, at: number): number {
  const quote = buffer.indexOf(34, at);
  const feed = buffer.indexOf(10, at);
  if (quote === -1) return feed;
  if (feed === -1) return quote;
  return Math.min(quote, feed);
}

interface RunSummary {
  ms: Stats;
  memory: { idleMb: number; peakMb: number; growthMb: number }[];
}

function summarizeRuns(runs: Download[]): RunSummary {
  return {
    ms: summarize(runs.map((run) => run.ms)),
    memory: runs.map((run) => ({
      idleMb: round(run.idleMb, 1),
      peakMb: round(run.peakMb, 1),
      growthMb: round(run.peakMb - run.idleMb, 1),
    })),
  };
}

export async function runExports(context: ExportsContext): Promise<{ pass: boolean; files: string[] }> {
  const { log, db } = context;
  const startedAt = new Date();
  const runs = intFromEnv('BENCH_EXPORT_RUNS', 3);
  const modules = loadExportModules(context.root);

  // The whole period of the data set, as Paris dates.
  const period = await withClient(db.url, async (client) => {
    const result = await client.query<{ from: string; to: string; n: number }>(
      `SELECT to_char(min(started_at) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS from,
              to_char(max(started_at) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS to,
              count(*)::int AS n
         FROM observations`,
    );
    return result.rows[0] as { from: string; to: string; n: number };
  });
  const csvQuery = { level: 'internal', from: period.from, to: period.to };
  const csvPath = `/api/exports/observations.csv?${new URLSearchParams(csvQuery)}`;
  const packagePath = `/api/exports/datapackage.zip?${new URLSearchParams({ level: 'research', from: period.from, to: period.to })}`;

  // The statement the API runs for csvPath, signed in as an admin (the `full` view, no filter):
  // built by the API's own functions, as ExportsService.plan and ExportSnapshot.copyCsv do.
  const errors: Record<string, string> = {};
  const filters = modules.parseExportFilters(csvQuery, modules.OBSERVATION_LIST_SPEC, errors);
  if (!filters || Object.keys(errors).length > 0)
    throw new Error(`Export filters: ${JSON.stringify(errors)}`);
  const select = modules.exportSelectSql({
    resource: 'observations',
    level: 'internal',
    view: 'full',
    from: period.from,
    to: period.to,
    filters,
    research: null,
  });
  const copy = modules.copyCsvSql(select, ',');

  log(
    `exports: ${period.n.toLocaleString('en')} observations from ${period.from} to ${period.to}; starting the API…`,
  );
  const api = await startApi({
    entry: context.app.apiEntry,
    cwd: context.root,
    databaseUrl: db.apiEnv.DATABASE_URL,
    env: { ...db.apiEnv },
  });
  const loadAtStart = loadAverage();
  const csvRuns: Download[] = [];
  const packageRuns: Download[] = [];
  const psqlMs: number[] = [];
  let check: { api: Download; psql: { sha256: string; rows: number } } | undefined;
  let idleAtStartMb: number;
  const loadPerRun: number[][] = [];
  try {
    const headers = await authHeaders(api.baseUrl, csvPath, BENCH_ACCOUNT);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    idleAtStartMb = rssMb(api.pid);
    log(`exports: server idle at ${idleAtStartMb.toFixed(1)} MB; warm-up export (hashed) and psql check…`);

    // Warm-up, both sides, output hashed: the API's body must be the very bytes of psql's \copy
    // once its record ends are RFC 4180's CR LF (COPY writes LF). An independent rewrite: perl
    // keeps the parity of the quotes seen, and a line that ends outside quotes ends a record.
    const apiCheck = await download(api, csvPath, headers, { csv: true, hash: true });
    const psqlCheck = await runPsqlScript(
      db.url,
      psqlCopyScript(modules, copy, `|${PERL_CRLF_RECORDS} | sha256sum`),
    );
    const psqlRows = Number(/^COPY (\d+)$/m.exec(psqlCheck.stdout)?.[1]);
    const psqlHash = /^([0-9a-f]{64})/m.exec(psqlCheck.stdout)?.[1] ?? '';
    check = { api: apiCheck, psql: { sha256: psqlHash, rows: psqlRows } };
    log(
      `exports: warm-up API ${(apiCheck.ms / 1000).toFixed(1)} s, ${apiCheck.rows} rows, ${(apiCheck.bytes / 2 ** 20).toFixed(0)} MiB; psql ${(psqlCheck.ms / 1000).toFixed(1)} s, ${psqlRows} rows; identical bytes: ${apiCheck.sha256 === psqlHash}`,
    );

    // Timed runs, alternating API and psql so that load drift hits both alike.
    for (let i = 0; i < runs; i++) {
      const run = await download(api, csvPath, headers, { csv: true, hash: false });
      if (run.rows !== apiCheck.rows || run.bytes !== apiCheck.bytes) {
        throw new Error(
          `Run ${i + 1}: ${run.rows} rows / ${run.bytes} bytes, the warm-up had ${apiCheck.rows} / ${apiCheck.bytes}`,
        );
      }
      csvRuns.push(run);
      const sql = await runPsqlScript(db.url, psqlCopyScript(modules, copy, '/dev/null'));
      psqlMs.push(sql.ms);
      loadPerRun.push(loadAverage());
      log(
        `exports csv ${i + 1}/${runs}: API ${(run.ms / 1000).toFixed(2)} s (RSS ${run.idleMb.toFixed(0)} → peak ${run.peakMb.toFixed(0)} MB), psql ${(sql.ms / 1000).toFixed(2)} s`,
      );
    }
    for (let i = 0; i < runs; i++) {
      const run = await download(api, packagePath, headers, { csv: false, hash: false });
      packageRuns.push(run);
      log(
        `exports datapackage ${i + 1}/${runs}: ${(run.ms / 1000).toFixed(2)} s, ${(run.bytes / 2 ** 20).toFixed(0)} MiB (RSS ${run.idleMb.toFixed(0)} → peak ${run.peakMb.toFixed(0)} MB)`,
      );
    }
  } catch (error) {
    const output = api.output().trim().split('\n').slice(-30).join('\n');
    if (output !== '') log(`exports: server output before the failure:\n${output}`);
    throw error;
  } finally {
    await api.stop();
  }

  const auditRows = await withClient(db.url, async (client) => {
    const result = await client
      .query<{ rows: unknown }>(
        `SELECT context->'rows' AS rows FROM audit_events WHERE action = 'export' AND context->>'file' = 'datapackage.zip'
        ORDER BY id DESC LIMIT 1`,
      )
      .catch(() => ({ rows: [] as { rows: unknown }[] }));
    return result.rows[0]?.rows ?? null;
  });

  if (!check) throw new Error('exports: no check run');
  const csvSummary = summarizeRuns(csvRuns);
  const sql = summarize(psqlMs);
  const ratio = round(csvSummary.ms.median / sql.median, 3);
  const allRuns = [check.api, ...csvRuns, ...packageRuns];
  const peakMb = Math.max(...allRuns.map((run) => run.peakMb));
  const csvPeakMb = Math.max(check.api.peakMb, ...csvRuns.map((run) => run.peakMb));
  const packagePeakMb = Math.max(...packageRuns.map((run) => run.peakMb));
  const memory = {
    idleAtStartMb: round(idleAtStartMb, 1),
    csv: { peakMb: round(csvPeakMb, 1), growthMb: round(csvPeakMb - idleAtStartMb, 1) },
    datapackage: { peakMb: round(packagePeakMb, 1), growthMb: round(packagePeakMb - idleAtStartMb, 1) },
    peakMb: round(peakMb, 1),
    growthMb: round(peakMb - idleAtStartMb, 1),
    sampleEveryMs: SAMPLE_MS,
  };
  const identical = check.api.sha256 === check.psql.sha256 && check.api.rows === check.psql.rows;
  const verdict = {
    ratio: ratio < TARGET_RATIO,
    csvMemory: memory.csv.growthMb < TARGET_MEMORY_MB,
    datapackageMemory: memory.datapackage.growthMb < TARGET_MEMORY_MB,
    identical,
  };
  const report = {
    benchmark: 'exports',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    environment: {
      node: process.version,
      postgres: context.versions.postgres,
      postgis: context.versions.postgis,
      ...machine(),
      loadAverage: { atStart: loadAtStart, afterEachCsvRun: loadPerRun, atEnd: loadAverage() },
    },
    database: {
      url: redactUrl(db.url),
      rows: db.rows,
      dataSet: { ...db.fact },
      generatedThisRun: db.generated,
      generationSeconds: db.fact.generationSeconds,
    },
    build: context.build,
    period,
    csv: {
      request: `GET ${csvPath}`,
      rows: check.api.rows,
      bytes: check.api.bytes,
      runs,
      api: csvSummary.ms,
      psql: sql,
      ratio,
      target: TARGET_RATIO,
      warmup: {
        apiMs: round(check.api.ms),
        identicalToPsql: identical,
        sha256: check.api.sha256,
        psqlRows: check.psql.rows,
      },
      memory: [
        {
          idleMb: round(check.api.idleMb, 1),
          peakMb: round(check.api.peakMb, 1),
          growthMb: round(check.api.peakMb - check.api.idleMb, 1),
        },
        ...csvSummary.memory,
      ],
      psqlScript: psqlCopyScript(modules, copy, '/dev/null'),
    },
    datapackage: {
      request: `GET ${packagePath}`,
      bytes: packageRuns[0]?.bytes ?? 0,
      rows: auditRows,
      runs,
      api: summarize(packageRuns.map((run) => run.ms)),
      memory: summarizeRuns(packageRuns).memory,
    },
    memory,
    targetMemoryMb: TARGET_MEMORY_MB,
    verdict,
    pass: verdict.ratio && verdict.csvMemory && verdict.datapackageMemory && verdict.identical,
    method: METHOD,
  };
  mkdirSync(context.resultsDirectory, { recursive: true });
  const jsonFile = join(context.resultsDirectory, 'exports.json');
  const markdownFile = join(context.resultsDirectory, 'exports.md');
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownFile, markdown(report));
  log(
    `exports: CSV API ${(csvSummary.ms.median / 1000).toFixed(2)} s vs psql ${(sql.median / 1000).toFixed(2)} s → ${ratio}× (target < ${TARGET_RATIO}); memory growth CSV ${memory.csv.growthMb} MB, package ${memory.datapackage.growthMb} MB (target < ${TARGET_MEMORY_MB})`,
  );
  log(`exports results: ${markdownFile}, ${jsonFile}`);
  return { pass: report.pass, files: [markdownFile, jsonFile] };
}

const METHOD = [
  'Database: `vigie_bench_exports` (its own, so that the 200,000-row `vigie_bench` of the other benchmarks stays as it is), migrated and seeded with the reference data only, then `BENCH_EXPORT_OBSERVATIONS` synthetic observations from `generateSyntheticObservations` (same seed and period as the other benchmarks: 24 months to 2026-11-01, so the research embargo cuts nothing but the rules still run), stored in date order (`CLUSTER`), `VACUUM ANALYZE`; possible duplicates are not paired (no export reads them). Kept between runs like `vigie_bench`. No incidents (reference data only): the package’s incidents table is empty.',
  'API: the compiled server (`dist/apps/api/src/main.js`) in a child process, production flags (`API_NODE_FLAGS`), `LOG_LEVEL=warn`, signed in as the benchmark admin (bearer session token). Each export is one `fetch`, timed from just before sending to the last byte; the body is read chunk by chunk and dropped, its bytes counted and, for the CSV, its records counted (line feeds outside quoted fields) and checked against the first run.',
  "psql: the very statement the API’s COPY runs — built by the API’s compiled `parseExportFilters`, `exportSelectSql` and `copyCsvSql` (exported for this) for the same request — sent verbatim by psql as `COPY (<select>) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ',', ENCODING 'UTF8') \\g /dev/null`, inside the same transaction and session settings as `ExportsRepository.openSnapshot` (`EXPORT_BEGIN_SQL`, `EXPORT_SESSION_SQL`). That is what `\\copy (…) TO '/dev/null'` does (psql runs COPY … TO STDOUT and writes the rows client side); `\\copy` itself is not used, its one-line parser fails on this statement. Timed as the wall time of the psql process (start, connection, copy, exit), as the owner role on the same server. The exact script is in the JSON (`csv.psqlScript`).",
  'Equivalence: a first, untimed run of each side hashes its output (the API body in the benchmark, psql through `\\g |perl … | sha256sum`, where perl rewrites the line feeds that end records, outside quoted fields, as CR LF): the two must be the same bytes and the same number of rows. It also warms the caches.',
  'Timed runs: `BENCH_EXPORT_RUNS` (3) of the CSV, each API run followed by a psql run (alternating, so that load drift hits both), then as many runs of the research data package. Verdict on the medians: API / psql < 1.5. The API’s time includes what it does besides the COPY: session check, the count query of the audit, the hash-chained audit event.',
  'Memory: the API process’s VmRSS read from `/proc/<pid>/status` every 50 ms during each export (and once just before, after a 1 s pause). A Nest server holds some 150–190 MB before its first request, so the figure held against the 100 MB target is the growth: highest RSS seen during any export of that kind minus the RSS of the idle server measured once after it started and signed in (before any export), which charges the first export with everything it loads lazily. Absolute figures are given too.',
];

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function markdown(report: {
  date: string;
  durationSeconds: number;
  environment: {
    node: string;
    postgres: string;
    cpu: { model: string; count: number };
    memoryGb: number;
    loadAverage: { atStart: number[]; afterEachCsvRun: number[][]; atEnd: number[] };
  };
  database: {
    url: string;
    rows: Record<string, number>;
    generatedThisRun: boolean;
    generationSeconds: number;
  };
  period: { from: string; to: string; n: number };
  csv: {
    request: string;
    rows: number | null;
    bytes: number;
    runs: number;
    api: Stats;
    psql: Stats;
    ratio: number;
    target: number;
    warmup: { apiMs: number; identicalToPsql: boolean; psqlRows: number };
    memory: { idleMb: number; peakMb: number; growthMb: number }[];
  };
  datapackage: {
    request: string;
    bytes: number;
    rows: unknown;
    runs: number;
    api: Stats;
    memory: { idleMb: number; peakMb: number; growthMb: number }[];
  };
  memory: {
    idleAtStartMb: number;
    csv: { peakMb: number; growthMb: number };
    datapackage: { peakMb: number; growthMb: number };
  };
  targetMemoryMb: number;
  verdict: { ratio: boolean; csvMemory: boolean; datapackageMemory: boolean; identical: boolean };
  pass: boolean;
  method: string[];
}): string {
  const env = report.environment;
  const ok = (pass: boolean): string => (pass ? 'pass' : '**FAIL**');
  const mb = (value: number): string => `${value.toFixed(1)} MB`;
  const memoryRows = (label: string, list: { idleMb: number; peakMb: number; growthMb: number }[]) =>
    list.map((m, i) => `| ${label} ${i} | ${mb(m.idleMb)} | ${mb(m.peakMb)} | ${mb(m.growthMb)} |`);
  return [
    '# Exports on a large data set (issue 12)',
    '',
    `Run ${report.date} (${report.durationSeconds} s) — Node ${env.node}, PostgreSQL ${env.postgres}, ${env.cpu.count} × ${env.cpu.model}, ${env.memoryGb} GB; load average (1, 5, 15 min) at the start ${env.loadAverage.atStart.join(' ')}, after each CSV run ${env.loadAverage.afterEachCsvRun.map((l) => l[0]).join(', ')} (1 min), at the end ${env.loadAverage.atEnd.join(' ')}. A shared two-core machine: other work inflates both sides.`,
    `Data: ${Object.entries(report.database.rows)
      .map(([table, count]) => `${count.toLocaleString('en')} ${table}`)
      .join(
        ', ',
      )} (database \`${report.database.url}\`, generated in ${report.database.generationSeconds} s${report.database.generatedThisRun ? ' by this run' : ' by an earlier run'}); period ${report.period.from} … ${report.period.to} (Paris dates).`,
    `Overall: **${report.pass ? 'every target met' : 'some target missed'}**.`,
    '',
    '| measure | API (median of runs) | psql COPY (median) | ratio | target | verdict |',
    '|---|---:|---:|---:|---|---|',
    `| internal CSV, ${report.csv.rows?.toLocaleString('en')} rows, ${(report.csv.bytes / 2 ** 20).toFixed(0)} MiB | ${s(report.csv.api.median)} (${report.csv.runs} runs, ${s(report.csv.api.min)}–${s(report.csv.api.max)}) | ${s(report.csv.psql.median)} (${s(report.csv.psql.min)}–${s(report.csv.psql.max)}) | ${report.csv.ratio.toFixed(2)}× | < ${report.csv.target}× | ${ok(report.verdict.ratio)} |`,
    `| server memory during the CSV: growth over idle (absolute peak) | ${mb(report.memory.csv.growthMb)} (${mb(report.memory.csv.peakMb)}) | | | growth < ${report.targetMemoryMb} MB | ${ok(report.verdict.csvMemory)} |`,
    `| research data package, ${(report.datapackage.bytes / 2 ** 20).toFixed(0)} MiB | ${s(report.datapackage.api.median)} (${report.datapackage.runs} runs, ${s(report.datapackage.api.min)}–${s(report.datapackage.api.max)}) | | | time reported | – |`,
    `| server memory during the package: growth over idle (absolute peak) | ${mb(report.memory.datapackage.growthMb)} (${mb(report.memory.datapackage.peakMb)}) | | | growth < ${report.targetMemoryMb} MB | ${ok(report.verdict.datapackageMemory)} |`,
    `| the API's CSV is byte for byte psql's output of the same statement, with CR LF record ends (${report.csv.warmup.psqlRows.toLocaleString('en')} rows) | | | | identical | ${ok(report.verdict.identical)} |`,
    '',
    `- CSV: \`${report.csv.request}\`; untimed first run (hashed) ${s(report.csv.warmup.apiMs)}.`,
    `- Package: \`${report.datapackage.request}\`; rows per table (from its audit event): \`${JSON.stringify(report.datapackage.rows)}\`.`,
    `- Idle server before any export: ${mb(report.memory.idleAtStartMb)} RSS. The memory target is held against the **growth** over that figure (an idle Nest server's absolute RSS is already well over 100 MB).`,
    '',
    '| export (0 = untimed first run) | RSS just before | peak RSS during | peak − RSS before |',
    '|---|---:|---:|---:|',
    ...memoryRows('CSV', report.csv.memory),
    ...memoryRows('package', report.datapackage.memory).map((line) =>
      line.replace(/^\| package (\d+)/, (_, n) => `| package ${Number(n) + 1}`),
    ),
    '',
    '## Method',
    '',
    ...report.method.map((line) => `- ${line}`),
    '',
  ].join('\n');
}
