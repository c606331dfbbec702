/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser, typeInto } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createUser } from '../support/users';

const STATS = '/api/stats/summary?from=2031-01-01&to=2031-01-31';

describe('access tokens on the account page, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let dataSource: DataSource;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    chromium = await launchBrowser();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
  });

  const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);
  const waitForText = (page: Page, text: string) =>
    page.waitForFunction((wanted) => document.body.innerText.includes(wanted), { timeout: 20_000 }, text);
  const rowStatuses = (page: Page) =>
    page.$$eval('[data-testid="access-token-row"]', (rows) =>
      rows.map((row) => row.getAttribute('data-status')),
    );
  /** Clicks the button among `selector` whose text is `text`. */
  const clickButton = (page: Page, selector: string, text: string) =>
    page.$$eval(
      selector,
      (buttons, wanted) => {
        const button = buttons.find((candidate) => candidate.textContent?.trim() === wanted);
        if (!button) throw new Error(`no button ${wanted}`);
        (button as HTMLButtonElement).click();
      },
      text,
    );
  const useToken = (token: string) =>
    request(running.baseUrl, 'GET', STATS, undefined, { authorization: `Bearer ${token}` });

  it('creates a token whose secret is shown once, which a script can use until it is revoked', async () => {
    const user = await createUser(dataSource, { role: 'researcher' });
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, running.baseUrl, user);
    await page.goto(`${running.baseUrl}/#/account/security`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="access-tokens"]', { timeout: 20_000 });
    await waitForText(page, 'Aucun jeton.');
    expect(await bodyText(page)).toContain('Jetons d’accès');

    const form = '[data-testid="access-token-form"]';
    // Without a name nor the password, the form says what is missing and sends nothing.
    await page.click(`${form} button[type="submit"]`);
    await waitForText(page, 'Donnez un nom au jeton.');
    await typeInto(page, `${form} input[name="tokenName"]`, 'Script R — thèse');
    await typeInto(page, `${form} input[name="currentPassword"]`, 'not my password at all');
    await page.click(`${form} button[type="submit"]`);
    await waitForText(page, 'Mot de passe ou code incorrect.');
    expect(await page.$('[data-testid="access-token-secret"]')).toBeNull();

    await typeInto(page, `${form} input[name="currentPassword"]`, user.password);
    await page.click(`${form} button[type="submit"]`);
    await page.waitForSelector('[data-testid="access-token-secret"]', { timeout: 20_000 });
    const secret = await page.$eval(
      'input[name="accessToken"]',
      (input) => (input as HTMLInputElement).value,
    );
    expect(secret).toMatch(/^vgt_[A-Za-z0-9_-]{43}$/);
    expect(await bodyText(page)).toContain('il ne sera plus jamais affiché');
    const [row] = (await dataSource.query(
      `SELECT name, scopes, token_hash FROM access_tokens WHERE user_id = $1`,
      [user.id],
    )) as { name: string; scopes: string[]; token_hash: string }[];
    expect(row).toEqual({
      name: 'Script R — thèse',
      scopes: ['exports', 'stats'],
      token_hash: createHash('sha256').update(secret).digest('hex'),
    });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="access-token-row"]').length === 1,
      {
        timeout: 20_000,
      },
    );
    expect(await rowStatuses(page)).toEqual(['active']);
    expect((await useToken(secret)).status).toBe(200);

    // Once dismissed (or the page reloaded), the secret is nowhere on the page; its prefix names it.
    await clickButton(page, '[data-testid="access-token-secret"] button', 'J’ai copié le jeton');
    await page.waitForSelector('[data-testid="access-token-secret"]', { hidden: true, timeout: 20_000 });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="access-token-row"]', { timeout: 20_000 });
    const html = await page.content();
    expect(html).not.toContain(secret.slice(12));
    expect(await bodyText(page)).toContain(secret.slice(0, 12));

    await clickButton(page, '[data-testid="access-token-row"] button', 'Révoquer');
    await waitForText(page, 'Révoquer le jeton « Script R — thèse » ?');
    await page.waitForSelector('[role="dialog"]', { timeout: 10_000 });
    await clickButton(page, '[role="dialog"] button', 'Confirmer');
    await page.waitForSelector('[data-testid="access-token-row"][data-status="revoked"]', {
      timeout: 20_000,
    });
    const refused = await useToken(secret);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'access_token_revoked' });
  });

  it('offers an observer the statistics scope only', async () => {
    const user = await createUser(dataSource, { role: 'observer' });
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, running.baseUrl, user);
    await page.goto(`${running.baseUrl}/#/account/security`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="access-token-form"] input[name="scope-stats"]', {
      timeout: 20_000,
    });
    expect(await page.$('[data-testid="access-token-form"] input[name="scope-exports"]')).toBeNull();
  });
});
