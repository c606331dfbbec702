/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import type { StatsSummary } from '@vigie/domain';
import { type RunningApp, startApp } from '../support/app';
import { chooseOption, launchBrowser, pickOpenOption, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { ApiClient, incidentInput, observationInput, PLACES } from '../support/e2e-api';
import { request } from '../support/http';
import { downloadPdf, requestReport, testQueue, waitForReport } from '../support/reports';
import { createSessionToken, createUser, type TestUser } from '../support/users';

/*
 * A known data set in May 2033 (and one eviction in April, the month it is compared with, and one
 * in May 2032, the same month a year before), periods no other browser test writes to: the
 * dashboard counts everything validated in a period.
 */
const MONTH = '2033-05';
const KEY_FIGURES = [
  'evictions',
  'peopleEvicted',
  'arrests',
  'tentsAndTarps',
  'sleepingBagsAndBlankets',
  'incidents',
  'againstObservers',
] as const;

/** The figures the dashboard shows once it has loaded the period and area asked for. */
async function shownFigures(page: Page, from: string, area: string): Promise<Record<string, string>> {
  await page.waitForSelector(
    `[data-testid="key-figures"][data-from="${from}"][data-area="${area}"][aria-busy="false"] [data-testid="figure-evictions"]`,
    { timeout: 20_000 },
  );
  return page.$$eval('[data-testid^="figure-"]', (cards) =>
    Object.fromEntries(
      cards.map((card) => [
        card.getAttribute('data-testid')!.replace('figure-', ''),
        (card.querySelector('[data-testid="value"]') as HTMLElement).innerText,
      ]),
    ),
  );
}

/** An integer as the console or a publication prints it (French digit grouping). */
const integer = (printed: string) => Number(printed.replace(/[\s\u00a0\u202f.,]/g, ''));

/** What the dashboard shows of each key figure: the period's value, and the compared periods'. */
async function shownComparisons(page: Page) {
  return page.$$eval('[data-testid^="figure-"]', (cards) =>
    cards.map((card) => ({
      figure: card.getAttribute('data-testid')!.replace('figure-', ''),
      value: (card.querySelector('[data-testid="value"]') as HTMLElement).innerText,
      previous: (card.querySelector('[data-testid="change"]') as HTMLElement | null)?.innerText ?? '',
      yearBefore: (card.querySelector('[data-testid="year-before"]') as HTMLElement | null)?.innerText ?? '',
    })),
  );
}

/** The key figures table of a publication's HTML (its preview), read as a reader would. */
function noteKeyFigures(page: Page, href: string) {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin' });
    const html = await response.text();
    const note = new DOMParser().parseFromString(html, 'text/html');
    const table = note.querySelector('table.key-figures');
    return {
      status: response.status,
      headers: Array.from(table?.querySelectorAll('thead th') ?? [], (cell) => cell.textContent!.trim()),
      rows: Object.fromEntries(
        Array.from(table?.querySelectorAll('tbody tr[data-figure]') ?? [], (row) => [
          row.getAttribute('data-figure')!,
          Array.from(row.querySelectorAll('td'), (cell) => cell.textContent!.trim()),
        ]),
      ),
    };
  }, href);
}

async function changeText(page: Page, figure: string): Promise<string> {
  return page.$eval(
    `[data-testid="figure-${figure}"] [data-testid="change"]`,
    (element) => (element as HTMLElement).innerText,
  );
}

describe('the dashboard, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  let coordinator: TestUser;
  const api = new ApiClient();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-dashboard-'));

  async function validated(path: string, body: Record<string, unknown>): Promise<void> {
    const created = await api.post<{ id: string }>(`/api/${path}`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api.post(`/api/${path}/${created.body.id}/submit`)).status).toBe(200);
    expect((await api.post(`/api/${path}/${created.body.id}/validate`)).status).toBe(200);
  }

  const summary = async (query: string) => {
    const response = await api.get<StatsSummary>(`/api/stats/summary?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    coordinator = await createUser(dataSource, { role: 'coordinator' });
    running = await startApp(inject('databaseUrl'), {
      VIGIE_CONSOLE_DIR: consoleDir,
      // The monthly note the dashboard is compared with is rendered by this app's own worker.
      VIGIE_DATA_DIR: dataDir,
      VIGIE_REPORT_QUEUE: testQueue('dashboard'),
    });
    Object.assign(api, {
      baseUrl: running.baseUrl,
      token: await createSessionToken(dataSource, coordinator.id),
    });

    const grandeSynthe = { type: 'Point', coordinates: [...PLACES.grandeSynthe] };
    for (const overrides of [
      // The last evening of May in Paris (21:30Z): May, not June.
      { startedAt: '2033-05-31T23:30:00+02:00', endedAt: null, peopleEvicted: 25, arrests: 2 },
      {
        startedAt: '2033-05-03T07:00:00+02:00',
        endedAt: null,
        peopleEvicted: 40,
        interpretersPresent: false,
        seizures: [
          { item: 'tent', quantity: 6, destroyed: true },
          { item: 'sleeping_bag', quantity: 4, destroyed: false },
        ],
      },
      { startedAt: '2033-05-10T07:00:00+02:00', endedAt: null, peopleEvicted: 12, interpretersPresent: true },
      {
        startedAt: '2033-05-12T08:00:00+02:00',
        endedAt: null,
        location: grandeSynthe,
        peopleEvicted: 30,
        seizures: [{ item: 'tarp', quantity: 3, destroyed: false }],
      },
      // April: the month May is compared with.
      { startedAt: '2033-04-20T07:00:00+02:00', endedAt: null, peopleEvicted: 10 },
      // May 2032: the same month a year before.
      { startedAt: '2032-05-15T07:00:00+02:00', endedAt: null, peopleEvicted: 5, arrests: 1 },
      // 00:30 on 1 June in Paris: June.
      { startedAt: '2033-06-01T00:30:00+02:00', endedAt: null },
    ]) {
      await validated('observations', observationInput({ arrests: 0, seizures: [], ...overrides }));
    }
    // A draft: never counted.
    expect(
      (
        await api.post(
          '/api/observations',
          observationInput({ startedAt: '2033-05-20T07:00:00+02:00', endedAt: null }),
        )
      ).status,
    ).toBe(201);
    await validated(
      'incidents',
      incidentInput({ type: 'observer_id_check', occurredAt: '2033-05-03T07:20:00+02:00' }),
    );
    await validated(
      'incidents',
      incidentInput({ type: 'tear_gas', occurredAt: '2033-05-12T08:10:00+02:00', location: grandeSynthe }),
    );

    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, running.baseUrl, coordinator);
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the month's figures as the statistics API counts them, with the change from the month before", async () => {
    await page.goto(`${running.baseUrl}/#/?month=${MONTH}`, { waitUntil: 'domcontentloaded' });
    const shown = await shownFigures(page, '2033-05-01', 'all');
    const expected = await summary('from=2033-05-01&to=2033-05-31');

    // The known data set, so that a wrong definition cannot hide behind the same wrong API figure.
    expect(expected.evictions.total).toBe(4);
    expect(shown).toMatchObject({
      evictions: String(expected.evictions.total),
      peopleEvicted: String(expected.peopleEvicted),
      arrests: String(expected.arrests),
      tentsAndTarps: String(expected.seizures.tentsAndTarps),
      sleepingBagsAndBlankets: String(expected.seizures.sleepingBagsAndBlankets),
      incidents: String(expected.incidents.total),
      againstObservers: String(expected.incidents.againstObservers),
    });
    expect(shown).toMatchObject({
      evictions: '4',
      peopleEvicted: '107',
      arrests: '2',
      tentsAndTarps: '9',
      sleepingBagsAndBlankets: '4',
      incidents: '2',
      againstObservers: '1',
    });
    // One eviction out of the two where it was known had no interpreters.
    expect(expected.shares.withoutInterpreters).toMatchObject({ count: 1, known: 2 });
    expect(shown.withoutInterpreters).toMatch(/^50\s?%$/);
    expect(
      await page.$eval(
        '[data-testid="figure-withoutInterpreters"]',
        (card) => (card as HTMLElement).innerText,
      ),
    ).toContain('1 sur 2');
    for (const figure of KEY_FIGURES) expect(shown[figure], figure).not.toBe('');

    // April had one eviction and no incident: +300 %, and "new" rather than a division by zero.
    expect(await changeText(page, 'evictions')).toMatch(/^↑ 300\s?%/);
    expect(await changeText(page, 'incidents')).toMatch(/^↑ nouveau/);

    const communes = await page.$eval(
      '[data-testid="commune-table"]',
      (table) => (table as HTMLElement).innerText,
    );
    expect(communes).toContain('Calais');
    expect(communes).toContain('Grande-Synthe');
    // The chart has one bar per day of May, and they add up to the month's evictions.
    const bars = await page.$$eval('svg[role="img"] rect[data-value]', (rects) =>
      rects.map((rect) => Number(rect.getAttribute('data-value'))),
    );
    expect(bars).toHaveLength(31);
    expect(bars.reduce((sum, value) => sum + value, 0)).toBe(4);
    expect(bars[30]).toBe(1);
  });

  it('follows the area picker: the Calaisis alone', async () => {
    await page.goto(`${running.baseUrl}/#/?month=${MONTH}`, { waitUntil: 'domcontentloaded' });
    await shownFigures(page, '2033-05-01', 'all');
    await page.locator('#dashboard-area').click();
    await pickOpenOption(page, 'Calaisis');
    const shown = await shownFigures(page, '2033-05-01', 'calaisis');
    const expected = await summary('from=2033-05-01&to=2033-05-31&area=calaisis');
    expect(expected.evictions.total).toBe(3);
    expect(shown).toMatchObject({
      evictions: '3',
      peopleEvicted: String(expected.peopleEvicted),
      tentsAndTarps: String(expected.seizures.tentsAndTarps),
      incidents: String(expected.incidents.total),
    });
    expect(shown.peopleEvicted).toBe('77');
    expect(await page.evaluate(() => window.location.hash)).toContain('area=calaisis');
    const communes = await page.$eval(
      '[data-testid="commune-table"]',
      (table) => (table as HTMLElement).innerText,
    );
    expect(communes).not.toContain('Grande-Synthe');
  });

  it('follows the month picker, and custom dates from the address', async () => {
    await page.goto(`${running.baseUrl}/#/?month=${MONTH}`, { waitUntil: 'domcontentloaded' });
    await shownFigures(page, '2033-05-01', 'all');
    await page.locator('#dashboard-month').click();
    await pickOpenOption(page, 'avril 2033');
    const april = await shownFigures(page, '2033-04-01', 'all');
    expect(april.evictions).toBe('1');
    expect(april.peopleEvicted).toBe(String((await summary('from=2033-04-01&to=2033-04-30')).peopleEvicted));

    await page.goto(`${running.baseUrl}/#/?from=2033-05-31&to=2033-06-01`, { waitUntil: 'domcontentloaded' });
    const shown = await shownFigures(page, '2033-05-31', 'all');
    // 23:30 on 31 May and 00:30 on 1 June, both Paris time.
    expect(shown.evictions).toBe('2');
    expect((await summary('from=2033-05-31&to=2033-06-01')).evictions.total).toBe(2);
  });

  it('compares a month with the month before and the same month a year before, as the API chose them', async () => {
    await page.goto(`${running.baseUrl}/#/?month=${MONTH}`, { waitUntil: 'domcontentloaded' });
    await shownFigures(page, '2033-05-01', 'all');
    const periods = await page.$eval('[data-testid="comparison-periods"]', (line) => ({
      current: line.getAttribute('data-current'),
      previous: line.getAttribute('data-previous'),
      yearBefore: line.getAttribute('data-year-before'),
      text: (line as HTMLElement).innerText,
    }));
    const expected = (await summary('from=2033-05-01&to=2033-05-31')).periods;
    expect(expected).toEqual({
      current: { from: '2033-05-01', to: '2033-05-31', kind: 'month' },
      previous: { from: '2033-04-01', to: '2033-04-30' },
      yearBefore: { from: '2032-05-01', to: '2032-05-31' },
    });
    expect(periods).toMatchObject({
      current: '2033-05-01/2033-05-31',
      previous: '2033-04-01/2033-04-30',
      yearBefore: '2032-05-01/2032-05-31',
    });
    expect(periods.text).toBe('mai 2033 · Période précédente : avril 2033 · Un an avant : mai 2032');
    const evictions = (await shownComparisons(page)).find((card) => card.figure === 'evictions')!;
    expect(evictions.previous).toContain('Période précédente : 1');
    expect(evictions.yearBefore).toBe('Un an avant : 1');

    // A whole year is compared with the year before (2023 for 2024), not with the 366 days before,
    // and has no "year before" of its own.
    await page.goto(`${running.baseUrl}/#/?from=2024-01-01&to=2024-12-31`, { waitUntil: 'domcontentloaded' });
    await shownFigures(page, '2024-01-01', 'all');
    const year = await page.$eval('[data-testid="comparison-periods"]', (line) => ({
      previous: line.getAttribute('data-previous'),
      yearBefore: line.getAttribute('data-year-before'),
      text: (line as HTMLElement).innerText,
    }));
    expect(year).toEqual({
      previous: '2023-01-01/2023-12-31',
      yearBefore: null,
      text: '2024 · Période précédente : 2023',
    });
  });

  it('shows the same figures and comparison periods as the monthly note of the same month', async () => {
    await page.goto(`${running.baseUrl}/#/?month=${MONTH}`, { waitUntil: 'domcontentloaded' });
    await shownFigures(page, '2033-05-01', 'all');
    const dashboard = Object.fromEntries((await shownComparisons(page)).map((card) => [card.figure, card]));
    const dashboardPeriods = await page.$eval('[data-testid="comparison-periods"]', (line) => ({
      current: (line.querySelector('[data-testid="period-current"]') as HTMLElement).innerText,
      previous: (line.querySelector('[data-testid="period-previous"]') as HTMLElement).innerText,
      yearBefore: (line.querySelector('[data-testid="period-year-before"]') as HTMLElement).innerText,
    }));

    // The note as it would be printed now (its preview), read from the same session.
    const note = await noteKeyFigures(
      page,
      '/api/reports/preview?kind=monthly-note&from=2033-05-01&to=2033-05-31&lang=fr',
    );
    expect(note.status).toBe(200);
    // Indicator, the month, the month before, the change, the same month a year before.
    expect(note.headers).toHaveLength(5);
    const [, current, previous, , yearBefore] = note.headers;
    expect(current).toBe('mai 2033');
    expect(dashboardPeriods).toEqual({
      current,
      previous: `Période précédente : ${previous}`,
      yearBefore: `Un an avant : ${yearBefore}`,
    });

    const common = Object.keys(note.rows).filter((figure) => figure in dashboard);
    expect(common).toEqual(
      expect.arrayContaining(['evictions', 'peopleEvicted', 'arrests', 'tentsAndTarps', 'incidents']),
    );
    for (const figure of common) {
      const [, value, before, , yearAgo] = note.rows[figure]!;
      const shown = dashboard[figure]!;
      expect(integer(shown.value), figure).toBe(integer(value!));
      expect(shown.previous, figure).toContain(`Période précédente : ${integer(before!)}`);
      expect(shown.yearBefore, figure).toBe(`Un an avant : ${integer(yearAgo!)}`);
    }
    // Not zeros everywhere: the data set has figures in each of the three months.
    expect(note.rows.evictions!.slice(1, 2)).toEqual(['4']);
    expect([note.rows.evictions![2], note.rows.evictions![4]]).toEqual(['1', '1']);

    // And the PDF itself, generated as the communication team would: the same periods and figures.
    const communication = await createUser(dataSource, { role: 'communication' });
    const publisher = api.as(await createSessionToken(dataSource, communication.id));
    const queued = await requestReport(publisher, { from: '2033-05-01', to: '2033-05-31', lang: 'fr' });
    const { report } = await waitForReport(publisher, queued.id);
    expect(report.status).toBe('done');
    const file = join(dataDir, `${report.id}.pdf`);
    writeFileSync(file, await downloadPdf(publisher, report));
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const header = text.split('\n').find((line) => line.includes('Indicateur'))!;
    expect(
      header
        .split(/\s{2,}/)
        .map((cell) => cell.trim())
        .filter(Boolean),
    ).toEqual(['Indicateur', 'mai 2033', 'avril 2033', 'Évolution', 'mai 2032']);
    const row = text.split('\n').find((line) => line.trim().startsWith('Expulsions de lieux de vie'))!;
    const cells = row.trim().split(/\s{2,}/);
    expect(cells[1]).toBe(dashboard.evictions!.value);
    expect(cells[2]).toBe('1');
    expect(cells.at(-1)).toBe('1');
  });

  it('fits a phone screen', async () => {
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    try {
      await page.goto(`${running.baseUrl}/#/?month=${MONTH}`, { waitUntil: 'domcontentloaded' });
      await shownFigures(page, '2033-05-01', 'all');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewport({ width: 1280, height: 900 });
    }
  });

  it('sends the user to the login page when the session ends while the statistics are open', async () => {
    const context = await chromium.browser.createBrowserContext();
    try {
      const other = await context.newPage();
      await other.setViewport({ width: 1280, height: 900 });
      await signIn(other, running.baseUrl, coordinator);
      await other.goto(`${running.baseUrl}/#/?month=${MONTH}`, { waitUntil: 'domcontentloaded' });
      await shownFigures(other, '2033-05-01', 'all');

      // Signed out from another tab: the session of this browser ends on the server.
      const cookie = (await context.cookies()).find((candidate) => candidate.name === 'vigie_session');
      const withCookie = { cookie: `vigie_session=${cookie?.value}`, origin: running.baseUrl };
      expect(
        (await request(running.baseUrl, 'POST', '/api/auth/logout', {}, withCookie)).status,
      ).toBeLessThan(300);
      expect((await request(running.baseUrl, 'GET', '/api/auth/me', undefined, withCookie)).status).toBe(401);

      // The next figures asked for meet a 401: the console signs out and says why.
      await chooseOption(other, 'Mois', 'avril 2033');
      await other.waitForSelector('input[name="email"]', { timeout: 20_000 });
      expect(await other.evaluate(() => window.location.hash)).toMatch(/^#\/login/);
      await other.waitForFunction(() => document.body.innerText.includes('Session expirée'), {
        timeout: 10_000,
      });
    } finally {
      await context.close();
    }
  });
});
