/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import type { Role } from '@vigie/domain';
import type { BrowserContext, Page } from 'puppeteer-core';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticObservations } from '../../db/seeds/demo';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';
import { createUser } from '../support/users';

/*
 * Issue 16, item 2: above the 5,000 points one GeoJSON answer may hold, the observation map draws
 * the API's vector tiles, so the whole history stays on the map. A database of the file's own holds
 * 6,000 synthetic observations (drafts, submitted and validated, as the generator draws them).
 */

const COUNT = 6_000;

interface CanvasPoint {
  x: number;
  y: number;
}

describe('the observation map with the whole history, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let database: OwnDatabase;
  let dataSource: DataSource;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    database = await createOwnDatabase();
    dataSource = database.owner;
    await generateSyntheticObservations(dataSource, {
      count: COUNT,
      seed: 16,
      end: new Date('2026-06-01T00:00:00Z'),
      months: 12,
    });
    running = await startApp(database.appUrl, {
      VIGIE_CONSOLE_DIR: consoleDir,
      VIGIE_QUEUE_DATABASE_URL: database.queueUrl,
    });
    chromium = await launchBrowser();
  }, 120_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await database?.drop();
  });

  /** The observations' GeoJSON URLs the last page opened asked for. */
  let geoJsonRequests: URL[] = [];

  async function openMapAs(role: Role): Promise<Page> {
    const user = await createUser(dataSource, { role });
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    geoJsonRequests = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/observations.geojson') geoJsonRequests.push(url);
    });
    await page.setViewport({ width: 1280, height: 1000 });
    await signIn(page, running.baseUrl, user);
    await page.goto(`${running.baseUrl}/#/map`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[role="status"][data-map-mode][data-total]', { timeout: 30_000 });
    return page;
  }

  const mapStatus = (page: Page) =>
    page.$eval('[role="status"][data-map-mode]', (status) => ({
      mode: status.getAttribute('data-map-mode'),
      total: Number(status.getAttribute('data-total')),
      text: (status as HTMLElement).innerText,
    }));

  /**
   * Waits for the loaded tiles to settle, then the points they drew in all. Settled: every tile
   * loaded, and the tiles of an earlier zoom level (kept, scaled, until the new ones have faded in)
   * gone, so that what is drawn is what a click reaches.
   */
  async function drawnPoints(page: Page): Promise<number> {
    await page.waitForFunction(
      () => {
        const tiles = [...document.querySelectorAll('canvas.leaflet-tile')];
        const oneLevel = [...document.querySelectorAll('.leaflet-layer')].every(
          (layer) =>
            [...layer.querySelectorAll('.leaflet-tile-container')].filter(
              (level) => level.children.length > 0,
            ).length <= 1,
        );
        return (
          oneLevel &&
          tiles.length > 0 &&
          tiles.every((tile) => tile.classList.contains('leaflet-tile-loaded'))
        );
      },
      { timeout: 30_000 },
    );
    return page.$$eval('canvas.leaflet-tile[data-points]', (tiles) =>
      tiles.reduce((sum, tile) => sum + Number(tile.getAttribute('data-points')), 0),
    );
  }

  /**
   * The page position of a pixel a point was filled in (coloured, not the white outline), where a
   * click reaches the map: inside the map's own box (tiles are also kept beyond it, hidden under the
   * rest of the page) and not under one of its controls.
   */
  const colouredPixel = (page: Page): Promise<CanvasPoint | null> =>
    page.evaluate(() => {
      const map = document.querySelector<HTMLElement>('.leaflet-container');
      if (!map) return null;
      const visible = map.getBoundingClientRect();
      const clickable = (left: number, top: number): boolean => {
        if (left <= visible.left || top <= visible.top || left >= visible.right || top >= visible.bottom) {
          return false;
        }
        const under = document.elementFromPoint(left, top);
        return (
          under !== null &&
          map.contains(under) &&
          under.closest('.leaflet-control-container, .leaflet-popup-pane, .leaflet-marker-pane') === null
        );
      };
      for (const tile of document.querySelectorAll<HTMLCanvasElement>('canvas.leaflet-tile[data-points]')) {
        if (tile.getAttribute('data-points') === '0') continue;
        const context = tile.getContext('2d');
        if (!context) continue;
        const { width, height } = tile;
        const pixels = context.getImageData(0, 0, width, height).data;
        const box = tile.getBoundingClientRect();
        // Away from the tile's edges, where a neighbour's point may be cut.
        for (let y = 12; y < height - 12; y += 1) {
          for (let x = 12; x < width - 12; x += 1) {
            const at = (y * width + x) * 4;
            const [r, g, b, a] = [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!, pixels[at + 3]!];
            const white = r > 200 && g > 200 && b > 200;
            if (a > 200 && !white) {
              const left = box.left + (x * box.width) / width;
              const top = box.top + (y * box.height) / height;
              if (clickable(left, top)) return { x: left, y: top };
            }
          }
        }
      }
      return null;
    });

  it('draws every observation as vector tiles for an admin, and a click opens the point', async () => {
    const page = await openMapAs('admin');
    const [{ n }] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM observations WHERE deleted_at IS NULL`,
    )) as { n: number }[];
    expect(n).toBe(COUNT);
    const status = await mapStatus(page);
    expect(status).toMatchObject({ mode: 'tiles', total: COUNT });
    expect(status.text).toContain('6000 observations affichées');
    expect(status.text).toContain('en tuiles');
    // Counted first: the 6,000 points are never downloaded as GeoJSON, only drawn from the tiles.
    expect(geoJsonRequests.length).toBeGreaterThan(0);
    expect(geoJsonRequests.map((url) => url.searchParams.get('_end'))).toEqual(
      geoJsonRequests.map(() => '0'),
    );
    // The points are drawn in the tiles' canvases.
    expect(await drawnPoints(page)).toBeGreaterThan(0);

    const pixel = await colouredPixel(page);
    expect(pixel, 'a point drawn on the map').not.toBeNull();
    await page.mouse.click(pixel!.x, pixel!.y);
    await page.waitForSelector('.leaflet-popup-content a', { timeout: 10_000 });
    const popup = await page.$eval('.leaflet-popup-content', (element) => (element as HTMLElement).innerText);
    expect(popup).toContain('Voir la fiche');
    // The popup speaks of the observation its link opens: that one's commune.
    const href = await page.$eval('.leaflet-popup-content a', (link) => link.getAttribute('href'));
    const id = /#\/observations\/([0-9a-f-]{36})\/show$/.exec(href ?? '')?.[1];
    expect(id, String(href)).toBeDefined();
    const [clicked] = (await dataSource.query(
      `SELECT c.name AS commune FROM observations o JOIN communes c ON c.code = o.commune_code WHERE o.id = $1`,
      [id],
    )) as { commune: string }[];
    expect(popup).toContain(clicked!.commune);
  }, 90_000);

  it('follows the filters: a narrow period goes back to markers', async () => {
    const page = await openMapAs('admin');
    expect((await mapStatus(page)).mode).toBe('tiles');
    await page.goto(`${running.baseUrl}/#/map?startedAt_gte=2026-05-01&startedAt_lte=2026-05-07`, {
      waitUntil: 'domcontentloaded',
    });
    await page.waitForSelector('[role="status"][data-map-mode="markers"][data-total]', { timeout: 30_000 });
    const status = await mapStatus(page);
    expect(status.total).toBeGreaterThan(0);
    expect(status.total).toBeLessThan(5_000);
    expect(status.text).not.toContain('en tuiles');
    expect(await page.$$('canvas.leaflet-tile[data-points]')).toHaveLength(0);
    // Below the limit the points come as GeoJSON, up to the limit, once counted.
    expect(geoJsonRequests.some((url) => url.searchParams.get('_end') === '5000')).toBe(true);
    // The count shown is that of the markers drawn (the features received), not the header's.
    await page.waitForFunction(
      (total: number) =>
        (document.querySelector('[role="status"][data-map-mode]') as HTMLElement | null)?.innerText.includes(
          `${total} observation`,
        ),
      { timeout: 30_000 },
      status.total,
    );
  }, 90_000);

  it('shows communication only the validated observations, in the count and the tiles', async () => {
    const [{ validated }] = (await dataSource.query(
      `SELECT count(*)::int AS validated FROM observations WHERE deleted_at IS NULL AND status = 'validated'`,
    )) as { validated: number }[];
    expect(validated).toBeGreaterThan(5_000);
    expect(validated).toBeLessThan(COUNT);
    const page = await openMapAs('communication');
    expect(await mapStatus(page)).toMatchObject({ mode: 'tiles', total: validated });
    expect(await drawnPoints(page)).toBeGreaterThan(0);
  }, 90_000);
});
