/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import type { ObservationRecord } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createSessionToken, createUser } from '../support/users';

describe('possible duplicates in the console, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  let apiHeaders: Record<string, string>;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    const coordinator = await createUser(dataSource, { role: 'coordinator' });
    apiHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, coordinator.id)}` };
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
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

  const api = <T>(method: string, path: string, body?: unknown) =>
    request<T>(running.baseUrl, method, path, body, apiHeaders);

  async function createObservation(body: Record<string, unknown>): Promise<ObservationRecord> {
    const created = await api<ObservationRecord>('POST', '/api/observations', {
      kind: 'eviction',
      arrests: 0,
      ...body,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  const textOf = (target: Page) => target.evaluate(() => document.body.innerText);

  it('compares two records of the same eviction, merges them, and marks the merged one', async () => {
    // Two observers recorded the same eviction: 40 m and 20 minutes apart, with different counts.
    const kept = await createObservation({
      startedAt: '2025-05-06T07:30:00+02:00',
      location: { type: 'Point', coordinates: [1.8587, 50.9513] },
      peopleEvicted: 40,
      description: 'Expulsion du campement, tentes emportées',
    });
    const duplicate = await createObservation({
      startedAt: '2025-05-06T07:50:00+02:00',
      location: { type: 'Point', coordinates: [1.8592, 50.9514] },
      peopleEvicted: 55,
      description: 'Même expulsion vue depuis la route',
    });
    const { body: keptNow } = await api<ObservationRecord>('GET', `/api/observations/${kept.id}`);
    expect(keptNow.possibleDuplicateIds).toEqual([duplicate.id]);

    await page.goto(`${running.baseUrl}/#/observations/${kept.id}/show`, { waitUntil: 'domcontentloaded' });
    const candidate = `[data-duplicates-panel] [data-duplicate-id="${duplicate.id}"]`;
    await page.waitForSelector(candidate, { timeout: 20_000 });

    // Side by side, the differing counts are highlighted, the shared kind is not.
    const rows = await page.$$eval(`${candidate} tbody tr`, (elements) =>
      elements.map((row) => ({
        field: row.getAttribute('data-field'),
        differs: row.getAttribute('data-differs') === 'true',
        cells: Array.from(row.querySelectorAll('td'), (cell) => (cell as HTMLElement).innerText.trim()),
      })),
    );
    expect(rows.find((row) => row.field === 'peopleEvicted')).toEqual({
      field: 'peopleEvicted',
      differs: true,
      cells: ['40', '55'],
    });
    expect(rows.find((row) => row.field === 'kind')).toEqual({
      field: 'kind',
      differs: false,
      cells: ['Expulsion', 'Expulsion'],
    });
    expect(rows.find((row) => row.field === 'startedAt')?.cells).toEqual([
      '06/05/2025 07:30',
      '06/05/2025 07:50',
    ]);
    const panelText = await page.$eval(
      '[data-duplicates-panel]',
      (panel) => (panel as HTMLElement).innerText,
    );
    expect(panelText).toMatch(/À \d+ m, 20 min d’écart/);

    // "Fusionner", keeping this record (the default choice), after reading what happens to the other.
    await page.locator('::-p-aria([name="Fusionner"][role="button"])').click();
    await page.waitForSelector('[role="dialog"]', { timeout: 10_000 });
    const dialogText = await page.$eval('[role="dialog"]', (dialog) => (dialog as HTMLElement).innerText);
    expect(dialogText).toContain('supprimée');
    expect(dialogText).toContain('incidents');
    // With the dialog open, the page behind it is hidden from the accessibility tree.
    await page.locator('::-p-aria([name="Fusionner"][role="button"])').click();

    // The pair is gone from the kept record's page once merged.
    await page.waitForFunction(() => document.querySelector('[data-duplicates-panel]') === null, {
      timeout: 20_000,
    });
    const { body: merged } = await api<ObservationRecord>('GET', `/api/observations/${duplicate.id}`);
    expect(merged).toMatchObject({ mergedIntoId: kept.id });
    expect(merged.deletedAt).not.toBeNull();

    // The merged record says where it went, with a link to the kept one.
    await page.goto(`${running.baseUrl}/#/observations/${duplicate.id}/show`, {
      waitUntil: 'domcontentloaded',
    });
    await page.waitForSelector(`[data-merged-into="${kept.id}"]`, { timeout: 20_000 });
    expect(await textOf(page)).toContain('fusionnée dans une autre');
    await page.click(`[data-merged-into="${kept.id}"] a`);
    await page.waitForFunction(
      (id) => window.location.hash === `#/observations/${id}/show`,
      { timeout: 20_000 },
      kept.id,
    );
  });

  it('marks a pair "not a duplicate" and keeps it listed as decided', async () => {
    const first = await createObservation({
      startedAt: '2025-05-08T09:00:00+02:00',
      location: { type: 'Point', coordinates: [2.303, 51.0136] },
      description: 'Expulsion au bois',
    });
    const second = await createObservation({
      startedAt: '2025-05-08T09:30:00+02:00',
      location: { type: 'Point', coordinates: [2.3035, 51.0137] },
      description: 'Autre groupe, autre opération',
    });

    await page.goto(`${running.baseUrl}/#/observations/${first.id}/show`, { waitUntil: 'domcontentloaded' });
    const candidate = `[data-duplicates-panel] [data-duplicate-id="${second.id}"]`;
    await page.waitForSelector(`${candidate}[data-duplicate-status="possible"]`, { timeout: 20_000 });
    await page.locator('::-p-aria([name="Pas un doublon"][role="button"])').click();
    await page.waitForSelector(`${candidate}[data-duplicate-status="dismissed"]`, { timeout: 20_000 });

    const { body: stored } = await api<ObservationRecord>('GET', `/api/observations/${first.id}`);
    expect(stored.possibleDuplicateIds).toEqual([]);
    expect(await page.$('::-p-aria([name="Pas un doublon"][role="button"])')).toBeNull();
  });

  it('shows an observer the comparison without the decisions', async () => {
    const first = await createObservation({
      startedAt: '2025-05-10T06:00:00+02:00',
      location: { type: 'Point', coordinates: [1.8587, 50.9513] },
    });
    const second = await createObservation({
      startedAt: '2025-05-10T06:10:00+02:00',
      location: { type: 'Point', coordinates: [1.8588, 50.9513] },
    });
    const observer = await createUser(dataSource, { role: 'observer' });
    const context = await chromium.browser.createBrowserContext();
    try {
      const observerPage = await context.newPage();
      await observerPage.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
      await signIn(observerPage, running.baseUrl, observer);
      await observerPage.goto(`${running.baseUrl}/#/observations/${first.id}/show`, {
        waitUntil: 'domcontentloaded',
      });
      await observerPage.waitForSelector(`[data-duplicates-panel] [data-duplicate-id="${second.id}"]`, {
        timeout: 20_000,
      });
      expect(await observerPage.$('::-p-aria([name="Fusionner"][role="button"])')).toBeNull();
      expect(await observerPage.$('::-p-aria([name="Pas un doublon"][role="button"])')).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('marks the possible duplicates in the list and on the page header, with a tooltip', async () => {
    // Sorted by start, newest first.
    const first = await createObservation({
      startedAt: '2025-07-14T08:00:00+02:00',
      location: { type: 'Point', coordinates: [1.8587, 50.9513] },
    });
    const second = await createObservation({
      startedAt: '2025-07-14T08:40:00+02:00',
      location: { type: 'Point', coordinates: [1.8589, 50.9514] },
    });
    const alone = await createObservation({
      startedAt: '2025-07-15T08:00:00+02:00',
      location: { type: 'Point', coordinates: [2.3768, 51.0343] },
    });
    const { body: firstNow } = await api<ObservationRecord>('GET', `/api/observations/${first.id}`);
    expect(firstNow.possibleDuplicateIds).toEqual([second.id]);

    // Those days only: other files of the run share the database, with later records.
    const days = encodeURIComponent(
      JSON.stringify({ startedAt_gte: '2025-07-14', startedAt_lte: '2025-07-15' }),
    );
    await page.goto(`${running.baseUrl}/#/observations?filter=${days}`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.body.innerText.includes('15/07/2025 08:00'), {
      timeout: 20_000,
    });
    const marked = await page.$$eval('tbody tr', (rows) =>
      rows.map((row) => ({
        startedAt: /\d\d\/\d\d\/\d{4} \d\d:\d\d/.exec((row as HTMLElement).innerText)?.[0],
        marked: row.querySelector('[data-possible-duplicate]') !== null,
      })),
    );
    expect(marked.slice(0, 3)).toEqual([
      { startedAt: '15/07/2025 08:00', marked: false },
      { startedAt: '14/07/2025 08:40', marked: true },
      { startedAt: '14/07/2025 08:00', marked: true },
    ]);
    await page.hover('tbody tr:nth-child(2) [data-possible-duplicate]');
    await page.waitForFunction(
      () => document.querySelector('[role="tooltip"]')?.textContent === 'Doublon possible',
      { timeout: 10_000 },
    );

    // On the record's page, next to its title; not on the one without a duplicate.
    await page.goto(`${running.baseUrl}/#/observations/${first.id}/show`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(
      '#react-admin-title [data-possible-duplicate][aria-label="Doublon possible"]',
      {
        timeout: 20_000,
      },
    );
    await page.goto(`${running.baseUrl}/#/observations/${alone.id}/show`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(
      () => document.querySelector('#react-admin-title')?.textContent?.includes('15/07/2025'),
      {
        timeout: 20_000,
      },
    );
    expect(await page.$('#react-admin-title [data-possible-duplicate]')).toBeNull();
  });
});
