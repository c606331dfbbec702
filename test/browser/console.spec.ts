/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser, typeInto } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createSessionToken, createUser } from '../support/users';

interface ObservationRow {
  id: string;
  kind: string;
  startedAt: string;
  communeCode: string | null;
  description: string | null;
  location: { coordinates: [number, number] };
}

/** Sets a React-controlled input the way typing would (datetime-local has no reliable typing). */
async function setInputValue(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector);
  await page.$eval(
    selector,
    (element, next) => {
      const input = element as HTMLInputElement;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      setter?.call(input, next);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

describe('the console, in Chromium on a phone-sized screen', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  /** For the checks made straight against the API, next to what the browser shows. */
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
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await signIn(page, running.baseUrl, coordinator);
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
  });

  it('creates an observation through the form and finds it in the list', async () => {
    const word = `brouillard${randomUUID().slice(0, 8)}`;
    await page.goto(`${running.baseUrl}/#/observations/create`, { waitUntil: 'domcontentloaded' });

    await page.locator('::-p-aria([name="Type"][role="combobox"])').click();
    await page.locator('::-p-aria([name="Expulsion"][role="option"])').click();
    await setInputValue(page, 'input[name="startedAt"]', '2025-03-31T23:30');
    await typeInto(page, 'input[aria-label="Longitude"]', '1.8587');
    await typeInto(page, 'input[aria-label="Latitude"]', '50.9513');
    await typeInto(page, 'textarea[name="description"]', `Tentes emportées dans le ${word}`);
    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();

    await page.waitForFunction(() => /#\/observations\/[0-9a-f-]{36}\/show/.test(window.location.hash), {
      timeout: 20_000,
    });

    // What was stored is what was typed, with the commune derived by the server.
    const stored = await request<ObservationRow[]>(
      running.baseUrl,
      'GET',
      `/api/observations?q=${word}`,
      undefined,
      apiHeaders,
    );
    expect(stored.body).toHaveLength(1);
    const [observation] = stored.body as [ObservationRow];
    expect(observation.kind).toBe('eviction');
    expect(Date.parse(observation.startedAt)).toBe(Date.parse('2025-03-31T23:30:00+02:00'));
    expect(observation.location.coordinates).toEqual([1.8587, 50.9513]);
    expect(observation.communeCode).toBe('62193');

    // And the list shows it, in Paris time.
    await page.goto(
      `${running.baseUrl}/#/observations?filter=${encodeURIComponent(JSON.stringify({ q: word }))}`,
      { waitUntil: 'domcontentloaded' },
    );
    await page.waitForFunction(
      () =>
        document.body.innerText.includes('31/03/2025 23:30') && document.body.innerText.includes('Calais'),
      { timeout: 20_000 },
    );
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('Expulsion');
    expect(text).toContain('Brouillon');
  });

  it('submits an observation, then returns it with a comment shown on the record', async () => {
    const created = await request<{ id: string }>(
      running.baseUrl,
      'POST',
      '/api/observations',
      {
        kind: 'eviction',
        startedAt: '2025-04-02T08:00:00+02:00',
        location: { type: 'Point', coordinates: [1.8587, 50.9513] },
        arrests: 0,
      },
      apiHeaders,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    const status = async () =>
      (
        await request<{ status: string; reviewComment: string | null }>(
          running.baseUrl,
          'GET',
          `/api/observations/${id}`,
          undefined,
          apiHeaders,
        )
      ).body;

    await page.goto(`${running.baseUrl}/#/observations/${id}/show`, { waitUntil: 'domcontentloaded' });
    await page.locator('::-p-aria([name="Soumettre"][role="button"])').setTimeout(20_000).click();
    await page.waitForSelector('::-p-aria([name="Valider"][role="button"])', { timeout: 20_000 });
    expect(await status()).toMatchObject({ status: 'submitted' });

    const comment = `Préciser l’heure de fin ${randomUUID().slice(0, 8)}`;
    await page.locator('::-p-aria([name="Renvoyer"][role="button"])').click();
    await typeInto(page, '[role="dialog"] textarea[name="comment"]', comment);
    await page.locator('[role="dialog"] button[type="submit"]').click();
    await page.waitForFunction(
      (text) => document.body.innerText.includes(text),
      { timeout: 20_000 },
      comment,
    );
    await page.waitForSelector('::-p-aria([name="Soumettre"][role="button"])', { timeout: 20_000 });
    expect(await status()).toMatchObject({ status: 'draft', reviewComment: comment });
  });

  it('shows the demo banner only while the data is the demo set', async () => {
    try {
      await page.goto(`${running.baseUrl}/#/observations`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('::-p-aria([name="Corbeille"])', { timeout: 20_000 });
      expect(await page.evaluate(() => document.body.innerText)).not.toContain('Données de démonstration');

      await dataSource.query(
        `INSERT INTO dataset_facts (key, value) VALUES ('demo', '{"generatedAt": "2026-11-01T00:00:00Z"}')`,
      );
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => document.body.innerText.includes('Données de démonstration'), {
        timeout: 20_000,
      });
    } finally {
      await dataSource.query(`DELETE FROM dataset_facts WHERE key = 'demo'`);
    }
  });
});
