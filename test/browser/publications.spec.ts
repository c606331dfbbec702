/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportRecord } from '@vigie/domain';
import type { BrowserContext, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { ApiClient } from '../support/e2e-api';
import { testQueue } from '../support/reports';
import { createSessionToken, createUser, type TestUser } from '../support/users';

const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

/** Fetches a URL from the page, with its session cookie, as a click on the link would. */
function fetchInPage(page: Page, url: string) {
  return page.evaluate(async (href) => {
    const response = await fetch(href, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      head: new TextDecoder('latin1').decode(bytes.slice(0, 5)),
      text: new TextDecoder().decode(bytes.slice(0, 200_000)),
      sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''),
    };
  }, url);
}

/** Picks an option of a select, and waits for its menu to close (its backdrop takes the next click). */
async function choose(page: Page, selectId: string, option: string): Promise<void> {
  await page.locator(`#${selectId}`).click();
  await page.locator(`::-p-aria([name="${option}"][role="option"])`).click();
  await page.waitForSelector('[role="listbox"]', { hidden: true });
}

describe('the Publications page, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let dataSource: DataSource;
  let communication: TestUser;
  let context: BrowserContext | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-console-reports-'));
  const api = new ApiClient();

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    communication = await createUser(dataSource, { role: 'communication' });
    running = await startApp(inject('databaseUrl'), {
      VIGIE_CONSOLE_DIR: consoleDir,
      VIGIE_DATA_DIR: dataDir,
      VIGIE_REPORT_QUEUE: testQueue('console'),
    });
    Object.assign(api, {
      baseUrl: running.baseUrl,
      token: await createSessionToken(dataSource, communication.id),
    });
    chromium = await launchBrowser();
  });

  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signedIn(user: TestUser): Promise<Page> {
    await context?.close();
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, running.baseUrl, user);
    await page.locator('::-p-aria([name="Publications"][role="menuitem"])').click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/publications'), { timeout: 20_000 });
    await page.waitForFunction(() => document.body.innerText.includes('Nouvelle publication'), {
      timeout: 20_000,
    });
    return page;
  }

  it('generates a monthly note, follows it to done, downloads the PDF and lists it with its author', async () => {
    const page = await signedIn(communication);
    // The March 2025 note of the Calaisis, in English.
    await page.locator('#report-month').click();
    const months = await page.$$eval('[role="option"]', (options) => options.map((o) => o.textContent));
    expect(months[0]).toMatch(/^[a-zé]+ \d{4}$/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="listbox"]', { hidden: true });
    await choose(page, 'report-month', 'mars 2025');
    await choose(page, 'report-area', 'Calaisis');
    await choose(page, 'report-lang', 'Anglais');

    // The preview is the HTML the PDF would be printed from, for the same choices.
    const previewHref = await page.$eval('a[href^="/api/reports/preview"]', (link) =>
      link.getAttribute('href')!,
    );
    expect(previewHref).toContain('kind=monthly-note');
    expect(previewHref).toContain('area=calaisis');
    expect(previewHref).toContain('lang=en');
    const preview = await fetchInPage(page, previewHref);
    expect(preview.status).toBe(200);
    expect(preview.contentType).toMatch(/^text\/html/);

    // Progress as the page shows it, sampled until the report is done.
    const seen = new Set<string>();
    const generate = await page.waitForSelector('form button[type="submit"]');
    expect(await generate!.evaluate((button) => button.textContent)).toBe('Générer');
    await generate!.click();
    const deadline = Date.now() + 90_000;
    for (;;) {
      const state = await page.evaluate(() => {
        const card = document.querySelector('[data-testid="current-report"]');
        const bar = card?.querySelector('[role="progressbar"]');
        return card ? `${card.getAttribute('data-status')} ${bar?.getAttribute('aria-valuenow')}` : null;
      });
      if (state) seen.add(state);
      if (state?.startsWith('done') || state?.startsWith('failed')) break;
      if (Date.now() > deadline) throw new Error(`still ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([...seen].at(-1)).toBe('done 100');
    expect([...seen][0]).toMatch(/^(queued 0|rendering \d+|done 100)$/);

    const reports = await api.get<ReportRecord[]>('/api/reports?_sort=createdAt&_order=DESC&_start=0&_end=1');
    const report = reports.body[0]!;
    expect(report).toMatchObject({
      kind: 'monthly-note',
      area: 'calaisis',
      lang: 'en',
      status: 'done',
      createdByName: communication.name,
    });
    expect(report).toMatchObject({ from: '2025-03-01', to: '2025-03-31' });
    const card = await page.$eval(
      '[data-testid="current-report"]',
      (element) => (element as HTMLElement).innerText,
    );
    expect(card).toContain(report.sha256);
    expect(card).toContain(report.pageCount === 1 ? '1 page' : `${report.pageCount} pages`);

    const href = await page.$eval('[data-testid="download-pdf"]', (link) => link.getAttribute('href')!);
    expect(href).toBe(`/api/reports/${report.id}/pdf`);
    const pdf = await fetchInPage(page, href);
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.head).toBe('%PDF-');
    expect(pdf.sha256).toBe(report.sha256);

    // The list: the new report on top, done, with its author and its pages.
    await page.waitForSelector(
      `[data-testid="reports-table"] tr[data-id="${report.id}"][data-status="done"]`,
      {
        timeout: 20_000,
      },
    );
    const row = await page.$eval(
      `tr[data-id="${report.id}"]`,
      (element) => (element as HTMLElement).innerText,
    );
    expect(row).toContain('Note mensuelle');
    expect(row).toContain('mars 2025');
    expect(row).toContain('Calaisis');
    expect(row).toContain('EN');
    expect(row).toContain('Prête');
    expect(row).toContain(communication.name);
    expect(row).toContain(report.sha256!.slice(0, 12));
    expect(row).toContain(String(report.pageCount));
  });

  it('says why a rendering failed, and queues it again on "Réessayer"', async () => {
    // A server whose Chromium cannot start, on its own queue: every rendering there fails.
    const broken = await startApp(inject('databaseUrl'), {
      VIGIE_CONSOLE_DIR: ensureConsoleBuilt(),
      VIGIE_DATA_DIR: dataDir,
      VIGIE_REPORT_QUEUE: testQueue('console-broken'),
      VIGIE_CHROMIUM_PATH: '/nonexistent/chromium',
    });
    try {
      await context?.close();
      context = await chromium.browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await signIn(page, broken.baseUrl, communication);
      await page.goto(`${broken.baseUrl}/#/publications`, { waitUntil: 'domcontentloaded' });
      const generate = await page.waitForSelector('form button[type="submit"]', { timeout: 20_000 });
      await generate!.click();
      await page.waitForSelector('[data-testid="current-report"][data-status="failed"]', { timeout: 60_000 });
      const card = () =>
        page.$eval('[data-testid="current-report"]', (element) => (element as HTMLElement).innerText);
      expect(await card()).toMatch(/La génération a échoué : Rendering failed: .*\/nonexistent\/chromium/);
      expect(await page.$('[data-testid="download-pdf"]')).toBeNull();
      const id = await page.$eval('[data-testid="reports-table"] tr[data-status="failed"]', (row) =>
        row.getAttribute('data-id'),
      );

      await page.locator('[data-testid="current-report"] [role="alert"] button').click();
      // Queued again, then rendered (and failed) a second time.
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="current-report"]')?.getAttribute('data-status') !== 'failed',
        { timeout: 20_000 },
      );
      await page.waitForSelector('[data-testid="current-report"][data-status="failed"]', { timeout: 60_000 });
      const client = api.as(api.token, null);
      client.baseUrl = broken.baseUrl;
      const report = await client.get<ReportRecord>(`/api/reports/${id}`);
      expect(report.body).toMatchObject({ status: 'failed', attempts: 2 });
    } finally {
      await broken.close();
    }
  });

  it('lets an observer read and download the publications, not generate one', async () => {
    const observer = await createUser(dataSource, { role: 'observer' });
    const page = await signedIn(observer);
    await page.waitForSelector('[data-testid="reports-table"] tr[data-status="done"]', { timeout: 20_000 });
    expect(await bodyText(page)).toContain('Votre rôle peut consulter et télécharger les publications');
    expect(await page.$('button[type="submit"]')).toBeNull();
    const href = await page.$eval('[data-testid="reports-table"] a[href$="/pdf"]', (link) =>
      link.getAttribute('href')!,
    );
    const pdf = await fetchInPage(page, href);
    expect(pdf.status).toBe(200);
    expect(pdf.head).toBe('%PDF-');
  });

  it('keeps the menu entry from a researcher, and the API refuses the page’s data', async () => {
    const researcher = await createUser(dataSource, { role: 'researcher' });
    await context?.close();
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, running.baseUrl, researcher);
    await page.waitForSelector('[data-testid="figure-evictions"]', { timeout: 20_000 });
    expect(
      await page.$eval('.RaMenu-open, .RaMenu-closed', (menu) => (menu as HTMLElement).innerText),
    ).not.toContain('Publications');
    await page.goto(`${running.baseUrl}/#/publications`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(
      () => document.body.innerText.includes("Vous n'avez pas les droits d'accès à cette page"),
      { timeout: 20_000 },
    );
    expect(await bodyText(page)).not.toContain('Nouvelle publication');
    expect((await fetchInPage(page, '/api/reports')).status).toBe(403);
  });
});
