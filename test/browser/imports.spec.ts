/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportRecord, ObservationRecord, SiteRecord } from '@vigie/domain';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, typeInto, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { siteInput, uniqueWord } from '../support/e2e-api';
import { request } from '../support/http';
import { createSessionToken, createUser, type TestUser } from '../support/users';

/*
 * Issue 14: « A browser test runs the wizard end to end on the legacy spreadsheet ». The sheet is
 * the kind an observatory kept before Vigie: no type column (every row is an eviction), dates and
 * times apart, one column per seized item, a free-form forces column. Its rows sit in March 2021
 * on a site of this file's own, so that the observations are found by that site.
 */

const HEADER = [
  'N° fiche',
  'Date',
  'Heure',
  'Lieu',
  'GPS',
  'Forces',
  'Tentes saisies',
  'Sacs de couchage',
  'Personnes expulsées',
  'Commentaire',
];

/** The sheet's rows after the header (spreadsheet rows 2 to 7); row 4's date does not exist. */
function legacyRows(site: string): (string | number)[][] {
  return [
    ['F-101', '12/03/2021', '07:30', site, '50.9513, 1.8587', 'CRS, GM', 12, 8, 40, 'Tentes lacérées'],
    ['F-102', '15/03/2021', '08:00', site, '50.9520 1.8601', 'C.R.S.', 5, 0, 25, 'Arrivée par le nord'],
    ['F-103', '31/02/2021', '07:45', site, '50.9513, 1.8587', 'PN', 3, 2, 10, 'Date mal saisie'],
    ['F-104', '19/03/2021', '', site, '50.9513, 1.8587', 'gendarmes mobiles', 0, 4, 15, 'Heure inconnue'],
    ['F-105', '23/03/2021', '06:50', site, '50.9513, 1.8587', 'CRS et GM', 7, 7, 30, ''],
    ['F-106', '26/03/2021', '09:15', site, '50.9513, 1.8587', 'CRS GM PN', 2, 1, 12, 'Pluie'],
  ];
}

async function writeLegacySheet(path: string, site: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Expulsions 2021');
  sheet.addRow(HEADER);
  for (const row of legacyRows(site)) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
}

/** Where to put screenshots of each step (and of a failure), when set. */
const SHOTS = process.env.VIGIE_IMPORT_SHOTS;

describe('the import wizard and the Kobo feeds, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let dataSource: DataSource;
  let context: BrowserContext | undefined;
  let files: string;
  let coordinator: TestUser;
  let site: SiteRecord;
  let api: <T>(method: string, path: string, body?: unknown) => Promise<T>;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    chromium = await launchBrowser();
    files = mkdtempSync(join(tmpdir(), 'vigie-imports-'));

    coordinator = await createUser(dataSource, { role: 'coordinator' });
    const headers = { authorization: `Bearer ${await createSessionToken(dataSource, coordinator.id)}` };
    api = async <T>(method: string, path: string, body?: unknown) => {
      const response = await request<T>(running.baseUrl, method, path, body, headers);
      expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
      return response.body;
    };
    site = await api<SiteRecord>('POST', '/api/sites', siteInput({ name: `Bois ${uniqueWord('lieu')}` }));
  });

  afterEach(async ({ task }) => {
    if (SHOTS && task.result?.state === 'fail' && context) {
      const [page] = await context.pages();
      if (page) await shot(page, `failed-${task.name.slice(0, 20)}`);
    }
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    rmSync(files, { recursive: true, force: true });
  });

  async function shot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  const waitForText = (page: Page, text: string) =>
    page.waitForFunction((wanted) => document.body.innerText.includes(wanted), { timeout: 20_000 }, text);

  async function openAsCoordinator(): Promise<Page> {
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    await signIn(page, running.baseUrl, coordinator);
    return page;
  }

  /** The target the mapping step shows for a column of the file. */
  const targetOf = (page: Page, column: string) =>
    page.$eval(
      `[data-testid="mapping-line"][data-column="${column}"] select`,
      (select) => (select as HTMLSelectElement).value,
    );

  /** Picks an option of a native select by its value, as a person would from the list. */
  async function select(page: Page, selector: string, value: string): Promise<void> {
    await page.waitForSelector(selector);
    await page.select(selector, value);
  }

  const countOf = async (page: Page, testId: string) =>
    Number(await page.$eval(`[data-testid="${testId}"]`, (element) => element.getAttribute('data-count')));

  const observationsOfSite = () =>
    api<ObservationRecord[]>('GET', `/api/observations?siteId=${site.id}&_start=0&_end=100`);

  it('imports the legacy spreadsheet: suggestions, default type, check, import, history and undo', async () => {
    const path = join(files, 'expulsions-2021.xlsx');
    await writeLegacySheet(path, site.name);
    const page = await openAsCoordinator();

    // Step 1: the file.
    await page.goto(`${running.baseUrl}/#/imports/create`, { waitUntil: 'domcontentloaded' });
    const input = await page.waitForSelector('input[data-testid="import-file"]', { timeout: 20_000 });
    await input!.uploadFile(path);
    await waitForText(page, 'expulsions-2021.xlsx');
    // Buttons are found by their text: Chromium's accessible name of an MUI button is upper case.
    await page.locator('::-p-text(Envoyer)').click();

    // Step 2: the mapping the API suggests from the headers and the first rows.
    await page.waitForSelector('[data-testid="mapping-line"]', { timeout: 20_000 });
    await waitForText(page, 'Correspondance proposée d’après les en-têtes');
    expect(await targetOf(page, 'N° fiche')).toBe('sourceId');
    expect(await targetOf(page, 'Date')).toBe('startedAt.date');
    expect(await targetOf(page, 'Heure')).toBe('startedAt.time');
    expect(await targetOf(page, 'Lieu')).toBe('site');
    expect(await targetOf(page, 'GPS')).toBe('location');
    expect(await targetOf(page, 'Forces')).toBe('forces');
    expect(await targetOf(page, 'Tentes saisies')).toBe('seizures.tent.quantity');
    expect(await targetOf(page, 'Sacs de couchage')).toBe('seizures.sleeping_bag.quantity');
    expect(await targetOf(page, 'Personnes expulsées')).toBe('peopleEvicted');
    expect(await targetOf(page, 'Commentaire')).toBe('description');

    // No column gives the type: the step asks for a default one.
    await page.waitForSelector('[data-testid="mapping-needs-type"]');
    expect(await page.$eval('[data-testid="mapping-needs-type"]', (element) => element.textContent)).toBe(
      'Aucune colonne ne donne le type : choisissez une valeur par défaut',
    );
    const kindLabels = await page.$$eval('[data-testid="mapping-default-kind"] option', (options) =>
      options.map((option) => option.textContent),
    );
    expect(kindLabels).toContain('Expulsion');
    await select(page, '[data-testid="mapping-default-kind"]', 'eviction');
    await page.waitForSelector('[data-testid="mapping-needs-type"]', { hidden: true });
    // Row 5 has no time: mornings, says the team.
    await typeInto(page, '[data-testid="mapping-default-startedAt.time"]', '07:00');
    await shot(page, '1-mapping');

    // Step 3: the check.
    await page.locator('[data-testid="import-check"]').click();
    await page.waitForSelector('[data-testid="summary-create"]', { timeout: 20_000 });
    expect(await countOf(page, 'summary-create')).toBe(5);
    expect(await countOf(page, 'summary-update')).toBe(0);
    expect(await countOf(page, 'summary-unchanged')).toBe(0);
    expect(await countOf(page, 'summary-rejected')).toBe(1);
    // The rejected rows are shown first: spreadsheet row 4, for its date.
    const rejected = await page.waitForSelector('[data-testid="import-row"][data-action="rejected"]', {
      timeout: 20_000,
    });
    expect(await rejected!.evaluate((row) => row.getAttribute('data-row'))).toBe('4');
    const rejectedText = await rejected!.evaluate((row) => (row as HTMLElement).innerText);
    expect(rejectedText).toContain('Rejetée');
    expect(rejectedText).toMatch(/startedAt/);
    expect(rejectedText).toContain('31/02/2021');
    expect(await page.$$('[data-testid="import-row"]')).toHaveLength(1);
    await shot(page, '2-check');

    // Step 4: the import, skipping the rejected row.
    await page.locator('[data-testid="import-next"]').click();
    const commit = await page.waitForSelector('[data-testid="import-commit"]');
    expect(await commit!.evaluate((button) => (button as HTMLButtonElement).disabled)).toBe(true);
    await page.locator('::-p-aria([name="Ignorer les lignes rejetées (1)"][role="checkbox"])').click();
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="import-commit"]') as HTMLButtonElement).disabled,
    );
    await page.locator('[data-testid="import-commit"]').click();
    await page.waitForSelector('[data-testid="import-result"]', { timeout: 20_000 });
    expect(await countOf(page, 'result-created')).toBe(5);
    expect(await countOf(page, 'result-updated')).toBe(0);
    expect(await countOf(page, 'result-skipped')).toBe(1);
    await shot(page, '3-result');

    // What the API holds: five observations submitted for review, with their forces and seizures.
    const observations = await observationsOfSite();
    expect(observations).toHaveLength(5);
    for (const observation of observations) {
      expect(observation.status).toBe('submitted');
      expect(observation.kind).toBe('eviction');
    }
    const byDate = new Map(
      observations.map((observation) => [new Date(observation.startedAt).toISOString(), observation]),
    );
    const first = byDate.get('2021-03-12T06:30:00.000Z');
    expect(first, [...byDate.keys()].join(', ')).toBeDefined();
    expect(first!.peopleEvicted).toBe(40);
    expect(first!.forces.map((force) => force.unit).sort()).toEqual(['crs', 'gm']);
    expect(
      first!.seizures
        .map(({ item, quantity }) => ({ item, quantity }))
        .sort((a, b) => a.item.localeCompare(b.item)),
    ).toEqual([
      { item: 'sleeping_bag', quantity: 8 },
      { item: 'tent', quantity: 12 },
    ]);
    // « C.R.S. » read as the CRS.
    expect(byDate.get('2021-03-15T07:00:00.000Z')!.forces.map((force) => force.unit)).toEqual(['crs']);
    // No time on row 5: the default one, Paris time.
    expect(byDate.get('2021-03-19T06:00:00.000Z')).toBeDefined();

    // The history: the import, its counts, and its undo.
    await page.locator('::-p-text(Voir l’historique des imports)').click();
    const line = await page.waitForSelector('[data-testid="import-status"][data-status="committed"]', {
      timeout: 20_000,
    });
    const row = await line!.evaluateHandle((element) => element.closest('tr')!);
    const rowText = await row.evaluate((element) => (element as HTMLElement).innerText);
    expect(rowText).toContain('expulsions-2021.xlsx');
    expect(rowText).toContain('5 créées, 0 mises à jour, 0 inchangées, 1 ignorées');
    expect(rowText).toContain('Importé');
    await shot(page, '4-history');
    await page.locator('::-p-text(Annuler l’import)').click();
    await waitForText(page, 'Annuler l’import « expulsions-2021.xlsx » ?');
    await page.locator('::-p-text(Confirmer)').click();
    await page.waitForSelector('[data-testid="import-status"][data-status="undone"]', { timeout: 20_000 });
    await shot(page, '5-undone');

    expect(await observationsOfSite()).toEqual([]);
    const [record] = await api<ImportRecord[]>('GET', '/api/imports?_start=0&_end=1');
    expect(record!.status).toBe('undone');
  });

  it('creates a Kobo feed from a saved mapping and shows its URL once', async () => {
    const mapping = await api<{ id: string; name: string }>('POST', '/api/import-mappings', {
      name: `Formulaire ${uniqueWord('kobo')}`,
      kind: 'observations',
      columns: ['_uuid', 'date', 'gps'],
      mapping: {
        columns: { _uuid: 'sourceId', date: 'startedAt', gps: 'location' },
        sourceIdColumn: '_uuid',
        defaults: { kind: 'eviction' },
      },
    });
    const page = await openAsCoordinator();
    await page.goto(`${running.baseUrl}/#/kobo-feeds/create`, { waitUntil: 'domcontentloaded' });
    await typeInto(page, 'input[required]:not([type="hidden"])', 'Formulaire Calais');
    await page.waitForFunction(
      (id) => document.querySelector(`option[value="${id}"]`) !== null,
      { timeout: 20_000 },
      mapping.id,
    );
    await page.select('select[required]', mapping.id);
    await page.locator('::-p-text(Créer le flux)').click();

    const field = await page.waitForSelector('[data-testid="kobo-feed-url-value"]', { timeout: 20_000 });
    const url = await field!.evaluate((input) => (input as HTMLInputElement).value);
    expect(url).toMatch(/\/api\/import\/kobo\/vkf_[A-Za-z0-9_-]+$/);
    await shot(page, '6-kobo-url');

    // Once: the list shows the feed, never its URL again.
    await page.locator('::-p-text(J’ai copié l’adresse)').click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('tbody tr')].some((row) =>
          (row as HTMLElement).innerText.includes('Formulaire Calais'),
        ),
      { timeout: 20_000 },
    );
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain(mapping.name);
    expect(text).toContain('0 acceptées, 0 refusées');
    expect(await page.content()).not.toContain(url.slice(url.lastIndexOf('/') + 1));
    const feeds = await api<Record<string, unknown>[]>('GET', '/api/kobo-feeds?_start=0&_end=100');
    const feed = feeds.find((candidate) => candidate.name === 'Formulaire Calais');
    expect(feed).toMatchObject({
      mappingId: mapping.id,
      acceptedCount: 0,
      rejectedCount: 0,
      revokedAt: null,
    });
    expect(feed).not.toHaveProperty('token');
    expect(feed).not.toHaveProperty('url');
  });
});
