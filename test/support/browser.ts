import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromiumExecutablePath } from '../../db/provision/index.mts';
import type { TestUser } from './users';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The system Chromium, headless, with an empty profile. Background networking is off: this machine
 * has no internet, and Chromium's attempts to reach Google only slow it down.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumExecutablePath(),
    headless: true,
    userDataDir: profile,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=fr-FR',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Replaces a field's content by typing, as a person would. */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  const field = await page.waitForSelector(selector);
  await field?.click({ count: 3 });
  await page.keyboard.press('Backspace');
  await field?.type(text);
}

/** Signs in through the console's login page and waits until it has moved on. */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: Pick<TestUser, 'email' | 'password'>,
): Promise<void> {
  await page.goto(`${baseUrl}/#/login`, { waitUntil: 'domcontentloaded' });
  await typeInto(page, 'input[name="email"]', user.email);
  await typeInto(page, 'input[name="password"]', user.password);
  await page.locator('::-p-aria([name="Se connecter"][role="button"])').click();
  // The callback runs in the page.
  await page.waitForFunction(() => !globalThis.location.hash.startsWith('#/login'), { timeout: 20_000 });
}

/**
 * Sets an input whose value a person picks rather than types (a date, a time) the way the
 * browser does: the value, then an `input` event, which React reads as a change.
 */
export async function setInputValue(page: Page, selector: string, value: string): Promise<void> {
  const field = await page.waitForSelector(selector);
  await field?.evaluate((element, text) => {
    const input = element as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.dispatchEvent(new Event('blur', { bubbles: true }));
  }, value);
}

/**
 * Picks an option of a select (MUI's, as react-admin draws them) by the select's label and the
 * option's name, then waits for its menu to close (its backdrop would take the next click).
 */
export async function chooseOption(page: Page, selectName: string, optionName: string): Promise<void> {
  await page.locator(`::-p-aria([name="${selectName}"][role="combobox"])`).click();
  const option = await page.waitForSelector(`::-p-aria([name="${optionName}"][role="option"])`);
  await option?.evaluate((element) => (element as HTMLElement).click());
  await page.waitForSelector('[role="listbox"]', { hidden: true });
}
