/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import type { Role } from '@vigie/domain';
import { generate } from 'otplib';
import type { BrowserContext, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser, typeInto } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createUser, type TestUser } from '../support/users';

const SESSION_COOKIE = 'vigie_session';

/** The text of the side menu, once react-admin has asked which entries the role may see. */
async function menuText(page: Page): Promise<string> {
  await page.waitForFunction(
    () => document.querySelector('.RaMenu-open, .RaMenu-closed')?.textContent?.includes('Communes'),
    { timeout: 20_000 },
  );
  return page.$eval('.RaMenu-open, .RaMenu-closed', (menu) => (menu as HTMLElement).innerText);
}

/** Signing in lands on the dashboard (its key figures load), then opens the observations list. */
async function openObservationList(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="figure-evictions"]', { timeout: 20_000 });
  await page.locator('::-p-aria([name="Observations"][role="menuitem"])').click();
  await page.waitForFunction(() => window.location.hash.startsWith('#/observations'), { timeout: 20_000 });
  await page.waitForSelector('input[name="q"]', { timeout: 20_000 });
}

const hasCreateLink = (page: Page) =>
  page.evaluate(() => document.querySelector('a[href$="#/observations/create"]') !== null);

describe('signing in and what each role sees, in Chromium', () => {
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

  /** A fresh browser profile (no cookie) on a desktop screen, where the side menu is always open. */
  async function newPage(): Promise<Page> {
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    return page;
  }

  async function signedIn(role: Role): Promise<{ page: Page; user: TestUser }> {
    const user = await createUser(dataSource, { role });
    const page = await newPage();
    await signIn(page, running.baseUrl, user);
    return { page, user };
  }

  it('sends a visitor without a session to the login page', async () => {
    const page = await newPage();
    await page.goto(`${running.baseUrl}/#/observations`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('input[name="email"]', { timeout: 20_000 });
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/login/);
  });

  it('signs in, lists the observations, signs out, and the old cookie no longer works', async () => {
    const { page, user } = await signedIn('coordinator');
    await openObservationList(page);
    // The app bar names the user and the role.
    await page.waitForFunction((name: string) => document.body.innerText.includes(name), {}, user.name);
    expect(await page.evaluate(() => document.body.innerText)).toContain('Coordination terrain');

    const cookie = (await context!.cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    const withCookie = { cookie: `${SESSION_COOKIE}=${cookie?.value}` };
    expect((await request(running.baseUrl, 'GET', '/api/auth/me', undefined, withCookie)).status).toBe(200);

    await page.locator('::-p-aria([name="Profil"][role="button"])').click();
    await page.locator('::-p-aria([name="Déconnexion"][role="menuitem"])').click();
    await page.waitForSelector('input[name="email"]', { timeout: 20_000 });
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/login/);

    expect((await request(running.baseUrl, 'GET', '/api/auth/me', undefined, withCookie)).status).toBe(401);
  });

  it('says the same thing for a wrong password as for an unknown email', async () => {
    const user = await createUser(dataSource, { role: 'observer' });
    const page = await newPage();
    const messageFor = async (email: string, password: string) => {
      await page.goto(`${running.baseUrl}/#/login`, { waitUntil: 'domcontentloaded' });
      await typeInto(page, 'input[name="email"]', email);
      await typeInto(page, 'input[name="password"]', password);
      await page.locator('::-p-aria([name="Se connecter"][role="button"])').click();
      const alert = await page.waitForSelector('[role="alert"]', { timeout: 20_000 });
      const text = await alert?.evaluate((element) => (element as HTMLElement).innerText);
      await page.reload({ waitUntil: 'domcontentloaded' });
      return text;
    };
    const wrongPassword = await messageFor(user.email, 'not the password at all');
    const unknownEmail = await messageFor(`nobody-${user.id}@vigie.test`, 'not the password at all');
    expect(wrongPassword).toBe('Adresse e-mail, mot de passe ou code incorrect.');
    expect(unknownEmail).toBe(wrongPassword);
  });

  it('asks an account with a second factor for its code, refuses a wrong one, then signs in', async () => {
    const user = await createUser(dataSource, { role: 'observer', withTotp: true });
    const page = await newPage();
    await page.goto(`${running.baseUrl}/#/login`, { waitUntil: 'domcontentloaded' });
    await typeInto(page, 'input[name="email"]', user.email);
    await typeInto(page, 'input[name="password"]', user.password);
    const signInButton = '::-p-aria([name="Se connecter"][role="button"])';
    await page.locator(signInButton).click();
    await page.waitForSelector('input[name="totp"]', { timeout: 20_000 });
    expect(await page.$('input[name="password"]')).toBeNull();

    await typeInto(page, 'input[name="totp"]', '12');
    await page.locator(signInButton).click();
    await page.waitForFunction(() => document.body.innerText.includes('Six chiffres attendus'), {
      timeout: 20_000,
    });

    const code = await generate({ secret: user.totpSecret ?? '' });
    await typeInto(page, 'input[name="totp"]', code === '000000' ? '111111' : '000000');
    await page.locator(signInButton).click();
    const alert = await page.waitForSelector('[role="alert"]', { timeout: 20_000 });
    expect(await alert?.evaluate((element) => (element as HTMLElement).innerText)).toBe(
      'Adresse e-mail, mot de passe ou code incorrect.',
    );
    // Still at the code step, the refused code wiped.
    expect(await page.$eval('input[name="totp"]', (input) => (input as HTMLInputElement).value)).toBe('');

    await typeInto(page, 'input[name="totp"]', code);
    await page.locator(signInButton).click();
    await page.waitForFunction(() => !globalThis.location.hash.startsWith('#/login'), { timeout: 20_000 });
  });

  it('hides users, the audit log and the create button from a communication user', async () => {
    const { page } = await signedIn('communication');
    await openObservationList(page);
    const menu = await menuText(page);
    expect(menu).toContain('Observations');
    expect(menu).toContain('Lieux de vie');
    expect(menu).toContain('Carte des observations');
    expect(menu).not.toContain('Utilisateurs');
    expect(menu).not.toContain('Journal d’audit');
    expect(menu).not.toContain('Sécurité');
    expect(menu).toContain('Tableau de bord');
    expect(menu).toContain('Publications');
    expect(await hasCreateLink(page)).toBe(false);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Corbeille');
  });

  it('shows users, the audit log and the create button to an admin', async () => {
    const { page } = await signedIn('admin');
    await openObservationList(page);
    const menu = await menuText(page);
    expect(menu).toContain('Utilisateurs');
    expect(menu).toContain('Journal d’audit');
    expect(menu).toContain('Sécurité');
    await page.waitForSelector('a[href$="#/observations/create"]', { timeout: 20_000 });
  });

  it("lists an admin's own sign-in in the audit log, and the chain verifies", async () => {
    const { page } = await signedIn('admin');
    await page.locator('::-p-aria([name="Journal d’audit"][role="menuitem"])').click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/audit-events'), { timeout: 20_000 });
    // "Connexion" is the label of the `login` action.
    await page.waitForFunction(() => document.body.innerText.includes('Connexion'), { timeout: 20_000 });
    await page.locator('::-p-aria([name="Vérifier la chaîne"][role="button"])').click();
    await page.waitForSelector('[data-chain="ok"]', { timeout: 20_000 });
  });

  it('asks for the current password before setting up a second factor, then turns it on', async () => {
    const { page, user } = await signedIn('observer');
    await page.goto(`${running.baseUrl}/#/account/security`, { waitUntil: 'domcontentloaded' });
    // The form's one button: « Activer la double authentification ».
    const start = 'form button[type="submit"]';
    await page.waitForFunction(
      () =>
        document.querySelector('form button[type="submit"]')?.textContent ===
        'Activer la double authentification',
      { timeout: 20_000 },
    );
    await page.click(start);
    await page.waitForFunction(
      () => document.body.innerText.includes('Saisissez votre mot de passe actuel.'),
      { timeout: 20_000 },
    );

    await typeInto(page, 'input[name="currentPassword"]', 'not my password at all');
    await page.click(start);
    await page.waitForFunction(() => document.body.innerText.includes('Mot de passe ou code incorrect.'), {
      timeout: 20_000,
    });
    const [pending] = await dataSource.query(`SELECT totp_secret FROM users WHERE id = $1`, [user.id]);
    expect(pending).toEqual({ totp_secret: null });

    await typeInto(page, 'input[name="currentPassword"]', user.password);
    await page.click(start);
    await page.waitForSelector('[data-testid="totp-secret"]', { timeout: 20_000 });
    const secret = await page.$eval('[data-testid="totp-secret"]', (node) => node.textContent ?? '');
    await typeInto(page, 'input[name="code"]', await generate({ secret }));
    await page.click('form button[type="submit"]');
    await page.waitForFunction(
      () => document.body.innerText.includes('La double authentification est activée.'),
      {
        timeout: 20_000,
      },
    );
    // Turning it off asks for the password as well as a code.
    expect(await page.$('input[name="currentPassword"]')).not.toBeNull();
  });

  it('shows a researcher the dashboard and the communes only', async () => {
    const { page } = await signedIn('researcher');
    // Researchers read the statistics (DESIGN §4 "stats"), not the records nor the publications.
    await page.waitForSelector('[data-testid="figure-evictions"]', { timeout: 20_000 });
    const menu = await menuText(page);
    expect(menu).toContain('Tableau de bord');
    expect(menu).not.toContain('Observations');
    expect(menu).not.toContain('Lieux de vie');
    expect(menu).not.toContain('Utilisateurs');
    expect(menu).not.toContain('Publications');
  });
});
