import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';
import { chromiumExecutablePath } from '../../db/provision/index.mts';
import type { TestUser } from './users';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Content-Security-Policy violations reported by any page of these browsers, not yet checked. */
const cspViolations: string[] = [];

/** Marks the console line the page's own listener writes for each violation. */
const CSP_MARK = 'vigie-csp-violation:';

/**
 * Runs in every document before its own scripts: reports each violation as a console error, so that
 * each is listed even where Chromium's own "Refused to …" line says less (or nothing, in a frame).
 */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error(${JSON.stringify(CSP_MARK)} + ' ' + event.effectiveDirective + ' refused ' +
    (event.blockedURI || 'inline') + ' in ' + event.documentURI + ' (' + (event.sourceFile || '') +
    ':' + event.lineNumber + ')');
}, true);`;

/** What each violation looks like on the page's console. */
function isCspViolation(text: string): boolean {
  return text.startsWith(CSP_MARK) || (/^Refused to /.test(text) && /Content Security Policy/.test(text));
}

async function watchForCspViolations(target: Target): Promise<void> {
  const page = await target.page().catch(() => null);
  if (!page) return;
  page.on('console', (message) => {
    if (isCspViolation(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  await page.evaluateOnNewDocument(REPORT_CSP_VIOLATIONS).catch(() => undefined);
}

/**
 * The CSP violations seen since the last call, and forgets them. Every browser test fails on any
 * (`test/support/browser-setup.ts`); a test that provokes one on purpose takes it here first.
 */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
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
  browser.on('targetcreated', (target: Target) => void watchForCspViolations(target));
  for (const target of browser.targets()) void watchForCspViolations(target);
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
  await pickOpenOption(page, optionName);
}

/**
 * Picks an option of the select menu just opened, then waits for the menu to close. A DOM click:
 * a long menu is still moving while it opens, and a pointer click would wait for it or miss.
 */
export async function pickOpenOption(page: Page, optionName: string): Promise<void> {
  const option = await page.waitForSelector(`::-p-aria([name="${optionName}"][role="option"])`);
  await option?.evaluate((element) => (element as HTMLElement).click());
  await page.waitForSelector('[role="listbox"]', { hidden: true });
}
