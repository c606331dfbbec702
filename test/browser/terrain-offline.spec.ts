/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM, IndexedDB and caches exist.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AttachmentRecord, IncidentRecord, ObservationRecord } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { FIXTURES, fixture, sha256Hex } from '../support/attachments';
import { launchBrowser, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createSessionToken, createUser, type TestUser } from '../support/users';

/**
 * Issue 13's acceptance scenario, through the « Terrain » screens rather than the engine: on a phone,
 * signed in once online, the network cut, two evictions entered (one with an incident and a photo),
 * the app reloaded offline, then the network back: each record reaches the server exactly once and
 * nothing of them stays on the phone.
 */

/** Where the phone says it is: a wasteland in Calais. */
const HERE = { latitude: 50.9513, longitude: 1.8587, accuracy: 20 };
/** A real camera JPEG (with EXIF), small enough for a test. */
const PHOTO = 'exif-calais.jpg';

const byTestId = (id: string) => `[data-testid="${id}"]`;

/** Brings a control to the middle of the screen (clear of the sticky « Enregistrer » bar). */
async function reach(page: Page, testId: string) {
  const element = await page.waitForSelector(byTestId(testId), { visible: true, timeout: 20_000 });
  await element?.evaluate((node) => node.scrollIntoView({ block: 'center', behavior: 'instant' }));
  return element;
}

async function tap(page: Page, testId: string): Promise<void> {
  const element = await reach(page, testId);
  await element?.tap();
}

async function type(page: Page, testId: string, text: string): Promise<void> {
  const field = await reach(page, testId);
  await field?.tap();
  await field?.type(text);
}

/**
 * Phone screenshots for the field guide (docs/terrain.md): written only when
 * `VIGIE_TERRAIN_SCREENSHOTS` names a folder.
 */
async function snapshot(page: Page, name: string): Promise<void> {
  const folder = process.env.VIGIE_TERRAIN_SCREENSHOTS;
  if (!folder) return;
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await page.screenshot({ path: join(folder, `${name}.png`) });
}

/** Whether the page can reach the API at all (the cut is real, not just `navigator.onLine`). */
async function reachesServer(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    fetch('/api/meta', { cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
  );
}

/** A dump of the device: every store of every IndexedDB database, Blobs as their size. */
async function deviceDatabases(page: Page): Promise<Record<string, Record<string, unknown[]>>> {
  return page.evaluate(async () => {
    const dump: Record<string, Record<string, unknown[]>> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const open = indexedDB.open(name);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const stores: Record<string, unknown[]> = {};
      for (const store of Array.from(db.objectStoreNames)) {
        stores[store] = await new Promise<unknown[]>((resolve, reject) => {
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        });
      }
      db.close();
      dump[name] = stores;
    }
    return JSON.parse(
      JSON.stringify(dump, (_key, value: unknown) =>
        value instanceof Blob ? { blobBytes: value.size } : value,
      ),
    ) as Record<string, Record<string, unknown[]>>;
  });
}

/** The outbox store of the app's database (what `enqueue` kept on the device). */
async function outboxOnDevice(page: Page): Promise<Array<{ id: string; state: string; operation: unknown }>> {
  const dump = await deviceDatabases(page);
  return (dump['vigie-offline']?.outbox ?? []) as Array<{ id: string; state: string; operation: unknown }>;
}

/** Every URL held in Cache Storage (the service worker's precache). */
async function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const cached of await (await caches.open(name)).keys()) urls.push(cached.url);
    }
    return urls;
  });
}

/** Enters one eviction on the « Terrain » screen and saves it; gives the id chosen on the phone. */
async function enterEviction(
  page: Page,
  note: string,
  previous: string | null,
  extra: (page: Page) => Promise<void> = async () => undefined,
): Promise<string> {
  await tap(page, 'terrain-locate');
  await page.waitForSelector(byTestId('terrain-accuracy'), { timeout: 10_000 });
  await type(page, 'terrain-description', note);
  await extra(page);
  await tap(page, 'terrain-save');
  const saved = await page.waitForSelector(
    `${byTestId('terrain-saved')}:not([data-observation-id="${previous ?? ''}"])`,
    { timeout: 20_000 },
  );
  const id = await saved!.evaluate((element) => element.getAttribute('data-observation-id'));
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id!;
}

async function pendingShown(page: Page, testId: string): Promise<string | null> {
  const element = await page.waitForSelector(byTestId(testId), { timeout: 20_000 });
  return element!.evaluate((node) => node.getAttribute('data-pending'));
}

async function waitForPending(page: Page, testId: string, expected: string): Promise<void> {
  await page.waitForFunction(
    (selector, value) => document.querySelector(selector)?.getAttribute('data-pending') === value,
    { timeout: 30_000 },
    byTestId(testId),
    expected,
  );
}

describe('« Terrain » with the network cut, on a phone, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  let observer: TestUser;
  let observerHeaders: Record<string, string>;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    observer = await createUser(dataSource, { role: 'observer' });
    observerHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, observer.id)}` };
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    chromium = await launchBrowser();
    await chromium.browser.defaultBrowserContext().overridePermissions(running.baseUrl, ['geolocation']);
    page = await chromium.browser.newPage();
    // The observers' phones: a small Android, held in one hand.
    await page.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.setGeolocation(HERE);
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
  });

  it('keeps two evictions entered offline across reloads, then sends each exactly once and forgets them', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const word = `hors${randomUUID().slice(0, 8)}`;
    const notes = [`Dunes ${word} première`, `Bois ${word} seconde`];

    // One online visit: signed in, the service worker installed and in control, the reference data kept.
    await signIn(page, running.baseUrl, observer);
    await page.goto(`${running.baseUrl}/#/terrain`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 20_000 });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    await page.waitForFunction(
      async () => {
        const open = indexedDB.open('vigie-offline');
        const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
        const count = await new Promise<number>((resolve) => {
          const counted = db.transaction('reference').objectStore('reference').count();
          counted.onsuccess = () => resolve(counted.result);
        });
        db.close();
        return count > 0;
      },
      { timeout: 20_000, polling: 250 },
    );

    // The network cut: the API is really out of reach, and the app still opens, on « Terrain ».
    await page.setOfflineMode(true);
    expect(await reachesServer(page)).toBe(false);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    expect(await page.evaluate(() => window.location.hash)).toBe('#/terrain');
    await page.waitForSelector(`${byTestId('terrain-network')}[data-online="false"]`);

    // Two evictions; the first with an incident linked to it and a photo from the camera.
    const first = await enterEviction(page, notes[0]!, null, async () => {
      await tap(page, 'terrain-add-incident');
      await page.waitForSelector(byTestId('terrain-incident'));
      await page.select(byTestId('terrain-incident-type'), 'tear_gas');
      await tap(page, 'terrain-incident-done');
      await page.waitForSelector(byTestId('terrain-incident-0'));
      // What the camera hands over: a real JPEG, through the screen's file input.
      const input = await page.waitForSelector('input[data-testid="terrain-photos-input"]');
      await input!.uploadFile(join(FIXTURES, PHOTO));
      await page.waitForSelector(byTestId('terrain-photos-count'), { timeout: 10_000 });
      await snapshot(page, 'terrain-offline-form');
    });
    await snapshot(page, 'terrain-offline-saved');
    const second = await enterEviction(page, notes[1]!, first);
    expect(second).not.toBe(first);

    // Kept on the phone, nothing sent: the badge counts the four entries (2 evictions, 1 incident, 1 photo).
    await waitForPending(page, 'terrain-outbox-link', '4');
    const kept = await outboxOnDevice(page);
    expect(kept).toHaveLength(4);
    expect(kept.every((entry) => entry.state === 'waiting')).toBe(true);
    // The photo is kept whole on the device (not resized: no VITE_PHOTO_MAX_PX in this build).
    expect(kept).toContainEqual(
      expect.objectContaining({
        operation: expect.objectContaining({ type: 'upload', file: { blobBytes: fixture(PHOTO).length } }),
      }),
    );
    expect(JSON.stringify(await deviceDatabases(page))).toContain(word);

    // A reload with the network still cut: the entries are still there, and still counted.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    await waitForPending(page, 'terrain-outbox-link', '4');
    expect(await pendingShown(page, 'outbox-badge')).toBe('4');
    expect((await outboxOnDevice(page)).map((entry) => entry.id).sort()).toEqual(
      kept.map((entry) => entry.id).sort(),
    );
    await tap(page, 'terrain-outbox-link');
    await page.waitForSelector(byTestId('outbox-page'));
    for (const entry of kept) {
      await page.waitForSelector(`${byTestId(`outbox-entry-${entry.id}`)}[data-state="waiting"]`);
    }
    await snapshot(page, 'terrain-outbox-waiting');
    expect(await page.$(byTestId('outbox-empty'))).toBeNull();

    // The network back: the app notices by itself and empties the outbox.
    await page.setOfflineMode(false);
    await page.waitForSelector(byTestId('outbox-empty'), { timeout: 60_000 });
    await waitForPending(page, 'outbox-badge', '0');

    // On the server, each record exactly once, linked as entered.
    const observations = await request<ObservationRecord[]>(
      running.baseUrl,
      'GET',
      `/api/observations?createdAt_gte=${encodeURIComponent(started)}&_end=100`,
      undefined,
      observerHeaders,
    );
    expect(observations.status).toBe(200);
    const mine = observations.body.filter((row) => row.createdBy === observer.id);
    expect(mine.map((row) => row.id).sort()).toEqual([first, second].sort());
    expect(mine.map((row) => row.description).sort()).toEqual([...notes].sort());
    expect(mine.every((row) => row.kind === 'eviction' && row.locationAccuracyM === HERE.accuracy)).toBe(
      true,
    );

    const incidents = await request<IncidentRecord[]>(
      running.baseUrl,
      'GET',
      `/api/incidents?observationId=${first}`,
      undefined,
      observerHeaders,
    );
    expect(incidents.body).toEqual([expect.objectContaining({ type: 'tear_gas', observationId: first })]);
    const photos = await request<AttachmentRecord[]>(
      running.baseUrl,
      'GET',
      `/api/attachments?observationId=${first}`,
      undefined,
      observerHeaders,
    );
    expect(photos.body).toEqual([
      expect.objectContaining({ observationId: first, sha256: sha256Hex(fixture(PHOTO)) }),
    ]);

    // The server's own counts for this observer: nothing was sent twice.
    const [counts] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM observations WHERE created_by = $1)::int AS observations,
              (SELECT count(*) FROM incidents WHERE created_by = $1)::int AS incidents,
              (SELECT count(*) FROM attachments WHERE created_by = $1)::int AS attachments,
              (SELECT count(*) FROM attachments WHERE created_by = $1 AND observation_id = $2)::int AS linked`,
      [observer.id, first],
    )) as Array<Record<string, number>>;
    expect(counts).toEqual({ observations: 2, incidents: 1, attachments: 1, linked: 1 });

    // Nothing of them left on the phone: no outbox entry, no draft, no photo, in any store.
    const device = await deviceDatabases(page);
    expect(device['vigie-offline']?.outbox).toEqual([]);
    expect(device['vigie-offline']?.drafts).toEqual([]);
    const everything = JSON.stringify(device);
    for (const trace of [first, second, incidents.body[0]!.id, photos.body[0]!.id, word]) {
      expect(everything).not.toContain(trace);
    }
    // And no API answer in Cache Storage (the service worker keeps only the app's own files).
    expect((await cachedUrls(page)).filter((url) => new URL(url).pathname.startsWith('/api/'))).toEqual([]);
    await snapshot(page, 'terrain-outbox-empty');
  });
});
