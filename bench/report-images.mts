/**
 * `npm run docs:report-images`: the page images of docs/reports.md. Sets up the scratch database
 * `vigie_report_images` with the demo data set (reset each run), starts the compiled API on it,
 * generates a French monthly note (last complete month) and annual report (the observatories' year
 * ending with that month) through `POST /api/reports`, and renders selected pages with
 * `pdftoppm -png -r 60` into docs/images/. Run it after changing a template.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase, ensurePostgisInstalled, ensurePostgres, redactUrl } from '../db/provision/index.mts';
import { ensureApiBuilt, loadCompiledApp } from './lib/compiled.mts';
import { BENCH_ACCOUNT } from './lib/database.mts';
import { authHeaders } from './lib/http.mts';
import { startApi } from './lib/server.mts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const IMAGES = join(ROOT, 'docs/images');
const DATABASE = 'vigie_report_images';
const log = (message: string): void => console.log(`[report-images] ${message}`);

/**
 * The pages that become images, `docs/images/<kind>-<name>.png`: a page number, or the first page
 * after the table of contents whose text contains `find` (so a template change that moves a section
 * still shows that section).
 */
const PAGES = {
  'monthly-note': [
    { name: 'figures', page: 1 },
    { name: 'map', find: 'Carte des expulsions' },
    { name: 'tables', find: 'Incidents visant les personnes' },
  ],
  'annual-report': [
    { name: 'cover', page: 1 },
    { name: 'figures', find: 'Chiffres clés' },
    { name: 'months', find: 'Évolution mois par mois' },
    { name: 'map', find: 'Carte des expulsions' },
    { name: 'areas', find: 'Par zone' },
  ],
} as const satisfies Record<string, readonly ({ name: string } & ({ page: number } | { find: string }))[]>;
type Kind = keyof typeof PAGES;

const iso = (date: Date): string => date.toISOString().slice(0, 10);

/** The last complete calendar month before today, and the 1 November – 31 October year ending with it. */
function periods(today = new Date()): Record<Kind, { from: string; to: string }> {
  const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const monthEnd = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  const yearStart = new Date(Date.UTC(monthEnd.getUTCFullYear() - 1, monthEnd.getUTCMonth() + 1, 1));
  return {
    'monthly-note': { from: iso(monthStart), to: iso(monthEnd) },
    'annual-report': { from: iso(yearStart), to: iso(monthEnd) },
  };
}

async function generate(
  baseUrl: string,
  headers: Record<string, string>,
  kind: Kind,
  period: { from: string; to: string },
): Promise<Buffer> {
  const created = await fetch(`${baseUrl}/api/reports`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ kind, ...period, lang: 'fr' }),
  });
  const { id } = (await created.json()) as { id: string };
  if (created.status !== 202) throw new Error(`POST /api/reports (${kind}): HTTP ${created.status}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${baseUrl}/api/reports/${id}`, { headers });
    const report = (await response.json()) as { status: string; error: string | null };
    if (report.status === 'done') break;
    if (report.status === 'failed') throw new Error(`${kind} failed: ${report.error}`);
    if (Date.now() > deadline) throw new Error(`${kind} still ${report.status} after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pdf = await fetch(`${baseUrl}/api/reports/${id}/pdf`, { headers });
  if (pdf.status !== 200) throw new Error(`GET /api/reports/${id}/pdf: HTTP ${pdf.status}`);
  return Buffer.from(await pdf.arrayBuffer());
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.error}`);
  return result.stdout;
}

async function main(): Promise<void> {
  const build = ensureApiBuilt(ROOT, log);
  const app = loadCompiledApp(ROOT);
  const { adminUrl, source } = await ensurePostgres({ projectRoot: ROOT, log });
  if (source !== 'env') await ensurePostgisInstalled(adminUrl, log);
  const url = await ensureDatabase(adminUrl, DATABASE);
  log(`database ${redactUrl(url)}: reset with the demo data set…`);
  process.env.VIGIE_DEMO_DATA = 'true';
  process.env.VIGIE_ADMIN_EMAIL = BENCH_ACCOUNT.email;
  process.env.VIGIE_ADMIN_PASSWORD = BENCH_ACCOUNT.password;
  await app.runCommand('reset', [], url, log);

  const work = mkdtempSync(join(tmpdir(), 'vigie-report-images-'));
  const api = await startApi({
    entry: app.apiEntry,
    cwd: ROOT,
    databaseUrl: url,
    env: { VIGIE_DEMO_DATA: 'true', VIGIE_DATA_DIR: join(work, 'files') },
  });
  const pdfs: Partial<Record<Kind, string>> = {};
  try {
    const headers = await authHeaders(api.baseUrl, '/api/reports', BENCH_ACCOUNT);
    for (const [kind, period] of Object.entries(periods()) as [Kind, { from: string; to: string }][]) {
      log(`${kind} ${period.from} – ${period.to} (fr)…`);
      const file = join(work, `${kind}.pdf`);
      writeFileSync(file, await generate(api.baseUrl, headers, kind, period));
      pdfs[kind] = file;
    }
  } finally {
    await api.stop();
  }

  mkdirSync(IMAGES, { recursive: true });
  for (const name of readdirSync(IMAGES)) {
    if (/^(monthly-note|annual-report)-[a-z0-9-]+\.png$/.test(name)) unlinkSync(join(IMAGES, name));
  }
  let total = 0;
  for (const kind of Object.keys(PAGES) as Kind[]) {
    const pdf = pdfs[kind] as string;
    const pageCount = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))?.[1] ?? 0);
    const texts = Array.from({ length: pageCount }, (_, i) =>
      run('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdf, '-']),
    );
    const contents = texts.findIndex((text) => text.includes('Sommaire'));
    for (const selection of PAGES[kind]) {
      const page =
        'page' in selection
          ? selection.page
          : texts.findIndex((text, i) => i > contents && text.includes(selection.find)) + 1;
      if (page < 1 || page > pageCount) {
        log(`WARNING: ${kind}: no page for "${selection.name}" (${pageCount} pages).`);
        continue;
      }
      const prefix = join(IMAGES, `${kind}-${selection.name}`);
      run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        String(page),
        '-l',
        String(page),
        '-singlefile',
        pdf,
        prefix,
      ]);
      const size = statSync(`${prefix}.png`).size;
      total += size;
      log(
        `docs/images/${kind}-${selection.name}.png: page ${page} of ${pageCount} (${Math.round(size / 1024)} kB)`,
      );
    }
  }
  if (process.env.KEEP_PDFS === '1') log(`PDFs kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
  log(`total ${Math.round(total / 1024)} kB${build.warning ? ` (warning: ${build.warning})` : ''}.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[report-images] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
