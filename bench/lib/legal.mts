/**
 * The legal side at the size of a busy observatory: the « Échéances » query (`GET /api/deadlines`)
 * across 2,000 cases holding 20,000 deadlines, through HTTP and as the same SQL in psql, and a case
 * dossier of 60 exhibits (with their custody) from `POST /api/reports` to the PDF. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { machine } from './report.mts';
import { join } from 'node:path';
import {
  ensureDatabase,
  ensurePostgisInstalled,
  ensurePostgres,
  redactUrl,
} from '../../db/provision/index.mts';
import type { BuildOutcome, CompiledApp, ParsedListQuery, RawQuery } from './compiled.mts';
import { BENCH_ACCOUNT, withClient } from './database.mts';
import { authHeaders, timedGet } from './http.mts';
import { type SqlQuery, timeInPsql } from './psql.mts';
import { type RunningApi, startApi } from './server.mts';
import { round, type Stats, summarize } from './stats.mts';
import { intFromEnv } from './env.mts';

export interface LegalContext {
  root: string;
  resultsDirectory: string;
  app: CompiledApp;
  build: BuildOutcome;
  log: (message: string) => void;
}

const DATABASE = 'vigie_bench_legal';
const CASES = 2_000;
const DEADLINES_PER_CASE = 10;
const EXHIBITS = 60;
const TARGETS = { deadlinesP95Ms: 20, dossierMs: 10_000 } as const;
const POLL_MS = 25;

/** The compiled SQL of the deadlines list, as `LegalDeadlinesService.listAll` builds it. */
interface DeadlinesSql {
  page(query: RawQuery): { main: SqlQuery; count: SqlQuery };
}

function loadDeadlinesSql(root: string): DeadlinesSql {
  const requireCompiled = createRequire(join(root, 'package.json'));
  const load = (path: string): unknown => requireCompiled(join(root, path));
  const parse = load('dist/apps/api/src/common/list-query/parse-list-query.js') as {
    parseListQuery(query: RawQuery, spec: unknown): ParsedListQuery;
    withCondition(query: ParsedListQuery, condition: string): ParsedListQuery;
  };
  const listSql = load('dist/apps/api/src/common/list-sql.js') as {
    pageSql(source: { from: string; record: string }, query: ParsedListQuery): SqlQuery;
    countSql(from: string, query: ParsedListQuery): SqlQuery;
  };
  const sql = load('dist/apps/api/src/legal/deadlines/legal-deadlines.sql.js') as {
    DEADLINES_FROM: string;
    DEADLINE_JSON: string;
    DEADLINE_LIST_SPEC: unknown;
  };
  return {
    page(query) {
      const parsed = parse.withCondition(
        parse.parseListQuery(query, sql.DEADLINE_LIST_SPEC),
        'lc.deleted_at IS NULL',
      );
      return {
        main: listSql.pageSql({ from: sql.DEADLINES_FROM, record: sql.DEADLINE_JSON }, parsed),
        count: listSql.countSql(sql.DEADLINES_FROM, parsed),
      };
    },
  };
}

/**
 * 2,000 cases (1 in 20 deleted) and 10 deadlines each, due from 18 months ago to 18 months ahead,
 * 40 % still open, the others done or cancelled; written in SQL in a few seconds.
 */
async function seedCases(url: string): Promise<{ cases: number; deadlines: number; open: number }> {
  return withClient(url, async (client) => {
    const [admin] = (
      await client.query<{ id: string }>(`SELECT id FROM users WHERE lower(email) = lower($1)`, [
        BENCH_ACCOUNT.email,
      ])
    ).rows;
    await client.query(
      `INSERT INTO legal_cases (reference, title, procedure, forum, status, summary, created_by, updated_by, deleted_at)
       SELECT 'BENCH-' || lpad(g::text, 5, '0'), 'Affaire de banc d''essai n° ' || g,
              (ARRAY['refere_liberte','recours_annulation','criminal_complaint','defenseur_droits','fine_contest'])[1 + g % 5],
              (ARRAY['ta_lille','ta_lille','parquet_boulogne','defenseur_droits','tribunal_police'])[1 + g % 5],
              (ARRAY['filed','pending','decided','closed','preparing'])[1 + g % 5],
              'Résumé ' || g, $1, $1, CASE WHEN g % 20 = 0 THEN now() END
         FROM generate_series(1, $2) AS g`,
      [admin!.id, CASES],
    );
    await client.query(
      `INSERT INTO legal_deadlines (case_id, title, due_on, status, closed_at, closed_by, created_by, updated_by)
       SELECT c.id, 'Échéance ' || k || ' de ' || c.reference,
              current_date + (((c.n * 37 + k * 101) % 1095) - 547)::int,
              s.status, CASE WHEN s.status = 'open' THEN NULL ELSE now() END,
              CASE WHEN s.status = 'open' THEN NULL ELSE $1::uuid END, $1, $1
         FROM (SELECT id, reference, row_number() OVER (ORDER BY reference) AS n FROM legal_cases) AS c
        CROSS JOIN generate_series(1, $2) AS k
        CROSS JOIN LATERAL (SELECT CASE WHEN (c.n + k) % 5 < 2 THEN 'open'
                                        WHEN (c.n + k) % 5 < 4 THEN 'done' ELSE 'cancelled' END AS status) AS s`,
      [admin!.id, DEADLINES_PER_CASE],
    );
    await client.query('VACUUM ANALYZE legal_cases, legal_deadlines');
    const counts = await client.query<{ cases: number; deadlines: number; open: number }>(
      `SELECT (SELECT count(*)::int FROM legal_cases) AS cases, (SELECT count(*)::int FROM legal_deadlines) AS deadlines,
              (SELECT count(*)::int FROM legal_deadlines WHERE status = 'open') AS open`,
    );
    return counts.rows[0]!;
  });
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The Monday on or before `date` (UTC calendar arithmetic on a local date). */
function mondayOnOrBefore(date: Date): Date {
  return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
}

/**
 * The requests of the « Échéances » page: its list (the next open deadlines), what it highlights,
 * and its month calendar as the console asks for it (the open deadlines of the weeks the grid shows).
 */
function deadlineRequests(): { name: string; title: string; queries: RawQuery[]; target: boolean }[] {
  const today = new Date();
  const grids = Array.from({ length: 12 }, (_, i) => {
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + i - 3, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    const start = mondayOnOrBefore(first);
    const end = new Date(mondayOnOrBefore(last).getTime() + 6 * 86_400_000);
    return { dueAt_gte: isoDate(start), dueAt_lte: isoDate(end) };
  });
  return [
    {
      name: 'deadlines-page',
      title: 'the next 25 open deadlines of every case, soonest first (the list of « Échéances »)',
      queries: [{ status: 'open', _sort: 'dueAt', _order: 'ASC', _start: '0', _end: '25' }],
      target: true,
    },
    {
      name: 'deadlines-week',
      title: 'open deadlines overdue or due within 7 days (what the page highlights)',
      queries: [
        {
          status: 'open',
          dueAt_lte: isoDate(new Date(Date.now() + 7 * 86_400_000)),
          _start: '0',
          _end: '100',
        },
      ],
      target: true,
    },
    {
      name: 'deadlines-month',
      title: 'the open deadlines of the weeks a month grid shows (the calendar), 12 months in turn',
      queries: grids.map((grid) => ({
        status: 'open',
        ...grid,
        _sort: 'dueAt',
        _order: 'ASC',
        _start: '0',
        _end: '1000',
      })),
      // The target is the « Échéances » query, its list; the calendar of a busy month is shown beside it.
      target: false,
    },
  ];
}

interface DeadlineScenario {
  name: string;
  title: string;
  api: Stats;
  sql: Stats;
  ratio: number;
  rows: number;
  total: number;
  /** Whether the target applies (the list and its highlights) and, if so, is met. */
  target: boolean;
  pass: boolean;
}

async function measureDeadlines(
  api: RunningApi,
  url: string,
  headers: Record<string, string>,
  sql: DeadlinesSql,
  iterations: number,
  warmup: number,
  log: (message: string) => void,
): Promise<DeadlineScenario[]> {
  const results: DeadlineScenario[] = [];
  const scenarios = deadlineRequests();
  const pathOf = (scenario: (typeof scenarios)[number], i: number) =>
    `/api/deadlines?${new URLSearchParams(scenario.queries[i % scenario.queries.length]).toString()}`;
  // A server that has just started compiles its paths as they come: warm every one first, as the
  // long-running server users reach is.
  for (const scenario of scenarios) {
    for (let i = 0; i < warmup; i++) await timedGet(`${api.baseUrl}${pathOf(scenario, i)}`, headers);
  }
  for (const scenario of scenarios) {
    const path = (i: number) => pathOf(scenario, i);
    let rows = 0;
    let total = 0;
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const response = await timedGet(`${api.baseUrl}${path(i)}`, headers);
      if (response.status !== 200)
        throw new Error(`${path(i)}: HTTP ${response.status} ${response.body.toString()}`);
      rows = (JSON.parse(response.body.toString('utf8')) as unknown[]).length;
      total = Number(response.totalCount);
      samples.push(response.ms);
    }
    const main = 'bench_deadlines_main';
    const count = 'bench_deadlines_count';
    const built = scenario.queries.map((query) => sql.page(query));
    const times = await timeInPsql(
      url,
      [
        { name: main, text: built[0]!.main.text },
        { name: count, text: built[0]!.count.text },
      ],
      Array.from({ length: iterations }, (_, i) => {
        const statement = built[i % built.length]!;
        return { [main]: statement.main.values, [count]: statement.count.values };
      }),
      warmup,
    );
    const apiStats = summarize(samples);
    const sqlStats = summarize((times[main] ?? []).map((ms, i) => ms + (times[count]?.[i] ?? 0)));
    const ratio = round(apiStats.median / sqlStats.median);
    log(
      `legal: ${scenario.name}: API p95 ${apiStats.p95} ms (median ${apiStats.median}), SQL p95 ${sqlStats.p95} ms, ratio ${ratio}; ${rows} rows of ${total}`,
    );
    results.push({
      name: scenario.name,
      title: scenario.title,
      api: apiStats,
      sql: sqlStats,
      ratio,
      rows,
      total,
      target: scenario.target,
      pass: !scenario.target || apiStats.p95 < TARGETS.deadlinesP95Ms,
    });
  }
  return results;
}

async function call<T>(
  api: RunningApi,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers:
      body === undefined || body instanceof FormData
        ? headers
        : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return (text === '' ? null : JSON.parse(text)) as T;
}

/**
 * A case as a lawyer would have it after a year: 10 events, 5 deadlines, an act with a perimeter,
 * 20 linked observations, and 60 exhibits (small PDFs of distinct bytes, each downloaded once, so
 * that its custody has an upload and a download).
 */
async function buildDossierCase(api: RunningApi, headers: Record<string, string>): Promise<string> {
  const legalCase = await call<{ id: string }>(api, headers, 'POST', '/api/legal-cases', {
    reference: `BENCH-DOSSIER-${Date.now()}`,
    title: 'Référé-liberté contre les expulsions du campement (banc d’essai)',
    procedure: 'refere_liberte',
    forum: 'ta_lille',
    status: 'pending',
    summary: 'Expulsions répétées, saisies de tentes et de sacs de couchage.',
    publicSummary: 'Un référé contre les expulsions répétées.',
    challengedAct: {
      reference: 'n° 2026-01',
      authority: 'Préfet du Pas-de-Calais',
      publishedOn: '2026-01-05',
      validFrom: '2026-01-06',
      validTo: '2026-06-30',
      perimeter: {
        type: 'Polygon',
        coordinates: [
          [
            [1.848, 50.945],
            [1.868, 50.945],
            [1.868, 50.958],
            [1.848, 50.958],
            [1.848, 50.945],
          ],
        ],
      },
    },
  });
  const caseId = legalCase.id;
  for (let i = 0; i < 10; i++) {
    await call(api, headers, 'POST', `/api/legal-cases/${caseId}/events`, {
      kind: i % 3 === 0 ? 'hearing' : 'submission',
      date: `2026-0${1 + (i % 6)}-1${i % 10}`,
      title: `Étape ${i + 1} de la procédure`,
      details: 'Mémoire complémentaire et pièces nouvelles.',
    });
  }
  for (let i = 0; i < 5; i++) {
    await call(api, headers, 'POST', `/api/legal-cases/${caseId}/deadlines`, {
      title: `Échéance ${i + 1}`,
      dueAt: `2026-0${2 + i}-15`,
    });
  }
  const observations: string[] = [];
  for (let i = 0; i < 20; i++) {
    const observation = await call<{ id: string }>(api, headers, 'POST', '/api/observations', {
      kind: 'eviction',
      startedAt: `2026-02-${String(1 + i).padStart(2, '0')}T07:30:00+01:00`,
      location: { type: 'Point', coordinates: [1.855 + i * 0.0005, 50.95] },
      arrests: i % 3,
      forces: [{ unit: 'crs', vehicles: 4 }],
      seizures: [{ item: 'tent', quantity: 10 + i, destroyed: true }],
    });
    observations.push(observation.id);
  }
  const exhibits: string[] = [];
  for (let i = 0; i < EXHIBITS; i++) {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(40_000)]);
    const form = new FormData();
    form.set('observationId', observations[i % observations.length]!);
    form.set('consent', JSON.stringify({ litigation: true }));
    form.set('file', new Blob([bytes], { type: 'application/pdf' }), `piece-${i + 1}.pdf`);
    const attachment = await call<{ id: string }>(api, headers, 'POST', '/api/attachments', form);
    exhibits.push(attachment.id);
    const download = await fetch(`${api.baseUrl}/api/attachments/${attachment.id}/content`, { headers });
    await download.arrayBuffer();
  }
  await call(api, headers, 'POST', `/api/legal-cases/${caseId}/evidence/batch`, {
    items: observations.map((observationId) => ({ observationId })),
  });
  await call(api, headers, 'POST', `/api/legal-cases/${caseId}/evidence/batch`, {
    items: exhibits.map((attachmentId) => ({ attachmentId })),
  });
  return caseId;
}

interface DossierRun {
  ms: number;
  pageCount: number;
}

async function timeDossier(
  api: RunningApi,
  headers: Record<string, string>,
  caseId: string,
): Promise<DossierRun> {
  const started = performance.now();
  const queued = await call<{ id: string }>(api, headers, 'POST', '/api/reports', {
    kind: 'case-dossier',
    caseId,
    lang: 'fr',
  });
  for (;;) {
    const report = await call<{ status: string; error: string | null; pageCount: number | null }>(
      api,
      headers,
      'GET',
      `/api/reports/${queued.id}`,
    );
    if (report.status === 'done')
      return { ms: performance.now() - started, pageCount: report.pageCount ?? 0 };
    if (report.status === 'failed') throw new Error(`case dossier failed: ${report.error}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const METHOD = [
  `Database: its own, \`${DATABASE}\`, reset each run, with the reference data and ${CASES} cases (1 in 20 soft-deleted) holding ${DEADLINES_PER_CASE} deadlines each, due from 18 months ago to 18 months ahead, 40 % open, written in SQL, then VACUUM ANALYZE.`,
  'API: the compiled server (`dist/apps/api/src/main.js`) in a child process with production flags and `LOG_LEVEL=warn`, signed in as the benchmark admin (the route admin and legal use); sequential requests with Node’s fetch (keep-alive), timed to the last byte of the body; every scenario warmed up (50 requests each) before any is timed, since a server just started compiles each path on its first calls.',
  'SQL: the statements `LegalDeadlinesService.listAll` runs (page and count, built by the compiled `parseListQuery` and `list-sql`), prepared once in one psql session and executed with the same values; SQL time = page + count (the API runs them in parallel).',
  `Case dossier: one case with 10 events, 5 deadlines, a challenged act with a perimeter, 20 linked observations and ${EXHIBITS} exhibits (40 kB PDFs of distinct bytes, each uploaded and downloaded once: custody of two events each). Time from \`POST /api/reports\` to \`GET /api/reports/:id\` saying done (polled every ${POLL_MS} ms): composition from PostgreSQL, Handlebars, Chromium printing, storing the PDF. The first run includes Chromium's launch.`,
];

export async function runLegal(context: LegalContext): Promise<{ pass: boolean; files: string[] }> {
  const { log } = context;
  const startedAt = new Date();
  const iterations = intFromEnv('BENCH_ITERATIONS', 200);
  const warmup = intFromEnv('BENCH_WARMUP', 50);
  const dossierRuns = intFromEnv('BENCH_DOSSIER_RUNS', 3);

  const explicit = process.env.BENCH_LEGAL_DATABASE_URL;
  let url = explicit ?? '';
  if (!explicit) {
    const { adminUrl, source } = await ensurePostgres({ projectRoot: context.root, log });
    if (source !== 'env') await ensurePostgisInstalled(adminUrl, log);
    url = await ensureDatabase(adminUrl, DATABASE);
  }
  log(`legal: database ${redactUrl(url)}; migrating and seeding the reference data…`);
  process.env.VIGIE_DEMO_DATA = 'false';
  process.env.VIGIE_ADMIN_EMAIL = BENCH_ACCOUNT.email;
  process.env.VIGIE_ADMIN_PASSWORD = BENCH_ACCOUNT.password;
  await context.app.runCommand('reset', [], url, log);
  const seedStarted = performance.now();
  const rows = await seedCases(url);
  log(
    `legal: ${rows.cases} cases, ${rows.deadlines} deadlines (${rows.open} open) in ${round((performance.now() - seedStarted) / 1000)} s.`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-legal-'));
  const api = await startApi({
    entry: context.app.apiEntry,
    cwd: context.root,
    databaseUrl: url,
    env: { VIGIE_DATA_DIR: dataDir },
  });
  let deadlines: DeadlineScenario[];
  const dossiers: DossierRun[] = [];
  try {
    const headers = await authHeaders(api.baseUrl, '/api/deadlines', BENCH_ACCOUNT);
    deadlines = await measureDeadlines(
      api,
      url,
      headers,
      loadDeadlinesSql(context.root),
      iterations,
      warmup,
      log,
    );
    log(`legal: building a case with ${EXHIBITS} exhibits…`);
    const caseId = await buildDossierCase(api, headers);
    for (let i = 0; i < dossierRuns + 1; i++) {
      const run = await timeDossier(api, headers, caseId);
      log(
        `legal: case dossier ${i === 0 ? '(first, Chromium starting)' : i}: ${round(run.ms)} ms, ${run.pageCount} pages`,
      );
      dossiers.push(run);
    }
  } catch (error) {
    const output = api.output().trim().split('\n').slice(-30).join('\n');
    if (output !== '') log(`API output before the failure:\n${output}`);
    throw error;
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const warm = summarize(dossiers.slice(1).map((run) => run.ms));
  const dossierPass = dossiers.every((run) => run.ms < TARGETS.dossierMs);
  const report = {
    benchmark: 'legal',
    date: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    environment: {
      node: process.version,
      ...machine(),
      loadAverage: loadavg().map((value) => round(value)),
    },
    build: context.build,
    data: rows,
    deadlines,
    dossier: {
      exhibits: EXHIBITS,
      firstMs: round(dossiers[0]!.ms),
      warm,
      pageCount: dossiers[0]!.pageCount,
      runsMs: dossiers.map((run) => round(run.ms)),
      pass: dossierPass,
    },
    targets: TARGETS,
    pass: deadlines.every((scenario) => scenario.pass) && dossierPass,
    method: METHOD,
  };
  mkdirSync(context.resultsDirectory, { recursive: true });
  const json = join(context.resultsDirectory, 'legal.json');
  const markdown = join(context.resultsDirectory, 'legal.md');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    markdown,
    [
      '# Benchmark: deadlines and case dossiers',
      '',
      `Run ${report.date} on ${report.environment.cpu.count} × ${report.environment.cpu.model}, ${report.environment.memoryGb} GB, Node ${report.environment.node}. Load average at the end: ${report.environment.loadAverage.join(' ')}. ${rows.cases} cases, ${rows.deadlines} deadlines (${rows.open} open).`,
      '',
      `## « Échéances »: \`GET /api/deadlines\` (target p95 < ${TARGETS.deadlinesP95Ms} ms)`,
      '',
      '| scenario | what | rows / total | API median | API p95 | SQL median | SQL p95 | API / SQL | verdict |',
      '|---|---|---:|---:|---:|---:|---:|---:|---|',
      ...deadlines.map(
        (s) =>
          `| ${s.name} | ${s.title} | ${s.rows} / ${s.total} | ${s.api.median} ms | ${s.api.p95} ms | ${s.sql.median} ms | ${s.sql.p95} ms | ${s.ratio} | ${!s.target ? 'for information' : s.pass ? 'pass' : '**FAIL**'} |`,
      ),
      '',
      `## Case dossier of ${EXHIBITS} exhibits (target < ${TARGETS.dossierMs / 1000} s)`,
      '',
      `First (Chromium starting): ${report.dossier.firstMs} ms; then median ${warm.median} ms, max ${warm.max} ms over ${warm.n} runs; ${report.dossier.pageCount} pages. Verdict: ${dossierPass ? 'pass' : '**FAIL**'}.`,
      '',
      '## Method',
      '',
      ...METHOD.map((line) => `- ${line}`),
      '',
    ].join('\n'),
  );
  log(`legal: results in ${markdown}, ${json}`);
  return { pass: report.pass, files: [json, markdown] };
}
