/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { randomInt, randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser, typeInto } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createSessionToken, createUser } from '../support/users';

interface IncidentRow {
  id: string;
  type: string;
  occurredAt: string;
  observationId: string | null;
  status: string;
  location: { coordinates: [number, number] };
  consent: { publication: boolean; litigation: boolean; research: boolean };
}

const CALAIS = { type: 'Point', coordinates: [1.8587, 50.9513] };

const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

async function waitForText(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.body.innerText.includes(expected),
    { timeout: 20_000 },
    text,
  );
}

describe('incidents in the console, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  let apiHeaders: Record<string, string>;

  const api = async <T>(method: string, path: string, body?: unknown) =>
    request<T>(running.baseUrl, method, path, body, apiHeaders);

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    const coordinator = await createUser(dataSource, { role: 'coordinator' });
    apiHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, coordinator.id)}` };
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    // A phone: the observers' screen.
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await signIn(page, running.baseUrl, coordinator);
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
  });

  it("adds an incident from an observation's page, linked to it, at its time and place", async () => {
    const word = `lacrymo${randomUUID().slice(0, 8)}`;
    const observation = await api<{ id: string }>('POST', '/api/observations', {
      kind: 'eviction',
      startedAt: '2025-04-05T06:45:00+02:00',
      location: CALAIS,
      arrests: 0,
    });
    expect(observation.status, JSON.stringify(observation.body)).toBe(201);
    const observationId = observation.body.id;

    await page.goto(`${running.baseUrl}/#/observations/${observationId}/show/incidents`, {
      waitUntil: 'domcontentloaded',
    });
    await waitForText(page, 'Aucun incident lié à cette observation.');
    await page.locator('::-p-aria([name="Ajouter un incident"])').setTimeout(20_000).click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/incidents/create'), {
      timeout: 20_000,
    });

    // The form starts from the observation: its start time (Paris) and its position.
    await page.waitForFunction(
      () =>
        (document.querySelector('input[name="occurredAt"]') as HTMLInputElement | null)?.value ===
        '2025-04-05T06:45',
      { timeout: 20_000 },
    );
    expect(
      await page.$eval('input[aria-label="Longitude"]', (input) => (input as HTMLInputElement).value),
    ).toBe('1.8587');
    await page.locator('::-p-aria([name="Type"][role="combobox"])').click();
    // A DOM click: on a phone the long menu is still moving when a pointer click would land.
    const option = await page.waitForSelector('::-p-aria([name="Gaz lacrymogène"][role="option"])');
    await option?.evaluate((element) => (element as HTMLElement).click());
    // The menu must be gone, or the next tap would land on one of its options.
    await page.waitForSelector('[role="listbox"]', { hidden: true, timeout: 20_000 });
    await typeInto(page, 'textarea[name="description"]', `Grenades tirées vers les tentes, ${word}`);
    // A coordinator may write a testimony when creating the incident (it cannot read it afterwards).
    expect(await page.$('textarea[name="testimony"]')).not.toBeNull();
    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
    await page.waitForFunction(() => /#\/incidents\/[0-9a-f-]{36}\/show/.test(window.location.hash), {
      timeout: 20_000,
    });

    // Stored as entered, linked to the observation; no consent was ticked, so none is recorded.
    const stored = await api<IncidentRow[]>('GET', `/api/incidents?q=${word}`);
    expect(stored.body).toHaveLength(1);
    const [incident] = stored.body as [IncidentRow];
    expect(incident).toMatchObject({ type: 'tear_gas', observationId, status: 'draft' });
    expect(Date.parse(incident.occurredAt)).toBe(Date.parse('2025-04-05T06:45:00+02:00'));
    expect(incident.location.coordinates).toEqual(CALAIS.coordinates);
    expect(incident.consent).toEqual({ publication: false, litigation: false, research: false });
    // The record page links back to the observation.
    await waitForText(page, 'Expulsion — 05/04/2025 06:45');
    // Editing, the coordinator is not offered the restricted testimony it cannot read.
    await page.goto(`${running.baseUrl}/#/incidents/${incident.id}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('textarea[name="description"]', { timeout: 20_000 });
    expect(await page.$('textarea[name="testimony"]')).toBeNull();

    // The observation's page lists it…
    await page.goto(`${running.baseUrl}/#/observations/${observationId}/show/incidents`, {
      waitUntil: 'domcontentloaded',
    });
    await waitForText(page, 'Gaz lacrymogène');
    expect(await bodyText(page)).toContain('05/04/2025 06:45');
    expect(await bodyText(page)).not.toContain('Aucun incident lié à cette observation.');

    // …and so does the incidents list.
    await page.goto(
      `${running.baseUrl}/#/incidents?filter=${encodeURIComponent(JSON.stringify({ q: word }))}`,
      { waitUntil: 'domcontentloaded' },
    );
    await waitForText(page, '05/04/2025 06:45');
    const text = await bodyText(page);
    expect(text).toContain('Gaz lacrymogène');
    expect(text).toContain('Brouillon');
  });

  it('shows a submitted incident to a coordinator in "À relire", who validates it there', async () => {
    // A time of its own, to find its row among whatever else waits for review.
    const hour = String(randomInt(0, 24)).padStart(2, '0');
    const minute = String(randomInt(0, 60)).padStart(2, '0');
    const day = String(randomInt(1, 29)).padStart(2, '0');
    const created = await api<{ id: string }>('POST', '/api/incidents', {
      type: 'observer_id_check',
      occurredAt: `2024-02-${day}T${hour}:${minute}:00+01:00`,
      location: CALAIS,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    expect((await api('POST', `/api/incidents/${id}/submit`, {})).status).toBe(200);
    const shown = `${day}/02/2024 ${hour}:${minute}`;

    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${running.baseUrl}/#/observations`, { waitUntil: 'domcontentloaded' });
    await page.locator('::-p-aria([name="À relire"][role="menuitem"])').setTimeout(20_000).click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/review'), { timeout: 20_000 });
    await waitForText(page, 'Incidents soumis');
    await waitForText(page, shown);

    const row = await page.waitForSelector(`::-p-xpath(//tr[contains(., "${shown}")])`, { timeout: 20_000 });
    expect(await row?.evaluate((element) => (element as HTMLElement).innerText)).toContain(
      'Contrôle d’identité d’observateur·ices',
    );
    const validate = await row?.waitForSelector('::-p-aria([name="Valider"][role="button"])');
    await validate?.click();

    await page.waitForFunction((text) => !document.body.innerText.includes(text), { timeout: 20_000 }, shown);
    const after = await api<IncidentRow>('GET', `/api/incidents/${id}`);
    expect(after.body.status).toBe('validated');
    // Still on the review page, not sent to the record by the row's own click.
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/review/);
  });

  it('returns an incident from "À relire" with a comment, which its author then reads on the record', async () => {
    const observer = await createUser(dataSource, { role: 'observer' });
    const observerHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, observer.id)}` };
    const minute = String(randomInt(0, 60)).padStart(2, '0');
    const created = await request<{ id: string }>(
      running.baseUrl,
      'POST',
      '/api/incidents',
      { type: 'observer_fine', occurredAt: `2023-11-11T21:${minute}:00+01:00`, location: CALAIS },
      observerHeaders,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    const submitted = await request(
      running.baseUrl,
      'POST',
      `/api/incidents/${id}/submit`,
      {},
      observerHeaders,
    );
    expect(submitted.status).toBe(200);
    const shown = `11/11/2023 21:${minute}`;
    const comment = `Préciser le montant de l’amende ${randomUUID().slice(0, 8)}`;

    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${running.baseUrl}/#/review`, { waitUntil: 'domcontentloaded' });
    // The previous test left the page there: only the hash would not reload it.
    await page.reload({ waitUntil: 'domcontentloaded' });
    const row = await page.waitForSelector(`::-p-xpath(//tr[contains(., "${shown}")])`, { timeout: 20_000 });
    const returnButton = await row?.waitForSelector('::-p-aria([name="Renvoyer"][role="button"])');
    await returnButton?.click();
    await typeInto(page, '[role="dialog"] textarea[name="comment"]', comment);
    await page.locator('[role="dialog"] button[type="submit"]').click();
    await page.waitForFunction((text) => !document.body.innerText.includes(text), { timeout: 20_000 }, shown);
    const after = await api<IncidentRow & { reviewComment: string | null }>('GET', `/api/incidents/${id}`);
    expect(after.body).toMatchObject({ status: 'draft', reviewComment: comment });

    // The observer, on its own phone, finds the comment at the top of its record, and may resubmit.
    const context = await chromium.browser.createBrowserContext();
    try {
      const observerPage = await context.newPage();
      await observerPage.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
      await signIn(observerPage, running.baseUrl, observer);
      await observerPage.goto(`${running.baseUrl}/#/incidents/${id}/show`, { waitUntil: 'domcontentloaded' });
      await waitForText(observerPage, 'Renvoyée pour correction');
      expect(await bodyText(observerPage)).toContain(comment);
      await observerPage.waitForSelector('::-p-aria([name="Soumettre"][role="button"])', { timeout: 20_000 });
      // "À relire" is not in an observer's menu (a wide screen keeps the menu open).
      await observerPage.setViewport({ width: 1280, height: 900 });
      const menu = await observerPage.waitForFunction(
        () => {
          const text = (document.querySelector('.RaMenu-open') as HTMLElement | null)?.innerText;
          return text?.includes('Communes') ? text : false;
        },
        { timeout: 20_000 },
      );
      const menuText = String(await menu.jsonValue());
      expect(menuText).toContain('Incidents');
      expect(menuText).not.toContain('À relire');
    } finally {
      await context.close();
    }
  });
});
