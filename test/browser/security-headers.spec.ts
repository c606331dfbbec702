/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, takeCspViolations, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createUser, type TestUser } from '../support/users';

/**
 * The Content-Security-Policy in Chromium (issue 10 item 15): the console, a map with tiles from
 * another origin, the OpenAPI UI and the report preview work under it without a single violation
 * (checked after every test by `test/support/browser-setup.ts`), and it is really enforced: a
 * script an attacker managed to put into the page does not run.
 */
describe('the Content-Security-Policy, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  let tiles: Server;
  const tileRequests: string[] = [];
  let admin: TestUser;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    // A tile server on another origin (another port), as VIGIE_TILE_URL points to in production.
    const png = await sharp({
      create: { width: 256, height: 256, channels: 3, background: { r: 200, g: 220, b: 200 } },
    })
      .png()
      .toBuffer();
    tiles = createServer((request, response) => {
      tileRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const tilePort = (tiles.address() as AddressInfo).port;

    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    admin = await createUser(dataSource, { role: 'admin' });
    running = await startApp(inject('databaseUrl'), {
      VIGIE_CONSOLE_DIR: consoleDir,
      VIGIE_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
      VIGIE_TILE_ATTRIBUTION: 'Tuiles de test',
    });
    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, running.baseUrl, admin);
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    await new Promise((resolve) => tiles?.close(resolve));
  });

  it('draws the map with the tiles of the configured tile server', async () => {
    await page.goto(`${running.baseUrl}/#/sites-map`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('img.leaflet-tile')].some(
          (tile) => tile.complete && tile.naturalWidth === 256,
        ),
      { timeout: 30_000 },
    );
    await page.waitForSelector('.leaflet-container path', { timeout: 30_000 });
    expect(tileRequests.some((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
  });

  it('shows the OpenAPI UI', async () => {
    const docs = await chromium.browser.newPage();
    try {
      await docs.goto(`${running.baseUrl}/api/docs`, { waitUntil: 'load' });
      await docs.waitForFunction(
        () =>
          document.querySelector('.swagger-ui .info .title')?.textContent?.includes('Vigie API') &&
          document.querySelectorAll('.opblock').length > 0,
        { timeout: 30_000 },
      );
    } finally {
      await docs.close();
    }
  });

  it('shows the report preview in a tab of its own', async () => {
    const preview = await chromium.browser.newPage();
    try {
      const response = await preview.goto(
        `${running.baseUrl}/api/reports/preview?kind=monthly-note&from=2025-03-01&to=2025-03-31&lang=fr`,
        { waitUntil: 'load' },
      );
      expect(response?.status()).toBe(200);
      await preview.waitForFunction(() => document.fonts.status === 'loaded');
      expect(await preview.evaluate(() => document.body.innerText)).toMatch(/mars 2025/i);
      // Its stylesheet applied: the page is laid out as printed (A4 width), not as raw text.
      expect(await preview.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0);
    } finally {
      await preview.close();
    }
  });

  it('keeps the console from sending data to another origin (image, fetch), and reports it', async () => {
    await page.goto(`${running.baseUrl}/#/`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#root *');
    takeCspViolations();
    // The tile server's port under another name: an origin the policy does not list.
    const elsewhere = `http://localhost:${(tiles.address() as AddressInfo).port}`;
    const outcome = await page.evaluate(async (origin) => {
      const image = new Image();
      const loaded = new Promise<boolean>((resolve) => {
        image.onload = () => resolve(true);
        image.onerror = () => resolve(false);
      });
      image.src = `${origin}/leak-image?secret=1`;
      const fetched = await fetch(`${origin}/leak-fetch?secret=1`).then(
        () => true,
        () => false,
      );
      return { image: await loaded, fetched };
    }, elsewhere);
    expect(outcome).toEqual({ image: false, fetched: false });
    expect(tileRequests.filter((url) => url.startsWith('/leak'))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const violations = takeCspViolations();
    expect(violations.some((line) => /img-src/.test(line) && /leak-image/.test(line))).toBe(true);
    expect(violations.some((line) => /connect-src/.test(line) && /leak-fetch/.test(line))).toBe(true);
  });

  it('refuses to run a script injected into the console, and reports it', async () => {
    await page.goto(`${running.baseUrl}/#/`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#root *');
    takeCspViolations();
    const ran = await page.evaluate(async () => {
      const flags = globalThis as unknown as Record<string, boolean>;
      // What a stored XSS would add: an inline script, an inline handler, a javascript: URL.
      const script = document.createElement('script');
      script.textContent = 'globalThis.injectedScriptRan = true;';
      document.body.append(script);
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="data:," onerror="globalThis.injectedHandlerRan = true">';
      document.body.append(holder);
      const link = document.createElement('a');
      link.href = 'javascript:globalThis.injectedUrlRan = true';
      document.body.append(link);
      link.click();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return {
        script: flags.injectedScriptRan === true,
        handler: flags.injectedHandlerRan === true,
        url: flags.injectedUrlRan === true,
      };
    });
    expect(ran).toEqual({ script: false, handler: false, url: false });
    // Chromium reports each refusal (its console line and the page's securitypolicyviolation event).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const violations = takeCspViolations();
    expect(violations.some((line) => /script-src-elem|script-src/.test(line) && /inline/.test(line))).toBe(
      true,
    );
    expect(violations.some((line) => /script-src-attr/.test(line))).toBe(true);
  });
});
