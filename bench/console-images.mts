/**
 * `node bench/console-images.mts`: the console images of docs/, `docs/images/legal-*.png`. Sets up
 * the scratch database `vigie_console_images` with the demo data set (reset each run; it holds a
 * few fictitious legal cases dated from the day it is loaded, so that their deadlines are overdue,
 * due this week or later), builds the console when a source is newer, starts the compiled API on
 * it, signs in in the system Chromium and saves the « Échéances » page (list and calendar) and a
 * case's page. Run it after changing those pages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Page } from 'puppeteer-core';
import {
  chromiumExecutablePath,
  ensureDatabase,
  ensurePostgisInstalled,
  ensurePostgres,
  redactUrl,
} from '../db/provision/index.mts';
import { ensureApiBuilt, loadCompiledApp } from './lib/compiled.mts';
import { BENCH_ACCOUNT } from './lib/database.mts';
import { startApi } from './lib/server.mts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const IMAGES = join(ROOT, 'docs/images');
const CONSOLE = join(ROOT, 'dist/console');
const DATABASE = 'vigie_console_images';
const VIEWPORT = { width: 1280, height: 900 };
const log = (message: string): void => console.log(`[console-images] ${message}`);

/** A demo case with a challenged act, its perimeter, evidence and deadlines (db/seeds/demo-legal.ts). */
const CASE_REFERENCE = 'DEMO-2026-002';

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/** Builds the console as `npm start` does, unless the build is newer than every source. */
function ensureConsoleBuilt(): void {
  const sources = ['apps/console', 'libs/domain/src', 'package-lock.json'].map((path) => join(ROOT, path));
  if (newest(join(CONSOLE, 'index.html')) >= Math.max(...sources.map(newest))) return;
  log('building the console…');
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  if (result.status !== 0) throw new Error('vite build failed');
}

async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`, { waitUntil: 'domcontentloaded' });
  await page.locator('input[name="email"]').fill(BENCH_ACCOUNT.email);
  await page.locator('input[name="password"]').fill(BENCH_ACCOUNT.password);
  await page.locator('::-p-aria([name="Se connecter"][role="button"])').click();
  await page.waitForFunction(() => !globalThis.location.hash.startsWith('#/login'), { timeout: 30_000 });
}

/** Waits until nothing moves: no request in flight, no progress bar, maps' tiles and outlines drawn. */
async function settle(page: Page): Promise<void> {
  await page.waitForNetworkIdle({ idleTime: 500, timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[role="progressbar"]') === null, {
    timeout: 30_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
}

async function save(page: Page, name: string, fullPage = false): Promise<number> {
  const path = join(IMAGES, `legal-${name}.png`);
  await page.screenshot({ path, fullPage });
  const size = statSync(path).size;
  log(`docs/images/legal-${name}.png (${Math.round(size / 1024)} kB)`);
  return size;
}

async function main(): Promise<void> {
  const build = ensureApiBuilt(ROOT, log);
  ensureConsoleBuilt();
  const app = loadCompiledApp(ROOT);
  const { adminUrl, source } = await ensurePostgres({ projectRoot: ROOT, log });
  if (source !== 'env') await ensurePostgisInstalled(adminUrl, log);
  const url = await ensureDatabase(adminUrl, DATABASE);
  log(`database ${redactUrl(url)}: reset with the demo data set…`);
  process.env.VIGIE_DEMO_DATA = 'true';
  process.env.VIGIE_ADMIN_EMAIL = BENCH_ACCOUNT.email;
  process.env.VIGIE_ADMIN_PASSWORD = BENCH_ACCOUNT.password;
  await app.runCommand('reset', [], url, log);

  const work = mkdtempSync(join(tmpdir(), 'vigie-console-images-'));
  const api = await startApi({
    entry: app.apiEntry,
    cwd: ROOT,
    databaseUrl: url,
    env: { VIGIE_DEMO_DATA: 'true', VIGIE_DATA_DIR: join(work, 'files'), VIGIE_CONSOLE_DIR: CONSOLE },
  });
  const browser = await puppeteer.launch({
    executablePath: chromiumExecutablePath(),
    headless: true,
    userDataDir: join(work, 'profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--lang=fr-FR'],
  });
  let total = 0;
  try {
    mkdirSync(IMAGES, { recursive: true });
    const page = await browser.newPage();
    await page.setViewport(VIEWPORT);
    await signIn(page, api.baseUrl);

    await page.goto(`${api.baseUrl}/#/deadlines`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="deadlines-page"] table', { timeout: 30_000 });
    await settle(page);
    total += await save(page, 'deadlines');

    await page.locator('::-p-aria([name="Calendrier"])').click();
    await page.waitForSelector('[data-testid="deadline-calendar"] [data-deadline-id]', { timeout: 30_000 });
    await settle(page);
    total += await save(page, 'deadlines-calendar');
    // The next visitor of this profile would find the calendar: the list is the default.
    await page.locator('::-p-aria([name="Liste"])').click();

    const found = await page.evaluate(async (reference) => {
      const response = await fetch('/api/legal-cases?_start=0&_end=100', { credentials: 'same-origin' });
      const cases = (await response.json()) as { id: string; reference: string }[];
      return cases.find((item) => item.reference === reference)?.id ?? null;
    }, CASE_REFERENCE);
    if (!found) throw new Error(`No demo case ${CASE_REFERENCE}: is the demo data set loaded?`);
    await page.goto(`${api.baseUrl}/#/legal-cases/${found}/show`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-perimeter-field] .leaflet-container', { timeout: 30_000 });
    await settle(page);
    total += await save(page, 'case', true);

    await page.goto(`${api.baseUrl}/#/legal-cases/${found}/show/deadlines`, {
      waitUntil: 'domcontentloaded',
    });
    await page.waitForSelector('[data-testid="case-deadlines"] [data-deadline-id]', { timeout: 30_000 });
    await settle(page);
    total += await save(page, 'case-deadlines');
  } finally {
    await browser.close();
    await api.stop();
    rmSync(work, { recursive: true, force: true });
  }
  log(`total ${Math.round(total / 1024)} kB${build.warning ? ` (warning: ${build.warning})` : ''}.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[console-images] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
