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
import { chooseOption, launchBrowser, setInputValue, signIn, type TestBrowser } from '../support/browser';
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
      sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''),
    };
  }, url);
}

/** The value an input holds (the dates a month stands for are shown, read-only). */
const inputValue = (page: Page, name: string) =>
  page.$eval(`input[name="${name}"]`, (input) => (input as HTMLInputElement).value);

/** The helper text react-admin shows under an input (its error). */
const helperText = (page: Page, name: string) =>
  page.$eval(
    `input[name="${name}"]`,
    (input) =>
      input.closest('.MuiFormControl-root')?.querySelector('.MuiFormHelperText-root')?.textContent ?? '',
  );

/** The row of the list that shows a report, by its status marker. */
const rowText = (page: Page, id: string) =>
  page.$eval(
    `[data-testid="report-status"][data-id="${id}"]`,
    (marker) => (marker.closest('tr') as HTMLElement).innerText,
  );

describe('Publications (the reports resource), in Chromium', () => {
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

  async function newPage(baseUrl: string, user: TestUser): Promise<Page> {
    await context?.close();
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, baseUrl, user);
    return page;
  }

  /** Signed in, then « Publications » in the menu: the list. */
  async function onTheList(user: TestUser): Promise<Page> {
    const page = await newPage(running.baseUrl, user);
    await page.locator('::-p-aria([name="Publications"][role="menuitem"])').click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/reports'), { timeout: 20_000 });
    return page;
  }

  /** « Nouvelle publication », from the list. */
  async function openCreate(page: Page): Promise<void> {
    await page.locator('a[href="#/reports/create"]').click();
    await page.waitForSelector('input[name="from"]', { timeout: 20_000 });
  }

  /** The reports the API lists, newest first. */
  const latestReports = async (count: number) =>
    (await api.get<ReportRecord[]>(`/api/reports?_sort=createdAt&_order=DESC&_start=0&_end=${count}`)).body;

  it('generates a monthly note, follows it to done on its page, downloads the PDF and lists it', async () => {
    const page = await onTheList(communication);
    await openCreate(page);
    // The months offered are named in French, newest first.
    await page.locator('::-p-aria([name="Mois"][role="combobox"])').click();
    const months = await page.$$eval('[role="option"]', (options) => options.map((o) => o.textContent));
    expect(months[0]).toMatch(/^[a-zéû]+ \d{4}$/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="listbox"]', { hidden: true });

    // The March 2025 note of the Calaisis, in English: the month stands for its dates.
    await chooseOption(page, 'Mois', 'mars 2025');
    await chooseOption(page, 'Secteur', 'Calaisis');
    await chooseOption(page, 'Langue', 'Anglais');
    await page.waitForFunction(
      () => (document.querySelector('input[name="to"]') as HTMLInputElement | null)?.value === '2025-03-31',
    );
    expect(await inputValue(page, 'from')).toBe('2025-03-01');

    // The preview is the HTML the PDF would be printed from, for the same choices.
    const previewHref = await page.$eval('a[href^="/api/reports/preview"]', (link) =>
      link.getAttribute('href')!,
    );
    expect(previewHref).toBe(
      '/api/reports/preview?kind=monthly-note&from=2025-03-01&to=2025-03-31&area=calaisis&lang=en',
    );
    const preview = await fetchInPage(page, previewHref);
    expect(preview.status).toBe(200);
    expect(preview.contentType).toMatch(/^text\/html/);

    // « Générer » queues it and opens its page, which follows the job (progress sampled until done).
    await page.locator('::-p-aria([name="Générer"][role="button"])').click();
    await page.waitForFunction(() => /^#\/reports\/[0-9a-f-]{36}\/show$/.test(window.location.hash), {
      timeout: 20_000,
    });
    const id = await page.evaluate(() => window.location.hash.split('/')[2]!);
    const seen: string[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const state = await page.evaluate(() => {
        const card = document.querySelector('[data-testid="current-report"]');
        const bar = card?.querySelector('[role="progressbar"]');
        return card ? `${card.getAttribute('data-status')} ${bar?.getAttribute('aria-valuenow')}` : null;
      });
      if (state && seen.at(-1) !== state) seen.push(state);
      if (state?.startsWith('done') || state?.startsWith('failed')) break;
      if (Date.now() > deadline) throw new Error(`still ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.at(-1)).toBe('done 100');
    expect(seen[0]).toMatch(/^(queued 0|rendering \d+|done 100)$/);

    const report = (await api.get<ReportRecord>(`/api/reports/${id}`)).body;
    expect(report).toMatchObject({
      kind: 'monthly-note',
      from: '2025-03-01',
      to: '2025-03-31',
      area: 'calaisis',
      lang: 'en',
      status: 'done',
      createdByName: communication.name,
    });
    const card = await page.$eval(
      '[data-testid="current-report"]',
      (element) => (element as HTMLElement).innerText,
    );
    expect(card).toContain(report.sha256);
    expect(card).toContain(report.pageCount === 1 ? '1 page' : `${report.pageCount} pages`);
    expect(card).toContain(communication.name);
    expect(card).toContain('Note mensuelle, mars 2025, Calaisis, EN');

    const href = await page.$eval('[data-testid="download-pdf"]', (link) => link.getAttribute('href')!);
    expect(href).toBe(`/api/reports/${report.id}/pdf`);
    const pdf = await fetchInPage(page, href);
    expect(pdf).toMatchObject({ status: 200, contentType: 'application/pdf', head: '%PDF-' });
    expect(pdf.sha256).toBe(report.sha256);

    // The list: the new report on top, done, with its author, its pages and its PDF.
    await page.locator('::-p-aria([name="Publications"][role="menuitem"])').click();
    await page.waitForSelector(`[data-testid="report-status"][data-id="${report.id}"][data-status="done"]`, {
      timeout: 20_000,
    });
    const row = await rowText(page, report.id);
    for (const text of ['Note mensuelle', 'mars 2025', 'Calaisis', 'EN', 'Prête', communication.name]) {
      expect(row).toContain(text);
    }
    expect(row).toContain(report.sha256!.slice(0, 12));
    expect(row).toContain(String(report.pageCount));
    expect(
      await page.$eval(`[data-testid="report-status"][data-id="${report.id}"]`, (marker) =>
        marker.closest('tr')!.querySelector('a[href$="/pdf"]')?.getAttribute('href'),
      ),
    ).toBe(href);
  });

  it('shows a wrong period under its date: the browser’s check first, then the API’s', async () => {
    const page = await onTheList(communication);
    await openCreate(page);
    const before = (await latestReports(1))[0]?.id ?? null;
    await chooseOption(page, 'Document', 'Communiqué de presse');

    // Reversed dates: refused before anything is sent.
    await setInputValue(page, 'input[name="from"]', '2025-04-14');
    await setInputValue(page, 'input[name="to"]', '2025-03-15');
    await page.locator('::-p-aria([name="Générer"][role="button"])').click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('input[name="to"]')
          ?.closest('.MuiFormControl-root')
          ?.querySelector('.MuiFormHelperText-root')
          ?.textContent?.includes('Période invalide'),
      { timeout: 10_000 },
    );

    // A press release over more than a year: the API refuses it, and says why under « Au ».
    await setInputValue(page, 'input[name="from"]', '2024-01-01');
    await setInputValue(page, 'input[name="to"]', '2025-06-30');
    await page.locator('::-p-aria([name="Générer"][role="button"])').click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('input[name="to"]')
          ?.closest('.MuiFormControl-root')
          ?.querySelector('.MuiFormHelperText-root')
          ?.textContent?.includes('366'),
      { timeout: 20_000 },
    );
    expect(await helperText(page, 'to')).toMatch(/press-release covers at most 366 days/);
    expect(await page.evaluate(() => window.location.hash)).toBe('#/reports/create');
    expect((await latestReports(1))[0]?.id ?? null).toBe(before);
  });

  it('says why a rendering failed, and queues it again on « Réessayer »', async () => {
    // A server whose Chromium cannot start, on its own queue: every rendering there fails.
    const broken = await startApp(inject('databaseUrl'), {
      VIGIE_CONSOLE_DIR: ensureConsoleBuilt(),
      VIGIE_DATA_DIR: dataDir,
      VIGIE_REPORT_QUEUE: testQueue('console-broken'),
      VIGIE_CHROMIUM_PATH: '/nonexistent/chromium',
    });
    try {
      const page = await newPage(broken.baseUrl, communication);
      await page.goto(`${broken.baseUrl}/#/reports/create`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('input[name="from"]', { timeout: 20_000 });
      await page.locator('::-p-aria([name="Générer"][role="button"])').click();
      await page.waitForSelector('[data-testid="current-report"][data-status="failed"]', { timeout: 60_000 });
      const card = () =>
        page.$eval('[data-testid="current-report"]', (element) => (element as HTMLElement).innerText);
      expect(await card()).toMatch(/La génération a échoué : Rendering failed: .*\/nonexistent\/chromium/);
      expect(await page.$('[data-testid="download-pdf"]')).toBeNull();
      const id = await page.evaluate(() => window.location.hash.split('/')[2]!);

      expect(await card()).toMatch(/Tentatives\s+1/);
      await page.locator('[data-testid="current-report"] [role="alert"] button').click();
      await page.waitForFunction(
        () => document.body.innerText.includes('Publication remise en file d’attente'),
        { timeout: 10_000 },
      );
      // Queued again, and the page follows it until it has failed a second time.
      await page.waitForFunction(
        () => {
          const current = document.querySelector('[data-testid="current-report"]') as HTMLElement | null;
          return current?.dataset.status === 'failed' && /Tentatives\s+2/.test(current.innerText);
        },
        { timeout: 60_000 },
      );
      const client = api.as(api.token, null);
      client.baseUrl = broken.baseUrl;
      expect((await client.get<ReportRecord>(`/api/reports/${id}`)).body).toMatchObject({
        status: 'failed',
        attempts: 2,
      });
    } finally {
      await broken.close();
    }
  });

  it('lets an observer read and download the publications, not generate one', async () => {
    const observer = await createUser(dataSource, { role: 'observer' });
    const page = await onTheList(observer);
    await page.waitForSelector('[data-testid="report-status"][data-status="done"]', { timeout: 20_000 });
    expect(await bodyText(page)).toContain('Votre rôle peut consulter et télécharger les publications');
    expect(await page.$('a[href="#/reports/create"]')).toBeNull();
    const href = await page.$eval('a[href$="/pdf"]', (link) => link.getAttribute('href')!);
    const pdf = await fetchInPage(page, href);
    expect(pdf).toMatchObject({ status: 200, head: '%PDF-' });

    await page.goto(`${running.baseUrl}/#/reports/create`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(
      () => document.body.innerText.includes("Vous n'avez pas les droits d'accès à cette page"),
      { timeout: 20_000 },
    );
    expect(await page.$('input[name="from"]')).toBeNull();
  });

  it('keeps the menu entry from a researcher, and the API refuses the page’s data', async () => {
    const researcher = await createUser(dataSource, { role: 'researcher' });
    const page = await newPage(running.baseUrl, researcher);
    await page.waitForSelector('[data-testid="figure-evictions"]', { timeout: 20_000 });
    expect(
      await page.$eval('.RaMenu-open, .RaMenu-closed', (menu) => (menu as HTMLElement).innerText),
    ).not.toContain('Publications');
    // The page's old address leads to the resource, which is refused too (react-admin then shows
    // its access-denied page, at its own address).
    await page.goto(`${running.baseUrl}/#/publications`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => !window.location.hash.startsWith('#/publications'), {
      timeout: 20_000,
    });
    await page.waitForFunction(
      () => document.body.innerText.includes("Vous n'avez pas les droits d'accès à cette page"),
      { timeout: 20_000 },
    );
    expect(await page.$('[data-testid="report-status"]')).toBeNull();
    expect((await fetchInPage(page, '/api/reports')).status).toBe(403);
  });
});
