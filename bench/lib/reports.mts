/**
 * Publications (`POST /api/reports` → PDF ready) on the 200,000-observation data set: first render
 * after the server starts, monthly note and annual report warm, our renderer against a bare
 * `page.pdf()` of the same HTML in the same Chromium, and ten notes requested at once with the
 * peak memory of the server and its Chromium. See bench/README.md.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { machine } from './report.mts';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { redactUrl } from '../../db/provision/index.mts';
import type { BuildOutcome, CompiledApp } from './compiled.mts';
import { BENCH_ACCOUNT, type PreparedDatabase } from './database.mts';
import { measureStages, type StageBreakdown } from './report-stages.mts';
import { authHeaders } from './http.mts';
import { type RunningApi, startApi } from './server.mts';
import { round, type Stats, summarize } from './stats.mts';
import { intFromEnv } from './env.mts';

export interface ReportsContext {
  root: string;
  resultsDirectory: string;
  app: CompiledApp;
  db: PreparedDatabase;
  versions: { postgres: string; postgis: string };
  build: BuildOutcome;
  log: (message: string) => void;
}

const TARGETS = { firstMs: 5000, monthlyMs: 2000, annualMs: 8000, ratio: 1.5 } as const;
/** Issue 16 (“Reports”): the warm times a publication should reach, end to end. */
const ISSUE_TARGETS = { monthlyMs: 500, annualMs: 1500 } as const;
/** How often the client asks `GET /api/reports/:id` while waiting (the timing's resolution). */
const POLL_MS = 25;
/** How often the memory of the server's process tree is sampled. */
const SAMPLE_MS = 20;
/** With ten reports under way: one list request for all of them this often. */
const BURST_POLL_MS = 50;
const CONCURRENT = 10;

/** The last complete month and observatories' year of the synthetic data set (it ends 2026-10-31). */
const PERIODS = {
  'monthly-note': { from: '2026-10-01', to: '2026-10-31' },
  'annual-report': { from: '2025-11-01', to: '2026-10-31' },
} as const;
type Kind = keyof typeof PERIODS;

interface ReportRow {
  id: string;
  status: 'queued' | 'rendering' | 'done' | 'failed';
  progress: number;
  error: string | null;
  sha256: string | null;
  pageCount: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One report followed from the request to `done`, with the moments the client saw each stage. */
interface Timed {
  id: string;
  kind: Kind;
  /** Request sent → `GET /api/reports/:id` says done. */
  ms: number;
  /** Client side: when the polls first saw the job taken, composed (≥ 30) and printed (≥ 90). */
  seen: { rendering: number | null; composed: number | null; printed: number | null };
  /** Server side: createdAt → startedAt (queue), startedAt → finishedAt (work). */
  server: { queueMs: number; workMs: number };
  pageCount: number;
  polls: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

class Client {
  readonly api: RunningApi;
  readonly headers: Record<string, string>;

  constructor(api: RunningApi, headers: Record<string, string>) {
    this.api = api;
    this.headers = headers;
  }

  async request(kind: Kind): Promise<ReportRow> {
    const response = await fetch(`${this.api.baseUrl}/api/reports`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ kind, ...PERIODS[kind], lang: 'fr' }),
    });
    if (response.status !== 202) throw new Error(`POST /api/reports: HTTP ${response.status}`);
    return (await response.json()) as ReportRow;
  }

  async get(id: string): Promise<ReportRow> {
    return json<ReportRow>(
      await fetch(`${this.api.baseUrl}/api/reports/${id}`, { headers: this.headers }),
      `GET /api/reports/${id}`,
    );
  }

  /** The PDF as served; checked against the stored SHA-256 and the PDF signature. */
  async checkPdf(row: ReportRow): Promise<number> {
    const response = await fetch(`${this.api.baseUrl}/api/reports/${row.id}/pdf`, {
      headers: this.headers,
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (
      response.status !== 200 ||
      bytes.subarray(0, 5).toString('latin1') !== '%PDF-' ||
      sha256 !== row.sha256
    ) {
      throw new Error(
        `GET /api/reports/${row.id}/pdf: HTTP ${response.status}, ${bytes.length} B, ${sha256}`,
      );
    }
    return bytes.length;
  }

  async preview(kind: Kind): Promise<string> {
    const query = new URLSearchParams({ kind, ...PERIODS[kind], lang: 'fr' });
    const response = await fetch(`${this.api.baseUrl}/api/reports/preview?${query}`, {
      headers: this.headers,
    });
    const html = await response.text();
    if (response.status !== 200) throw new Error(`preview: HTTP ${response.status} ${html.slice(0, 300)}`);
    return html;
  }
}

/** Notes, for one report, the moments the polls first saw each stage; `done` once it is. */
class Watch {
  readonly seen: Timed['seen'] = { rendering: null, composed: null, printed: null };
  polls = 0;
  result: Timed | null = null;
  readonly row: ReportRow;
  readonly kind: Kind;

  constructor(row: ReportRow, kind: Kind) {
    this.row = row;
    this.kind = kind;
  }

  observe(current: ReportRow, at: number): void {
    const seen = this.seen;
    if (current.status !== 'queued' && seen.rendering === null) seen.rendering = at;
    if ((current.progress >= 30 || current.status === 'done') && seen.composed === null) seen.composed = at;
    if ((current.progress >= 90 || current.status === 'done') && seen.printed === null) seen.printed = at;
    if (current.status === 'failed') throw new Error(`report ${current.id} failed: ${current.error}`);
    if (current.status !== 'done') {
      if (at > 180_000) throw new Error(`report ${current.id} still ${current.status} after 180 s`);
      return;
    }
    const time = (value: string | null): number => new Date(value ?? Number.NaN).getTime();
    this.result = {
      id: current.id,
      kind: this.kind,
      ms: at,
      seen,
      server: {
        queueMs: time(current.startedAt) - time(current.createdAt),
        workMs: time(current.finishedAt) - time(current.startedAt),
      },
      pageCount: current.pageCount ?? 0,
      polls: this.polls,
    };
  }
}

/** Median time of `runs` sequential GETs (after one untimed), each to the last byte. */
async function timeGets(client: Client, path: string, runs: number): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const response = await fetch(`${client.api.baseUrl}${path}`, { headers: client.headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`);
    if (i > 0) samples.push(performance.now() - started);
  }
  return summarize(samples);
}

/** Polls the report (`GET /api/reports/:id`) every POLL_MS until it is done; a failure stops the run. */
async function follow(client: Client, kind: Kind, started: number, row: ReportRow): Promise<Timed> {
  const watch = new Watch(row, kind);
  watch.observe(row, performance.now() - started);
  while (watch.result === null) {
    await sleep(POLL_MS);
    const current = await client.get(row.id);
    watch.polls += 1;
    watch.observe(current, performance.now() - started);
  }
  return watch.result;
}

/**
 * Follows many reports with one list request (`GET /api/reports?createdAt_gte=…`) every
 * BURST_POLL_MS, so that polling ten reports does not itself load the server tenfold.
 */
async function followMany(client: Client, started: number, rows: ReportRow[]): Promise<Timed[]> {
  const watches = new Map(rows.map((row) => [row.id, new Watch(row, 'monthly-note')]));
  const since = rows.map((row) => row.createdAt).sort()[0] as string;
  const query = new URLSearchParams({ createdAt_gte: since, _start: '0', _end: '100' });
  for (;;) {
    const list = await json<ReportRow[]>(
      await fetch(`${client.api.baseUrl}/api/reports?${query}`, { headers: client.headers }),
      'GET /api/reports',
    );
    const at = performance.now() - started;
    for (const current of list) {
      const watch = watches.get(current.id);
      if (!watch || watch.result) continue;
      watch.polls += 1;
      watch.observe(current, at);
    }
    const results = [...watches.values()].map((watch) => watch.result);
    if (results.every((result) => result !== null)) return results as Timed[];
    if (at > 180_000) throw new Error('the concurrent reports are not all done after 180 s');
    await sleep(BURST_POLL_MS);
  }
}

async function timedReport(client: Client, kind: Kind): Promise<Timed> {
  const started = performance.now();
  const row = await client.request(kind);
  const timed = await follow(client, kind, started, row);
  await client.checkPdf(await client.get(row.id));
  return timed;
}

/** The server process and every descendant (Chromium and its helpers), from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (2nd field) may contain spaces: the parent is the 2nd field after ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

interface MemoryPeak {
  /** Highest sum of VmRSS over the tree (shared pages counted in every process). */
  rssSumMb: number;
  /** Highest sum of PSS over the tree (shared pages divided among their users): the honest total. */
  pssSumMb: number;
  /** VmHWM of the Node process alone at the end. */
  nodeHwmMb: number;
  processes: number;
  samples: number;
}

/** Samples the tree's RSS every SAMPLE_MS (PSS every tenth sample: smaps_rollup is dearer) until stopped. */
function memorySampler(pid: number): { stop(): MemoryPeak } {
  let rss = 0;
  let pss = 0;
  let processes = 0;
  let samples = 0;
  const sample = (): void => {
    const tree = processTree(pid);
    processes = Math.max(processes, tree.length);
    rss = Math.max(
      rss,
      tree.reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0),
    );
    if (samples % 10 === 0)
      pss = Math.max(
        pss,
        tree.reduce((sum, p) => sum + pssKb(p), 0),
      );
    samples += 1;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const tree = processTree(pid);
      pss = Math.max(
        pss,
        tree.reduce((sum, p) => sum + pssKb(p), 0),
      );
      return {
        rssSumMb: round(rss / 1024),
        pssSumMb: round(pss / 1024),
        nodeHwmMb: round(statusKb(pid, 'VmHWM') / 1024),
        processes,
        samples,
      };
    },
  };
}

/** The part of the compiled PdfRenderer (dist/libs/reporting) the comparison uses. */
interface Renderer {
  render(html: string): Promise<{ pdf: Buffer; pageCount: number }>;
  warmUp(): Promise<void>;
  close(): Promise<void>;
  /** Private fields of the compiled class: the browser and the page kept ready for the next job. */
  browser: Promise<Browser> | null;
  spare: Promise<unknown> | null;
}

/** The footer our renderer prints, so that the bare print does the same work. */
function footer(html: string): string {
  const label = /<meta name="vigie-footer" content="([^"]*)"\s*\/?>/.exec(html)?.[1] ?? '';
  return `<div style="width:100%;font-size:8pt;padding:0 16mm;display:flex;justify-content:space-between"><span>${label}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}

interface RatioResult {
  kind: Kind;
  htmlBytes: number;
  pages: number;
  runs: number;
  ours: Stats;
  bare: Stats;
  bareFreshContext: Stats;
  ratio: number;
  pass: boolean;
}

/**
 * In this process: the compiled PdfRenderer and, in the very browser it launched, a bare
 * `setContent` + `page.pdf()` on a page opened once (the floor), and the same in a fresh context
 * (what isolating each job costs at least). Alternated; before each of our renders the page it keeps
 * ready is left to finish, as between two jobs on an idle server.
 */
async function measureRatio(
  root: string,
  executablePath: string,
  html: Record<Kind, string>,
  runs: number,
): Promise<RatioResult[]> {
  const requireCompiled = createRequire(join(root, 'package.json'));
  const { PdfRenderer } = requireCompiled(join(root, 'dist/libs/reporting/src/pdf-renderer.js')) as {
    PdfRenderer: new (options: { executablePath: string }) => Renderer;
  };
  const renderer = new PdfRenderer({ executablePath });
  try {
    await renderer.warmUp();
    const browser = await (renderer.browser as Promise<Browser>);
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const results: RatioResult[] = [];
    for (const kind of Object.keys(PERIODS) as Kind[]) {
      const source = html[kind];
      const options = {
        format: 'A4' as const,
        preferCSSPageSize: true,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footer(source),
      };
      const bare = async (): Promise<number> => {
        const started = performance.now();
        await page.setContent(source, { waitUntil: 'load' });
        await page.pdf(options);
        return performance.now() - started;
      };
      const bareFresh = async (): Promise<number> => {
        const started = performance.now();
        const fresh = await browser.createBrowserContext();
        try {
          const sheet = await fresh.newPage();
          await sheet.setContent(source, { waitUntil: 'load' });
          await sheet.pdf(options);
        } finally {
          await fresh.close();
        }
        return performance.now() - started;
      };
      let pages = 0;
      const ours = async (): Promise<number> => {
        await renderer.spare;
        const started = performance.now();
        pages = (await renderer.render(source)).pageCount;
        return performance.now() - started;
      };
      // Two of each to warm up, then alternated.
      for (let i = 0; i < 2; i++) {
        await ours();
        await bare();
        await bareFresh();
      }
      const samples = { ours: [] as number[], bare: [] as number[], fresh: [] as number[] };
      for (let i = 0; i < runs; i++) {
        samples.ours.push(await ours());
        samples.bare.push(await bare());
        samples.fresh.push(await bareFresh());
      }
      const oursStats = summarize(samples.ours);
      const bareStats = summarize(samples.bare);
      const ratio = round(oursStats.median / bareStats.median);
      results.push({
        kind,
        htmlBytes: Buffer.byteLength(source),
        pages,
        runs,
        ours: oursStats,
        bare: bareStats,
        bareFreshContext: summarize(samples.fresh),
        ratio,
        pass: ratio < TARGETS.ratio,
      });
    }
    await context.close();
    return results;
  } finally {
    await renderer.close();
  }
}

const METHOD = (monthlyRuns: number, annualRuns: number, ratioRuns: number): string[] => [
  'Database: `vigie_bench`, the same 200,000 synthetic observations as the observations benchmark (reference data, no demo set). Periods: the monthly note covers 2026-10-01 – 2026-10-31 (the last month of the data set), the annual report 2025-11-01 – 2026-10-31 (the observatories’ year); French, all areas.',
  `API: the compiled server (\`dist/apps/api/src/main.js\`) started as a child process with the production Node flags (bench/lib/server.mts), its report worker in-process (pg-boss in the same database, \`VIGIE_REPORT_CONCURRENCY\` default 2), PDFs stored in a temporary \`VIGIE_DATA_DIR\`; signed in as the benchmark admin.`,
  `Timing: from just before \`POST /api/reports\` is sent until \`GET /api/reports/:id\` first answers \`status: done\`; the client polls every ${POLL_MS} ms, so a time is late by at most that plus one request. Every PDF is then downloaded and checked (200, \`%PDF-\`, SHA-256 equal to the stored one). The polls also note when the job was first seen taken, composed (progress ≥ 30) and printed (progress ≥ 90); the server’s own createdAt → startedAt (queue) and startedAt → finishedAt (work) are reported too.`,
  `(a) first render: the first monthly note right after \`/api/health\` answers (Chromium not yet launched unless the server launches it at start). (b) ${monthlyRuns} monthly notes one after the other, then (c) one annual report untimed and ${annualRuns} timed, one after the other; verdict on the medians. Then, to split composition from printing, \`GET /api/reports/preview\` (the composer alone) and \`GET /api/stats/summary\` for each period, one untimed and 5 timed.`,
  `(d) In the benchmark process: the compiled \`PdfRenderer\` (dist/libs/reporting) on the HTML of \`GET /api/reports/preview\` for the same parameters, against, in the same browser (the one the renderer launched, same flags), \`page.setContent(html, { waitUntil: 'load' })\` + \`page.pdf()\` with the same options on a page opened once (“bare”), and the same in a context opened and closed per print (“bare, fresh context”, for reference). Two of each to warm up, then ${ratioRuns} alternated rounds; before each of our renders the page the renderer prepares for the next job is left to finish, as between two jobs. Ratio = median ours / median bare.`,
  `(e) ${CONCURRENT} monthly notes requested at once (parallel POSTs), followed together by one \`GET /api/reports?createdAt_gte=…\` every ${BURST_POLL_MS} ms; wall time from the first request until all are done. Memory: the API process and all its descendants (Chromium and its helpers) found through /proc, VmRSS summed every ${SAMPLE_MS} ms (shared pages counted once per process, so an over-estimate) and PSS (smaps_rollup, shared pages divided) every ${SAMPLE_MS * 10} ms; the Node process’s own VmHWM at the end. The peak covers the whole run (a)–(e). Chromium’s two crashpad handlers (about 8 MB together) detach to init and are not counted.`,
  `(f) In the benchmark process, after the server has stopped: the compiled \`ReportComposer\` (its statistics service and repositories on the benchmark database, as the API's role) and the compiled \`PdfRenderer\`, each given a \`StageTimings\` as the report worker does (libs/reporting/src/stage-timings.ts); one untimed run of each kind, then ${STAGE_RUNS} timed, one after the other. The figures' queries run side by side (\`Promise.all\`): each is timed on its own and “all queries (wall)” is the time of the whole block. No queue, no progress writes, no storing: the floor of the job itself.`,
  'Other processes on the machine (test runs of other people) inflate the times: see the load average.',
];

/** Timed runs of each kind for the per-stage breakdown (f). */
const STAGE_RUNS = intFromEnv('BENCH_STAGE_RUNS', 5);

function phases(t: Timed): string {
  const f = (value: number | null): string => (value === null ? '–' : `${Math.round(value)}`);
  return `${f(t.seen.rendering)} / ${f(t.seen.composed)} / ${f(t.seen.printed)} / ${Math.round(t.ms)}`;
}

export async function runReports(context: ReportsContext): Promise<{ pass: boolean; files: string[] }> {
  const { log, root } = context;
  const startedAt = new Date();
  const monthlyRuns = intFromEnv('BENCH_REPORT_RUNS', 7);
  const annualRuns = intFromEnv('BENCH_ANNUAL_RUNS', 3);
  const ratioRuns = intFromEnv('BENCH_RATIO_RUNS', 10);
  const executablePath = process.env.VIGIE_CHROMIUM_PATH || '/usr/bin/chromium';
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-reports-'));
  const loadAtStart = loadavg().map((value) => round(value));

  log('reports: starting the API…');
  const api = await startApi({
    entry: context.app.apiEntry,
    cwd: root,
    databaseUrl: context.db.apiEnv.DATABASE_URL,
    env: {
      ...context.db.apiEnv,
      VIGIE_DATA_DIR: dataDir,
      VIGIE_CHROMIUM_PATH: executablePath,
      // A queue of its own: another server on the benchmark database (another benchmark running)
      // would otherwise take these jobs and store the PDFs in its own data directory.
      VIGIE_REPORT_QUEUE: `reports.bench-${process.pid}`,
    },
  });
  const memory = memorySampler(api.pid);
  let peak: MemoryPeak;
  let first: Timed;
  const monthly: Timed[] = [];
  const annual: Timed[] = [];
  let annualWarmup: Timed;
  let burst: { wallMs: number; reports: Timed[]; done: number };
  let html: Record<Kind, string>;
  let idle: { nodeRssMb: number; treeRssMb: number };
  const parts = {} as Record<Kind, { preview: Stats; summary: Stats }>;
  try {
    const client = new Client(api, await authHeaders(api.baseUrl, '/api/reports', BENCH_ACCOUNT));
    first = await timedReport(client, 'monthly-note');
    log(`reports: (a) first monthly note after start: ${Math.round(first.ms)} ms (${first.pageCount} pages)`);

    for (let i = 0; i < monthlyRuns; i++) monthly.push(await timedReport(client, 'monthly-note'));
    log(`reports: (b) monthly note warm: ${monthly.map((t) => Math.round(t.ms)).join(', ')} ms`);
    annualWarmup = await timedReport(client, 'annual-report');
    for (let i = 0; i < annualRuns; i++) annual.push(await timedReport(client, 'annual-report'));
    log(
      `reports: (c) annual report warm: ${annual.map((t) => Math.round(t.ms)).join(', ')} ms (untimed first: ${Math.round(annualWarmup.ms)} ms)`,
    );

    for (const kind of Object.keys(PERIODS) as Kind[]) {
      const period = new URLSearchParams({ ...PERIODS[kind] });
      const preview = new URLSearchParams({ kind, ...PERIODS[kind], lang: 'fr' });
      parts[kind] = {
        preview: await timeGets(client, `/api/reports/preview?${preview}`, 5),
        summary: await timeGets(client, `/api/stats/summary?${period}`, 5),
      };
    }
    log(
      `reports: composition alone (preview): monthly ${round(parts['monthly-note'].preview.median)} ms, annual ${round(parts['annual-report'].preview.median)} ms`,
    );

    const tree = processTree(api.pid);
    idle = {
      nodeRssMb: round(statusKb(api.pid, 'VmRSS') / 1024),
      treeRssMb: round(tree.reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0) / 1024),
    };
    const burstStarted = performance.now();
    const rows = await Promise.all(Array.from({ length: CONCURRENT }, () => client.request('monthly-note')));
    const reports = await followMany(client, burstStarted, rows);
    const wallMs = performance.now() - burstStarted;
    for (const row of rows) await client.checkPdf(await client.get(row.id));
    burst = { wallMs, reports, done: reports.length };
    log(`reports: (e) ${CONCURRENT} notes at once: all done in ${Math.round(wallMs)} ms`);

    html = {
      'monthly-note': await client.preview('monthly-note'),
      'annual-report': await client.preview('annual-report'),
    };
  } catch (error) {
    const output = api.output().trim().split('\n').slice(-30).join('\n');
    if (output !== '') log(`API output before the failure:\n${output}`);
    throw error;
  } finally {
    peak = memory.stop();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  log(
    `reports: peak memory of the server and its Chromium: RSS sum ${peak.rssSumMb} MB, PSS sum ${peak.pssSumMb} MB (${peak.processes} processes); Node VmHWM ${peak.nodeHwmMb} MB`,
  );

  log('reports: (d) our renderer against a bare page.pdf() in the same browser…');
  const ratios = await measureRatio(root, executablePath, html, ratioRuns);
  for (const r of ratios) {
    log(
      `reports: (d) ${r.kind}: ours ${round(r.ours.median)} ms, bare ${round(r.bare.median)} ms, ratio ${r.ratio}`,
    );
  }

  log('reports: (f) per stage, in this process…');
  const stages: StageBreakdown[] = await measureStages({
    root,
    databaseUrl: context.db.apiEnv.DATABASE_URL,
    executablePath,
    actorEmail: BENCH_ACCOUNT.email,
    periods: PERIODS,
    runs: STAGE_RUNS,
  });
  for (const s of stages) {
    log(
      `reports: (f) ${s.kind}: composition ${round(s.compose.median)} ms, print ${round(s.render.median)} ms, total ${round(s.total.median)} ms`,
    );
  }

  const stats = (list: Timed[]): Stats => summarize(list.map((t) => t.ms));
  const monthlyStats = stats(monthly);
  const annualStats = stats(annual);
  const verdicts = {
    first: first.ms < TARGETS.firstMs,
    monthly: monthlyStats.median < TARGETS.monthlyMs,
    annual: annualStats.median < TARGETS.annualMs,
    ratio: ratios.every((r) => r.pass),
    concurrent: burst.done === CONCURRENT,
  };
  const cpuList = cpus();
  const concurrency = intFromEnv('VIGIE_REPORT_CONCURRENCY', 2);
  const burstWork = burst.reports.reduce((sum, t) => sum + t.server.workMs, 0);
  const report = {
    benchmark: 'reports',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    environment: {
      node: process.version,
      postgres: context.versions.postgres,
      postgis: context.versions.postgis,
      chromium: executablePath,
      ...machine(),
      loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((value) => round(value)) },
    },
    database: { url: redactUrl(context.db.url), rows: context.db.rows },
    build: context.build,
    periods: PERIODS,
    targets: TARGETS,
    first: { ...first, pass: verdicts.first },
    monthly: { runs: monthly, stats: monthlyStats, pass: verdicts.monthly },
    annual: { warmup: annualWarmup, runs: annual, stats: annualStats, pass: verdicts.annual },
    ratio: { results: ratios, pass: verdicts.ratio },
    concurrent: {
      requested: CONCURRENT,
      done: burst.done,
      wallMs: round(burst.wallMs),
      perReportMs: summarize(burst.reports.map((t) => t.ms)),
      workMs: round(burstWork),
      workerConcurrency: concurrency,
      busyShare: round(burstWork / (concurrency * burst.wallMs)),
      pass: verdicts.concurrent,
    },
    memory: { idleAfterWarmRuns: idle, peak },
    composition: parts,
    stages,
    issueTargets: {
      ...ISSUE_TARGETS,
      monthly: monthlyStats.median <= ISSUE_TARGETS.monthlyMs,
      annual: annualStats.median <= ISSUE_TARGETS.annualMs,
    },
    pass: Object.values(verdicts).every(Boolean),
    method: METHOD(monthlyRuns, annualRuns, ratioRuns),
  };

  const verdict = (pass: boolean): string => (pass ? 'pass' : '**FAIL**');
  const ms = (value: number): string => `${Math.round(value)} ms`;
  const env = report.environment;
  const busy = (loadAtStart[0] ?? 0) > cpuList.length / 2;
  const markdown = [
    '# Benchmark: publications (reports)',
    '',
    `Run ${report.date} (${report.durationSeconds} s) — Node ${env.node}, PostgreSQL ${env.postgres}, PostGIS ${env.postgis}, Chromium ${executablePath}, ${env.cpu.count} × ${env.cpu.model}, ${env.memoryGb} GB RAM.`,
    `Data: ${Object.entries(context.db.rows)
      .map(([table, count]) => `${count.toLocaleString('en')} ${table}`)
      .join(', ')} (database \`${report.database.url}\`).`,
    `Load average (1, 5, 15 min): ${env.loadAverage.atStart.join(' ')} at the start, ${env.loadAverage.atEnd.join(' ')} at the end${
      busy ? ' — **the machine was busy with other work: the figures are inflated and noisy**' : ''
    }.`,
    `Overall: **${report.pass ? 'all targets met' : 'target(s) missed'}**.`,
    ...(context.build.warning ? ['', `**Warning:** ${context.build.warning}.`] : []),
    '',
    '| measurement | result | target | verdict |',
    '|---|---:|---|---|',
    `| (a) first monthly note after start | ${ms(first.ms)} | < ${TARGETS.firstMs} ms | ${verdict(verdicts.first)} |`,
    `| (b) monthly note, warm, median of ${monthly.length} | ${ms(monthlyStats.median)} (min ${ms(monthlyStats.min)}, max ${ms(monthlyStats.max)}) | < ${TARGETS.monthlyMs} ms | ${verdict(verdicts.monthly)} |`,
    `| (c) annual report, warm, median of ${annual.length} | ${ms(annualStats.median)} (min ${ms(annualStats.min)}, max ${ms(annualStats.max)}) | < ${TARGETS.annualMs} ms | ${verdict(verdicts.annual)} |`,
    ...ratios.map(
      (r) =>
        `| (d) render / bare \`page.pdf()\`, ${r.kind} | ${r.ratio} (${ms(r.ours.median)} / ${ms(r.bare.median)}) | < ${TARGETS.ratio} | ${verdict(r.pass)} |`,
    ),
    `| (e) ${CONCURRENT} monthly notes at once | ${burst.done}/${CONCURRENT} done in ${ms(burst.wallMs)} | all done | ${verdict(verdicts.concurrent)} |`,
    `| issue 16: monthly note, warm (b) | ${ms(monthlyStats.median)} | ≤ ${ISSUE_TARGETS.monthlyMs} ms | ${verdict(report.issueTargets.monthly)} |`,
    `| issue 16: annual report, warm (c) | ${ms(annualStats.median)} | ≤ ${ISSUE_TARGETS.annualMs} ms | ${verdict(report.issueTargets.annual)} |`,
    '',
    '(The issue 16 rows are shown beside the benchmark’s own targets; “Overall” is on the latter.)',
    '',
    `Peak memory of the API process and its Chromium (${peak.processes} processes at most), over the whole run: **RSS sum ${peak.rssSumMb} MB**, PSS sum ${peak.pssSumMb} MB; the Node process’s VmHWM ${peak.nodeHwmMb} MB. Before the ${CONCURRENT} concurrent notes: Node RSS ${idle.nodeRssMb} MB, tree RSS sum ${idle.treeRssMb} MB.`,
    '',
    '## Where the time goes',
    '',
    'Client-side moments (ms after the request) at which the polls first saw the job taken / composed (progress ≥ 30) / printed (progress ≥ 90) / done; server-side queue wait (createdAt → startedAt) and work (startedAt → finishedAt).',
    '',
    '| report | taken / composed / printed / done (ms) | server queue | server work | pages |',
    '|---|---|---:|---:|---:|',
    `| (a) first monthly note | ${phases(first)} | ${ms(first.server.queueMs)} | ${ms(first.server.workMs)} | ${first.pageCount} |`,
    ...monthly.map(
      (t, i) =>
        `| (b) monthly note ${i + 1} | ${phases(t)} | ${ms(t.server.queueMs)} | ${ms(t.server.workMs)} | ${t.pageCount} |`,
    ),
    `| (c) annual report, untimed | ${phases(annualWarmup)} | ${ms(annualWarmup.server.queueMs)} | ${ms(annualWarmup.server.workMs)} | ${annualWarmup.pageCount} |`,
    ...annual.map(
      (t, i) =>
        `| (c) annual report ${i + 1} | ${phases(t)} | ${ms(t.server.queueMs)} | ${ms(t.server.workMs)} | ${t.pageCount} |`,
    ),
    ...burst.reports.map(
      (t, i) =>
        `| (e) concurrent note ${i + 1} | ${phases(t)} | ${ms(t.server.queueMs)} | ${ms(t.server.workMs)} | ${t.pageCount} |`,
    ),
    '',
    `Composition alone, warm, median of 5 (\`GET /api/reports/preview\`: statistics, charts, map and template, no PDF): monthly note ${ms(parts['monthly-note'].preview.median)}, annual report ${ms(parts['annual-report'].preview.median)}. One \`GET /api/stats/summary\` of the same period: ${ms(parts['monthly-note'].summary.median)} (month), ${ms(parts['annual-report'].summary.median)} (year).`,
    '',
    `(e): the ${CONCURRENT} jobs worked ${ms(burstWork)} in all; with ${concurrency} at a time the worker was busy ${Math.round((100 * burstWork) / (concurrency * burst.wallMs))} % of the ${ms(burst.wallMs)} (the rest: slots idle while jobs were queued, see “server queue”).`,
    '',
    '## Per stage, in process (f)',
    '',
    `Median of ${STAGE_RUNS} warm runs, ms (max in brackets). The figures’ queries run side by side: their sum exceeds “all queries (wall)”.`,
    '',
    `| stage | ${stages.map((s) => `${s.kind} (${s.pages} pages)`).join(' | ')} |`,
    `|---|${stages.map(() => '---:').join('|')}|`,
    ...[...new Set(stages.flatMap((s) => s.stages.map((entry) => entry.stage)))].map((stage) => {
      const cells = stages.map((s) => {
        const entry = s.stages.find((candidate) => candidate.stage === stage);
        return entry ? `${Math.round(entry.median)} (${Math.round(entry.max)})` : '–';
      });
      return `| ${stage} | ${cells.join(' | ')} |`;
    }),
    `| **composition (wall)** | ${stages.map((s) => `**${Math.round(s.compose.median)}**`).join(' | ')} |`,
    `| **print (wall)** | ${stages.map((s) => `**${Math.round(s.render.median)}**`).join(' | ')} |`,
    `| **total** | ${stages.map((s) => `**${Math.round(s.total.median)}**`).join(' | ')} |`,
    '',
    '## Renderer against a bare print (d)',
    '',
    '| document | HTML | pages | ours median (p95) | bare median (p95) | bare, fresh context, median | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...ratios.map(
      (r) =>
        `| ${r.kind} | ${Math.round(r.htmlBytes / 1024)} kB | ${r.pages} | ${ms(r.ours.median)} (${ms(r.ours.p95)}) | ${ms(r.bare.median)} (${ms(r.bare.p95)}) | ${ms(r.bareFreshContext.median)} | ${r.ratio} |`,
    ),
    '',
    '## Method',
    '',
    ...report.method.map((line) => `- ${line}`),
    '',
  ].join('\n');

  mkdirSync(context.resultsDirectory, { recursive: true });
  const jsonFile = join(context.resultsDirectory, 'reports.json');
  const markdownFile = join(context.resultsDirectory, 'reports.md');
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownFile, markdown);
  log(
    `reports: ${report.pass ? 'all targets met' : 'target(s) missed'}; results in ${markdownFile}, ${jsonFile}`,
  );
  return { pass: report.pass, files: [jsonFile, markdownFile] };
}
