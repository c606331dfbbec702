/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, formatParisDate, parisDayStart } from '@vigie/domain';
import type { BrowserContext, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, setInputValue, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { observationInput } from '../support/e2e-api';
import { parseCsv } from '../support/exports';
import { request } from '../support/http';
import { createSessionToken, createUser } from '../support/users';

/*
 * Issue 12, item 5: the « Exports » page. The data of this file sit in 2007, a year no other test
 * file uses: three validated observations of one commune-day (research data) and a draft.
 */

const YEAR = { from: '2007-01-01', to: '2007-12-31' };

describe('the « Exports » page, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let dataSource: DataSource;
  let context: BrowserContext | undefined;
  let downloads: string;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    chromium = await launchBrowser();
    downloads = mkdtempSync(join(tmpdir(), 'vigie-exports-'));

    const admin = await createUser(dataSource, { role: 'admin' });
    const headers = { authorization: `Bearer ${await createSessionToken(dataSource, admin.id)}` };
    const post = async (path: string, body: unknown = {}) => {
      const response = await request<{ id: string }>(running.baseUrl, 'POST', path, body, headers);
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      return response.body;
    };
    for (const hour of [7, 10, 15, 18]) {
      const { id } = await post(
        '/api/observations',
        observationInput({
          startedAt: new Date(parisDayStart('2007-05-15').getTime() + hour * 3_600_000).toISOString(),
          endedAt: null,
        }),
      );
      if (hour === 18) continue; // stays a draft: internal level only
      await post(`/api/observations/${id}/submit`);
      await post(`/api/observations/${id}/validate`);
    }
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    rmSync(downloads, { recursive: true, force: true });
  });

  const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);
  const waitForText = (page: Page, text: string) =>
    page.waitForFunction((wanted) => document.body.innerText.includes(wanted), { timeout: 20_000 }, text);
  const menuText = async (page: Page) => {
    await page.waitForFunction(
      () => document.querySelector('.RaMenu-open, .RaMenu-closed')?.textContent?.includes('Communes'),
      { timeout: 20_000 },
    );
    return page.$eval('.RaMenu-open, .RaMenu-closed', (menu) => (menu as HTMLElement).innerText);
  };

  async function openAs(role: 'researcher' | 'observer' | 'coordinator'): Promise<Page> {
    const user = await createUser(dataSource, { role });
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    await signIn(page, running.baseUrl, user);
    return page;
  }

  /** The estimate's rows once it has settled on the period asked. */
  async function estimatedRows(page: Page): Promise<number> {
    await page.waitForSelector('[data-testid="estimate-observations"]', { timeout: 20_000 });
    return Number(
      await page.$eval('[data-testid="estimate-observations"]', (element) =>
        element.getAttribute('data-rows'),
      ),
    );
  }

  async function choosePeriod(page: Page): Promise<void> {
    await setInputValue(page, 'input[name="from"]', YEAR.from);
    await setInputValue(page, 'input[name="to"]', YEAR.to);
    await page.waitForFunction(
      () =>
        !document
          .querySelector('[data-testid="export-estimate"]')
          ?.textContent?.includes('Estimation en cours'),
      { timeout: 20_000 },
    );
  }

  it('gives a researcher the research level only, its rules, the estimate and a CSV of that many rows', async () => {
    const page = await openAs('researcher');
    expect(await menuText(page)).toContain('Exports');
    await page.locator('::-p-aria([name="Exports"][role="menuitem"])').click();
    await page.waitForSelector('[data-testid="research-rules"]', { timeout: 20_000 });

    // The default period: the last full year before the embargo (30 days by default).
    const embargoFrom = addDays(formatParisDate(new Date()), 1 - 30);
    const year = Number(embargoFrom.slice(0, 4)) - 1;
    expect(await page.$eval('input[name="from"]', (input) => (input as HTMLInputElement).value)).toBe(
      `${year}-01-01`,
    );
    expect(await page.$eval('input[name="to"]', (input) => (input as HTMLInputElement).value)).toBe(
      `${year}-12-31`,
    );

    const text = await bodyText(page);
    expect(text).toContain('Recherche (désidentifié)');
    expect(text).not.toContain('Interne');
    // The figures of the rules come from the API's configuration.
    expect(text).toContain('rien des 30 derniers jours');
    expect(text).toContain('maille de 500 m');
    expect(text).toContain('moins de 3 enregistrements');
    expect(text).toContain('Aucun texte libre, aucun identifiant d’utilisateur');

    await choosePeriod(page);
    const rows = await estimatedRows(page);
    expect(rows).toBe(3);
    await waitForText(page, 'Observations : 3 lignes');
    expect(await page.$eval('[data-testid="estimate-size"]', (element) => element.textContent)).toMatch(
      /Taille approximative : \d/,
    );

    // The browser saves the file into a folder of the test's.
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', {
      behavior: 'allow',
      downloadPath: downloads,
      browserContextId: context!.id,
    });
    await page.click('[data-testid="export-download"]');
    await waitForText(page, 'Fichier téléchargé : vigie-observations-research-2007-01-01_2007-12-31.csv');
    const file = join(downloads, 'vigie-observations-research-2007-01-01_2007-12-31.csv');
    await expect
      .poll(() => readdirSync(downloads).includes('vigie-observations-research-2007-01-01_2007-12-31.csv'), {
        timeout: 10_000,
      })
      .toBe(true);
    const csv = parseCsv(readFileSync(file, 'utf8'));
    expect(csv.rows).toHaveLength(rows);
    expect(csv.header).not.toContain('description');
  });

  it('offers the internal level to a coordinator, counts the draft there, and shows the API’s refusal', async () => {
    const page = await openAs('coordinator');
    await page.goto(`${running.baseUrl}/#/exports`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="research-rules"]', { timeout: 20_000 });
    await choosePeriod(page);
    expect(await estimatedRows(page)).toBe(3);
    await page.click('input[type="radio"][value="internal"]');
    await page.waitForSelector('[data-testid="research-rules"]', { hidden: true, timeout: 20_000 });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="estimate-observations"]')?.getAttribute('data-rows') === '4',
      { timeout: 20_000 },
    );
    // A period the API refuses: its message, under the estimate and on download.
    await setInputValue(page, 'input[name="to"]', '2006-12-31');
    await waitForText(page, 'to must not be before from');
    await page.click('[data-testid="export-download"]');
    await page.waitForSelector('[data-testid="export-error"]', { timeout: 20_000 });
    expect(await page.$eval('[data-testid="export-error"]', (element) => element.textContent)).toContain(
      'to must not be before from',
    );
  });

  it('has no « Exports » entry for an observer, and refuses the page', async () => {
    const page = await openAs('observer');
    expect(await menuText(page)).not.toContain('Exports');
    await page.goto(`${running.baseUrl}/#/exports`, { waitUntil: 'domcontentloaded' });
    await waitForText(page, "Vous n'avez pas les droits d'accès à cette page");
    expect(await page.$('[data-testid="export-estimate"]')).toBeNull();
  });
});
