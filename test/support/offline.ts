/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM, IndexedDB and the service worker exist.
import { join } from 'node:path';
import type { Role } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { expect, inject } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { waitingEntry } from '../../apps/console/src/offline/entry';
import type { OutboxOperation } from '../../apps/console/src/offline/types';
import { type RunningApp, startApp } from './app';
import { launchBrowser, signIn, type TestBrowser } from './browser';
import { ensureConsoleBuilt } from './console-build';
import { createSessionToken, createUser, type TestUser } from './users';

/**
 * What the browser specs of the offline field capture (issue 13) share: the API serving the built
 * console, a phone-sized page, the app installed for offline use, and a look into what the device
 * keeps in IndexedDB. The page's own code is never imported: the specs check the built console as a
 * phone runs it, and reach its database only through `page.evaluate`.
 */

// ---------------------------------------------------------------------------------------------
// The setting: API, database, browser

/** The API serving a console build, the test database and a Chromium, started together. */
export interface FieldRig {
  running: RunningApp;
  chromium: TestBrowser;
  dataSource: DataSource;
  /** A new account of that role, and the bearer header of a session of theirs for API calls. */
  createUser(role: Role): Promise<{ user: TestUser; headers: Record<string, string> }>;
  /** Stops what `startFieldRig` started (safe after a partial start). */
  close(): Promise<void>;
}

/**
 * Starts the API on the console build (`consoleDir`, by default the shared one built from the
 * current sources), connects to the test database and launches Chromium.
 */
export async function startFieldRig(consoleDir = ensureConsoleBuilt()): Promise<FieldRig> {
  const dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
  await dataSource.initialize();
  let running: RunningApp | undefined;
  try {
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    const chromium = await launchBrowser();
    const started = running;
    return {
      running,
      chromium,
      dataSource,
      createUser: async (role) => {
        const user = await createUser(dataSource, { role });
        return {
          user,
          headers: { authorization: `Bearer ${await createSessionToken(dataSource, user.id)}` },
        };
      },
      close: async () => {
        await chromium.close();
        await started.close();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await running?.close();
    await dataSource.destroy();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The phone and the hand holding it

/** The observers' phones: a small Android, held in one hand. */
export const SMALL_PHONE = { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** A new page on that phone, allowed to read its position, which is `here`. */
export async function openPhone(
  rig: FieldRig,
  here: { latitude: number; longitude: number; accuracy: number },
): Promise<Page> {
  const { browser } = rig.chromium;
  await browser.defaultBrowserContext().overridePermissions(rig.running.baseUrl, ['geolocation']);
  const page = await browser.newPage();
  await page.setViewport(SMALL_PHONE);
  await page.setGeolocation(here);
  return page;
}

export const byTestId = (id: string) => `[data-testid="${id}"]`;

/** Brings a control to the middle of the screen (clear of the sticky « Enregistrer » bar). */
export async function reach(page: Page, testId: string) {
  const element = await page.waitForSelector(byTestId(testId), { visible: true, timeout: 20_000 });
  await element?.evaluate((node) => node.scrollIntoView({ block: 'center', behavior: 'instant' }));
  return element;
}

/** Taps a control as a thumb would (a touch, not a click). */
export async function tap(page: Page, testId: string): Promise<void> {
  const element = await reach(page, testId);
  await element?.tap();
}

/** Types after what a field already holds, as a person would. */
export async function typeAfter(page: Page, testId: string, text: string): Promise<void> {
  const field = await reach(page, testId);
  await field?.tap();
  await field?.type(text);
}

/** Replaces a field's content by typing, as a person would. */
export async function fill(page: Page, testId: string, text: string): Promise<void> {
  const field = await reach(page, testId);
  await field?.tap();
  await field?.evaluate((node) => (node as HTMLInputElement).select());
  await page.keyboard.press('Backspace');
  await field?.type(text);
}

/**
 * Clicks a button by its text. Puppeteer's ARIA query does not find the buttons of MUI's snackbar
 * and of a dialog opened from a menu, though they are plain buttons: the DOM is asked instead.
 */
export async function clickButton(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (label) =>
      [...document.querySelectorAll('button')].some((button) => button.textContent?.trim() === label),
    { timeout: 20_000 },
    text,
  );
  await page.evaluate((label) => {
    [...document.querySelectorAll('button')].find((button) => button.textContent?.trim() === label)?.click();
  }, text);
}

/**
 * Phone screenshots for the field guide (docs/terrain.md): written only when
 * `VIGIE_TERRAIN_SCREENSHOTS` names a folder.
 */
export async function snapshot(page: Page, name: string): Promise<void> {
  const folder = process.env.VIGIE_TERRAIN_SCREENSHOTS;
  if (!folder) return;
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await page.screenshot({ path: join(folder, `${name}.png`) });
}

// ---------------------------------------------------------------------------------------------
// Installed for offline use; the network cut and back

/**
 * Signs in online and installs the app for offline use: waits for the service worker, then reloads
 * once so that it controls the page. `screen` is where the app is used (a hash route, and what shows
 * it is open); without it, the page the sign-in lands on, open once its `header` shows (the layout
 * has then started the outbox and stored the identity for offline use).
 */
export async function installApp(
  page: Page,
  baseUrl: string,
  user: TestUser,
  screen: { hash: string; selector: string } | null = null,
): Promise<void> {
  await signIn(page, baseUrl, user);
  if (screen) {
    await page.goto(`${baseUrl}/${screen.hash}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(screen.selector, { timeout: 20_000 });
  }
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 20_000 });
  await page.waitForSelector(screen?.selector ?? 'header', { timeout: 20_000 });
}

/** Waits until the device keeps the reference data (sites, communes) fetched online, and gives it. */
export async function waitForReference(page: Page): Promise<Record<string, unknown>> {
  const until = Date.now() + 20_000;
  for (;;) {
    const [reference] = await deviceStore(page, 'reference');
    if (reference) return reference;
    if (Date.now() > until) throw new Error('No reference data on the device');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Whether the page can reach the API at all (the cut is real, not just `navigator.onLine`). */
export async function reachesServer(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    fetch('/api/meta', { cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
  );
}

/**
 * Cuts the page's network and checks the API is really out of reach (not served by the service
 * worker or a cache); when it is not, the network is given back before the check fails.
 */
export async function cutNetwork(page: Page): Promise<void> {
  await page.setOfflineMode(true);
  const reached = await reachesServer(page);
  if (reached) await page.setOfflineMode(false);
  expect(reached, 'the API still answers with the network cut').toBe(false);
}

/**
 * Gives the network back and says so at once: the browser's `online` event wakes the sender (a
 * test that checks the app notices by itself calls `page.setOfflineMode(false)` alone).
 */
export async function reconnect(page: Page): Promise<void> {
  await page.setOfflineMode(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

// ---------------------------------------------------------------------------------------------
// What the device keeps (the app's IndexedDB database, `vigie-offline`)

/** An outbox entry as the device keeps it (apps/console/src/offline/types.ts), Blobs as their size. */
export type StoredEntry = Record<string, unknown> & { id: string; state: string; operation: unknown };

/** An entry to write to the outbox: its id and operation, and any field that differs from `enqueue`'s. */
export type NewEntry = Record<string, unknown> & { id: string; operation: Record<string, unknown> };

/**
 * The entry `enqueue` would store (`waitingEntry`, the app's own pure function): waiting, never
 * tried, labelled by its id unless `entry` says otherwise.
 */
export function storedEntry(ownerId: string, createdAt: string, entry: NewEntry): Record<string, unknown> {
  const operation = entry.operation as unknown as OutboxOperation;
  return { ...waitingEntry(ownerId, createdAt, { id: entry.id, label: entry.id, operation }), ...entry };
}

/**
 * Writes entries to the device's outbox, in order and created one millisecond apart, as `enqueue`
 * does; then, unless `wake` is false, fires the browser's `online` event, which wakes the sender.
 * An upload's file is a photo drawn in the page, as the camera would give it (a Blob cannot cross
 * from Node).
 */
export async function putOutboxEntries(
  page: Page,
  ownerId: string,
  entries: NewEntry[],
  { wake = true }: { wake?: boolean } = {},
): Promise<void> {
  const at = Date.now();
  const rows = entries.map((entry, index) =>
    storedEntry(ownerId, new Date(at + index + 1).toISOString(), entry),
  );
  await page.evaluate(
    async (stored, wakeSender) => {
      const open = indexedDB.open('vigie-offline');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const uploads = stored.some((row) => (row.operation as { type: string }).type === 'upload');
      let photo: Blob | null = null;
      if (uploads) {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 48;
        const context = canvas.getContext('2d');
        if (context) {
          context.fillStyle = '#2e6b5e';
          context.fillRect(0, 0, 64, 48);
        }
        photo = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      }
      const transaction = db.transaction('outbox', 'readwrite');
      for (const row of stored) {
        const operation = row.operation as Record<string, unknown>;
        transaction.objectStore('outbox').put({
          ...row,
          operation: operation.type === 'upload' ? { ...operation, file: photo } : operation,
        });
      }
      await new Promise((resolve, reject) => {
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
      if (wakeSender) window.dispatchEvent(new Event('online'));
    },
    rows,
    wake,
  );
}

/**
 * What the device keeps in one store of the app's database (none when the store does not exist).
 * Blobs do not cross to Node: their size stands in for them.
 */
export async function deviceStore(page: Page, store: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(async (name) => {
    const open = indexedDB.open('vigie-offline');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    if (!db.objectStoreNames.contains(name)) {
      db.close();
      return [];
    }
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const all = db.transaction(name).objectStore(name).getAll();
      all.onsuccess = () => resolve(all.result);
      all.onerror = () => reject(all.error);
    });
    db.close();
    return JSON.parse(
      JSON.stringify(rows, (_key, value: unknown) =>
        value instanceof Blob ? { blobBytes: value.size } : value,
      ),
    ) as Array<Record<string, unknown>>;
  }, store);
}

/** The device's outbox: what `enqueue` kept and the sender has not sent yet. */
export async function outboxOnDevice(page: Page): Promise<StoredEntry[]> {
  return (await deviceStore(page, 'outbox')) as StoredEntry[];
}

/**
 * A dump of the whole device: every store of every IndexedDB database, Blobs as their size. For
 * checking that nothing of a record is left anywhere once it was sent.
 */
export async function deviceDatabases(page: Page): Promise<Record<string, Record<string, unknown[]>>> {
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

/** Polls the outbox until `done` holds (the sender works in the background), and gives it. */
export async function waitForOutbox(
  page: Page,
  done: (entries: StoredEntry[]) => boolean,
  timeoutMs = 30_000,
): Promise<StoredEntry[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const entries = await outboxOnDevice(page);
    if (done(entries)) return entries;
    if (Date.now() > until) throw new Error(`Outbox still ${JSON.stringify(entries)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until the sender has sent (or dropped) every entry of the outbox. */
export async function waitForEmptyOutbox(page: Page, timeoutMs = 30_000): Promise<void> {
  await waitForOutbox(page, (entries) => entries.length === 0, timeoutMs);
}

/** Empties the device's outbox between tests (what « Ignorer » on each entry would do). */
export async function clearOutbox(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const open = indexedDB.open('vigie-offline');
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const transaction = db.transaction('outbox', 'readwrite');
    transaction.objectStore('outbox').clear();
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    db.close();
  });
}

/** An eviction as the API takes it, near the Calais lighthouse; `extra` sets or adds fields. */
export const observationBody = (
  id: string,
  description: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  id,
  kind: 'eviction',
  startedAt: '2026-11-30T08:10:00+01:00',
  location: { type: 'Point', coordinates: [1.8587, 50.9513] },
  arrests: 0,
  description,
  ...extra,
});
