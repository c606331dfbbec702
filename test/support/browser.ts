import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { chromiumExecutablePath } from '../../db/provision/index.mts';

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
