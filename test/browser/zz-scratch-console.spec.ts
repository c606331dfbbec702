/// <reference lib="dom" />
// THROWAWAY (console helper's own check, deleted after use): mounts the not-yet-wired modules in memory.
import { generate } from 'otplib';
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { AppModule } from '../../apps/api/src/app.module';
import { AccessControlFeatureModule } from '../../apps/api/src/access-control.module';
import { AuditApiModule } from '../../apps/api/src/audit/audit-api.module';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createUser, type TestUser } from '../support/users';

const original = AppModule.forRoot.bind(AppModule);
AppModule.forRoot = (config) => {
  const module = original(config);
  return { ...module, imports: [...(module.imports ?? []), AccessControlFeatureModule, AuditApiModule] };
};

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  const field = await page.waitForSelector(selector);
  await field?.click({ count: 3 });
  await page.keyboard.press('Backspace');
  await field?.type(text);
}

async function signIn(
  page: Page,
  baseUrl: string,
  user: Pick<TestUser, 'email' | 'password'>,
): Promise<void> {
  await page.goto(`${baseUrl}/#/login`, { waitUntil: 'domcontentloaded' });
  await typeInto(page, 'input[name="email"]', user.email);
  await typeInto(page, 'input[name="password"]', user.password);
  await page.locator('::-p-aria([name="Se connecter"][role="button"])').click();
  await page.waitForFunction(() => !window.location.hash.startsWith('#/login'), { timeout: 20_000 });
}

const text = (page: Page) => page.evaluate(() => document.body.innerText);
const waitText = (page: Page, needle: string) =>
  page
    .waitForFunction((n: string) => document.body.innerText.includes(n), { timeout: 15_000 }, needle)
    .catch(async (error: unknown) => {
      console.log('PAGE', await page.evaluate(() => window.location.hash), await text(page));
      await page.screenshot({ path: `/tmp/scratch-${needle.replace(/\W/g, '')}.png` });
      throw error;
    });

describe('scratch', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let dataSource: DataSource;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    chromium = await launchBrowser();
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
  });

  it('users admin, history, audit, settings, TOTP', async () => {
    const admin = await createUser(dataSource, { role: 'admin' });
    const context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('response', async (response) => {
      const method = response.request().method();
      if (method !== 'GET' && false) console.log('HTTP', method, response.url(), response.status(), response.request().postData(), await response.text().catch(() => ''));
    });
    page.on('console', (message) => {
      if (message.type() === 'error') console.log('CONSOLE', message.text());
    });
    await signIn(page, running.baseUrl, admin);

    // Users list, create
    await page.goto(`${running.baseUrl}/#/users`, { waitUntil: 'domcontentloaded' });
    await waitText(page, admin.email);
    await page.goto(`${running.baseUrl}/#/users/create`, { waitUntil: 'domcontentloaded' });
    await waitText(page, 'Au moins 12 caractères');
    await typeInto(page, 'input[name="email"]', 'new-person@vigie.test');
    await typeInto(page, 'input[name="name"]', 'Nouvelle Personne');
    await typeInto(page, 'input[name="password"]', 'password1234');
    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    console.log(
      'AFTER COMMON PASSWORD',
      await page.evaluate(() => window.location.hash),
      (await text(page)).slice(0, 1500),
    );
    await typeInto(page, 'input[name="password"]', 'une phrase de passe assez longue 7');
    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
    await page.waitForFunction(() => /#\/users\/[0-9a-f-]{36}\/show/.test(window.location.hash), {
      timeout: 15_000,
    });
    const userUrl = await page.evaluate(() => window.location.hash);
    console.log('SHOW', (await text(page)).slice(0, 1500));

    // Edit: change role
    await page.goto(`${running.baseUrl}/${userUrl.replace('/show', '')}`, { waitUntil: 'domcontentloaded' });
    await waitText(page, 'Actif');
    await page.locator('::-p-aria([name="Rôle"][role="combobox"])').click();
    await page.locator('::-p-aria([name="Coordination terrain"][role="option"])').click();
    await new Promise((resolve) => setTimeout(resolve, 800));
    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
    await page.waitForFunction(() => /\/show$/.test(window.location.hash), { timeout: 15_000 }).catch(async (e: unknown) => {
      console.log('EDIT FAIL', await page.evaluate(() => window.location.hash), await text(page));
      throw e;
    });
    await page.goto(`${running.baseUrl}/${userUrl}/history`, { waitUntil: 'domcontentloaded' });
    await waitText(page, 'Coordination terrain');
    console.log('HISTORY', (await text(page)).slice(0, 2000));

    // Reset password dialog
    await page.goto(`${running.baseUrl}/${userUrl}`, { waitUntil: 'domcontentloaded' });
    await page.locator('::-p-aria([name="Réinitialiser le mot de passe"][role="button"])').click();
    await typeInto(page, '[role="dialog"] input[name="password"]', 'password1234');
    await page.keyboard.press('Enter');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    console.log('RESET COMMON', await page.$eval('[role="dialog"]', (d) => (d as HTMLElement).innerText));
    await typeInto(page, '[role="dialog"] input[name="password"]', 'une autre phrase de passe 9');
    await page.keyboard.press('Enter');
    await waitText(page, 'Mot de passe réinitialisé');

    // Deactivate
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log('DIALOGS', await page.$$eval('[role="dialog"], .MuiBackdrop-root, .MuiModal-root', (ds) => ds.map((d) => `${d.className}|${(d as HTMLElement).style.cssText}|${getComputedStyle(d).visibility}|${getComputedStyle(d).opacity}`).join(' ;; ')));
    await page.screenshot({ path: '/tmp/scratch-before-deactivate.png' });
    console.log('BUTTONS', await page.$$eval('button', (bs) => bs.map((b) => `${b.getAttribute('aria-label')}|${b.innerText}`).join(' ; ')));
    await page.locator('::-p-aria([name="Désactiver"][role="button"])').setTimeout(5000).click();
    await waitText(page, 'Désactiver ce compte');
    await page.locator('::-p-aria([name="Confirmer"][role="button"])').click();
    await waitText(page, 'Compte désactivé');

    // Audit log
    await page.goto(`${running.baseUrl}/#/audit-events`, { waitUntil: 'domcontentloaded' });
    await waitText(page, 'Connexion');
    console.log('AUDIT', (await text(page)).slice(0, 2500));
    await page.locator('::-p-aria([name="Vérifier la chaîne"][role="button"])').click();
    await page.waitForSelector('[data-chain="ok"]', { timeout: 15_000 });
    console.log('CHAIN', await page.$eval('[data-chain="ok"]', (d) => (d as HTMLElement).innerText));
    await page.screenshot({ path: '/tmp/scratch-audit.png' });

    // Settings
    await page.goto(`${running.baseUrl}/#/settings/security`, { waitUntil: 'domcontentloaded' });
    await waitText(page, 'Double authentification obligatoire');
    await page.click('input[name="totpRequiredForPrivileged"]');
    await waitText(page, 'Réglage enregistré');
    await page.screenshot({ path: '/tmp/scratch-settings.png' });

    // Now the admin's next sign-in requires enrolment
    const second = await chromium.browser.createBrowserContext();
    const page2 = await second.newPage();
    await page2.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await signIn(page2, running.baseUrl, admin);
    await page2.waitForFunction(() => window.location.hash.startsWith('#/account/security'), {
      timeout: 15_000,
    });
    await waitText(page2, 'Votre rôle exige');
    await page2.goto(`${running.baseUrl}/#/observations`, { waitUntil: 'domcontentloaded' });
    await page2.waitForFunction(() => window.location.hash.startsWith('#/account/security'), {
      timeout: 15_000,
    });
    await page2.locator('::-p-aria([name="Activer la double authentification"][role="button"])').click();
    await page2.waitForSelector('[data-testid="totp-secret"]', { timeout: 15_000 });
    await page2.screenshot({ path: '/tmp/scratch-enrol.png' });
    const secret = await page2.$eval('[data-testid="totp-secret"]', (d) =>
      (d as HTMLElement).innerText.trim(),
    );
    const imgOk = await page2.$eval('img[alt]', (img) => (img as HTMLImageElement).naturalWidth > 0);
    console.log('QR loaded', imgOk);
    await typeInto(page2, 'input[name="code"]', '000000');
    await page2.locator('::-p-aria([name="Vérifier et activer"][role="button"])').click();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    console.log('WRONG CODE', (await text(page2)).slice(0, 800));
    await typeInto(page2, 'input[name="code"]', await generate({ secret }));
    await page2.locator('::-p-aria([name="Vérifier et activer"][role="button"])').click();
    await page2.waitForFunction(() => window.location.hash.startsWith('#/observations'), { timeout: 15_000 });
    await second.close();

    // Sign in again: the second step
    const third = await chromium.browser.createBrowserContext();
    const page3 = await third.newPage();
    await page3.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await page3.goto(`${running.baseUrl}/#/login`, { waitUntil: 'domcontentloaded' });
    await typeInto(page3, 'input[name="email"]', admin.email);
    await typeInto(page3, 'input[name="password"]', admin.password);
    await page3.locator('::-p-aria([name="Se connecter"][role="button"])').click();
    await page3.waitForSelector('input[name="totp"]', { timeout: 15_000 });
    await page3.screenshot({ path: '/tmp/scratch-totp-step.png' });
    await typeInto(page3, 'input[name="totp"]', '123456');
    await page3.locator('::-p-aria([name="Se connecter"][role="button"])').click();
    await waitText(page3, 'incorrect');
    await typeInto(page3, 'input[name="totp"]', await generate({ secret }));
    await page3.locator('::-p-aria([name="Se connecter"][role="button"])').click();
    await page3.waitForFunction(() => !window.location.hash.startsWith('#/login'), { timeout: 15_000 });
    await page3.screenshot({ path: '/tmp/scratch-mobile-home.png' });
    await page3.locator('::-p-aria([name="Profil"][role="button"])').click();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page3.screenshot({ path: '/tmp/scratch-usermenu.png' });
    expect(await text(page3)).toContain('Administration');
    await third.close();
    await context.close();
  });
});
