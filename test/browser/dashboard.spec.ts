/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import type { StatsSummary } from '@vigie/domain';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { ApiClient, incidentInput, observationInput, PLACES } from '../support/e2e-api';
import { createSessionToken, createUser } from '../support/users';

/*
 * A known data set in May 2033 (and one eviction in April, the month it is compared with), a
 * period no other browser test writes to: the dashboard counts everything validated in a period.
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
  const api = new ApiClient();

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
    const coordinator = await createUser(dataSource, { role: 'coordinator' });
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
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
    await page.locator('::-p-aria([name="Calaisis"][role="option"])').click();
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
    await page.locator('::-p-aria([name="avril 2033"][role="option"])').click();
    const april = await shownFigures(page, '2033-04-01', 'all');
    expect(april.evictions).toBe('1');
    expect(april.peopleEvicted).toBe(String((await summary('from=2033-04-01&to=2033-04-30')).peopleEvicted));

    await page.goto(`${running.baseUrl}/#/?from=2033-05-31&to=2033-06-01`, { waitUntil: 'domcontentloaded' });
    const shown = await shownFigures(page, '2033-05-31', 'all');
    // 23:30 on 31 May and 00:30 on 1 June, both Paris time.
    expect(shown.evictions).toBe('2');
    expect((await summary('from=2033-05-31&to=2033-06-01')).evictions.total).toBe(2);
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
});
