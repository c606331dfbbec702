/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM and IndexedDB exist.
import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createSessionToken, createUser, type TestUser } from '../support/users';

/**
 * The offline field capture (issue 13) in Chromium on a phone-sized screen: the service worker
 * opens the app with the network cut, and the outbox engine sends what was kept on the phone
 * exactly once. The entries are written to the outbox store as `enqueue` writes them (the
 * « Terrain » screens have their own tests); the engine under test is the built console's.
 */

/** An outbox entry as `enqueue` stores it (apps/console/src/offline/types.ts). */
type StoredEntry = Record<string, unknown> & { id: string; state?: string };

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

/** Writes entries to the device's outbox (in the page), as `enqueue` does, then wakes the sender. */
async function putEntries(page: Page, ownerId: string, entries: StoredEntry[]): Promise<void> {
  await page.evaluate(
    async (owner, rows) => {
      const open = indexedDB.open('vigie-offline');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      // A photo cannot cross from Node: it is drawn here, as the camera would give it.
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 48;
      const context = canvas.getContext('2d');
      if (context) {
        context.fillStyle = '#2e6b5e';
        context.fillRect(0, 0, 64, 48);
      }
      const photo = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      const transaction = db.transaction('outbox', 'readwrite');
      let at = Date.now();
      for (const row of rows) {
        const operation = row.operation as Record<string, unknown>;
        transaction.objectStore('outbox').put({
          ownerId: owner,
          createdAt: new Date((at += 1)).toISOString(),
          dependsOn: [],
          state: 'waiting',
          attempts: 0,
          nextAttemptAt: null,
          message: null,
          fieldErrors: {},
          server: null,
          label: row.id,
          ...row,
          operation: operation.type === 'upload' ? { ...operation, file: photo } : operation,
        });
      }
      await new Promise((resolve, reject) => {
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
      // The sender listens for the browser's `online` event.
      window.dispatchEvent(new Event('online'));
    },
    ownerId,
    entries,
  );
}

/** What the device keeps in one store of the offline database. */
async function storeContent(page: Page, store: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(async (name) => {
    const open = indexedDB.open('vigie-offline');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    if (!db.objectStoreNames.contains(name)) return [];
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const all = db.transaction(name).objectStore(name).getAll();
      all.onsuccess = () => resolve(all.result);
      all.onerror = () => reject(all.error);
    });
    db.close();
    // Blobs do not cross to Node: their size stands in for them.
    return JSON.parse(
      JSON.stringify(rows, (_key, value: unknown) =>
        value instanceof Blob ? { blobBytes: value.size } : value,
      ),
    ) as Array<Record<string, unknown>>;
  }, store);
}

async function waitForOutbox(
  page: Page,
  done: (entries: Array<Record<string, unknown>>) => boolean,
  timeoutMs = 30_000,
): Promise<Array<Record<string, unknown>>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const entries = await storeContent(page, 'outbox');
    if (done(entries)) return entries;
    if (Date.now() > until) throw new Error(`Outbox still ${JSON.stringify(entries)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Whether the page can reach the server at all (the cut is real, not just `navigator.onLine`). */
async function reachesServer(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    fetch('/api/meta', { cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
  );
}

/** Signs in, then reloads once so that the installed service worker controls the page. */
async function installApp(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.setViewport(PHONE);
  await signIn(page, baseUrl, user);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 20_000 });
  // The layout has started the outbox and stored the identity for offline use.
  await page.waitForSelector('header', { timeout: 20_000 });
}

const observationBody = (id: string, description: string): Record<string, unknown> => ({
  id,
  kind: 'eviction',
  startedAt: '2026-11-30T08:10:00+01:00',
  location: { type: 'Point', coordinates: [1.8587, 50.9513] },
  arrests: 0,
  description,
});

describe('the console offline, in Chromium on a phone', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  let observer: TestUser;
  let observerHeaders: Record<string, string>;
  let coordinatorHeaders: Record<string, string>;
  const siteName = `Bois ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    observer = await createUser(dataSource, { role: 'observer' });
    const coordinator = await createUser(dataSource, { role: 'coordinator' });
    observerHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, observer.id)}` };
    coordinatorHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, coordinator.id)}` };
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleDir });
    const site = await request(
      running.baseUrl,
      'POST',
      '/api/sites',
      {
        name: siteName,
        aliases: ['Jungle du phare'],
        kind: 'camp',
        location: { type: 'Point', coordinates: [1.86, 50.952] },
        status: 'active',
      },
      coordinatorHeaders,
    );
    expect(site.status, JSON.stringify(site.body)).toBe(201);
    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    await installApp(page, running.baseUrl, observer);
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
  });

  it('opens after a reload with the network cut, with the sites kept on the phone', async () => {
    const reference = await waitForReference(page);
    expect(reference.sites).toContainEqual(
      expect.objectContaining({ name: siteName, aliases: ['Jungle du phare'] }),
    );
    expect((reference.communes as unknown[]).length).toBeGreaterThan(100);

    await page.setOfflineMode(true);
    try {
      expect(await reachesServer(page)).toBe(false);
      await page.reload({ waitUntil: 'domcontentloaded' });
      // Signed in as before, from the identity kept on the device: the layout, not the login page.
      await page.waitForSelector('header', { timeout: 20_000 });
      expect(await page.evaluate(() => window.location.hash)).not.toMatch(/^#\/login/);
    } finally {
      await page.setOfflineMode(false);
    }
  });

  it('sends what was kept offline exactly once, the observation before its incident and photo', async () => {
    const word = `dunes${randomUUID().slice(0, 8)}`;
    const observationId = randomUUID();
    const incidentId = randomUUID();
    const photoId = randomUUID();

    await page.setOfflineMode(true);
    await putEntries(page, observer.id, [
      // Stored newest first on purpose: the dependencies decide the order, not the store.
      {
        id: photoId,
        dependsOn: [observationId],
        operation: {
          type: 'upload',
          id: photoId,
          parent: { observationId },
          filename: 'photo.png',
          caption: 'Tentes lacérées',
          consent: { publication: false, litigation: true, research: false },
        },
      },
      {
        id: incidentId,
        dependsOn: [observationId],
        operation: {
          type: 'create',
          resource: 'incidents',
          body: { id: incidentId, type: 'tear_gas', occurredAt: '2026-11-30T08:20:00+01:00', observationId },
        },
      },
      {
        id: observationId,
        operation: { type: 'create', resource: 'observations', body: observationBody(observationId, word) },
      },
    ]);
    // Offline, nothing leaves; a reload keeps everything.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('header', { timeout: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await storeContent(page, 'outbox')).map((entry) => entry.state)).toEqual([
      'waiting',
      'waiting',
      'waiting',
    ]);

    await page.setOfflineMode(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForOutbox(page, (entries) => entries.length === 0);

    const observations = await request<Array<{ id: string }>>(
      running.baseUrl,
      'GET',
      `/api/observations?q=${word}`,
      undefined,
      observerHeaders,
    );
    expect(observations.body.map((row) => row.id)).toEqual([observationId]);
    const incidents = await request<Array<{ id: string }>>(
      running.baseUrl,
      'GET',
      `/api/incidents?observationId=${observationId}`,
      undefined,
      observerHeaders,
    );
    expect(incidents.body.map((row) => row.id)).toEqual([incidentId]);
    const photo = await request<{ id: string; caption: string }>(
      running.baseUrl,
      'GET',
      `/api/attachments/${photoId}`,
      undefined,
      observerHeaders,
    );
    expect(photo.status).toBe(200);
    expect(photo.body.caption).toBe('Tentes lacérées');
  });

  it('creates no duplicate when the answer to a create is lost on the way back', async () => {
    const word = `perdu${randomUUID().slice(0, 8)}`;
    const id = randomUUID();
    const lossy = await chromium.browser.newPage();
    await lossy.setViewport(PHONE);
    // Interception sees the page's own requests only when no service worker stands in between.
    await lossy.setBypassServiceWorker(true);
    await lossy.goto(`${running.baseUrl}/#/`, { waitUntil: 'domcontentloaded' });
    await lossy.waitForSelector('header', { timeout: 20_000 });
    await lossy.setRequestInterception(true);
    const cookie = (await lossy.cookies()).map((item) => `${item.name}=${item.value}`).join('; ');
    let posts = 0;
    lossy.on('request', (intercepted: HTTPRequest) => {
      if (intercepted.method() !== 'POST' || !intercepted.url().endsWith('/api/observations')) {
        void intercepted.continue();
        return;
      }
      posts += 1;
      if (posts > 1) {
        void intercepted.continue();
        return;
      }
      // The request reaches the server and is stored; its answer never reaches the phone.
      void (async () => {
        const delivered = await fetch(intercepted.url(), {
          method: 'POST',
          headers: { ...intercepted.headers(), cookie },
          body: intercepted.postData(),
        });
        expect(delivered.status).toBe(201);
        await intercepted.abort('connectionreset');
      })();
    });
    try {
      await putEntries(lossy, observer.id, [
        { id, operation: { type: 'create', resource: 'observations', body: observationBody(id, word) } },
      ]);
      await waitForOutbox(lossy, (entries) => entries.length === 0);
    } finally {
      await lossy.close();
    }
    expect(posts).toBe(2);
    const stored = await request<unknown[]>(
      running.baseUrl,
      'GET',
      `/api/observations?q=${word}`,
      undefined,
      observerHeaders,
    );
    expect(stored.body).toHaveLength(1);
  });

  it('puts an offline edit of a record changed meanwhile in conflict, with the server’s record', async () => {
    const id = randomUUID();
    const created = await request<Record<string, unknown>>(
      running.baseUrl,
      'POST',
      '/api/observations',
      observationBody(id, 'Trois tentes'),
      observerHeaders,
    );
    expect(created.status).toBe(201);
    const base = created.body;
    // Someone else corrects it while the observer is out of signal.
    const changed = await request<Record<string, unknown>>(
      running.baseUrl,
      'PATCH',
      `/api/observations/${id}`,
      { description: 'Cinq tentes', version: base.version },
      coordinatorHeaders,
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    await putEntries(page, observer.id, [
      {
        id,
        operation: {
          type: 'update',
          resource: 'observations',
          id,
          version: base.version,
          base,
          changes: { description: 'Quatre tentes' },
        },
      },
    ]);
    const [entry] = await waitForOutbox(page, (entries) => entries.some((row) => row.state === 'conflict'));
    expect(entry).toMatchObject({
      state: 'conflict',
      server: { id, description: 'Cinq tentes', version: changed.body.version },
    });
    // Nothing was overwritten.
    const stored = await request<{ description: string }>(
      running.baseUrl,
      'GET',
      `/api/observations/${id}`,
      undefined,
      observerHeaders,
    );
    expect(stored.body.description).toBe('Cinq tentes');
    await clearOutbox(page);
  });

  it('keeps a refused entry with the server’s field errors, and sends the next ones', async () => {
    const refusedId = randomUUID();
    const nextId = randomUUID();
    const word = `suivant${randomUUID().slice(0, 8)}`;
    const invalid = {
      ...observationBody(refusedId, 'Sans lieu'),
      location: { type: 'Point', coordinates: [200, 95] },
    };
    await putEntries(page, observer.id, [
      { id: refusedId, operation: { type: 'create', resource: 'observations', body: invalid } },
      {
        id: nextId,
        operation: { type: 'create', resource: 'observations', body: observationBody(nextId, word) },
      },
    ]);
    const entries = await waitForOutbox(page, (rows) => rows.length === 1 && rows[0]?.state === 'refused');
    expect(entries[0]).toMatchObject({ id: refusedId, state: 'refused' });
    expect(Object.keys(entries[0]?.fieldErrors as object).some((field) => field.startsWith('location'))).toBe(
      true,
    );
    const next = await request(
      running.baseUrl,
      'GET',
      `/api/observations/${nextId}`,
      undefined,
      observerHeaders,
    );
    expect(next.status).toBe(200);
    await clearOutbox(page);
  });

  it('says what is unsent before signing out, then leaves nothing of the user on the phone', async () => {
    const id = randomUUID();
    await page.setOfflineMode(true);
    try {
      await putEntries(page, observer.id, [
        {
          id,
          operation: { type: 'create', resource: 'observations', body: observationBody(id, 'Pas envoyée') },
        },
      ]);
      await page.locator('::-p-aria([name="Profil"][role="button"])').click();
      await page.locator('::-p-aria([name="Déconnexion"][role="menuitem"])').click();
      await page.waitForFunction(
        () => document.body.innerText.includes('1 saisie n’a pas encore été envoyée'),
        { timeout: 10_000 },
      );
      // Cancelling keeps everything.
      await clickButton(page, 'Annuler');
      expect((await storeContent(page, 'outbox')).map((entry) => entry.id)).toEqual([id]);
      // The dialog's backdrop fades out before the app bar can be clicked again.
      await page.waitForSelector('[role="dialog"]', { hidden: true });

      await page.locator('::-p-aria([name="Profil"][role="button"])').click();
      await page.locator('::-p-aria([name="Déconnexion"][role="menuitem"])').click();
      await clickButton(page, 'Effacer et se déconnecter');
      await page.waitForSelector('input[name="email"]', { timeout: 20_000 });
    } finally {
      await page.setOfflineMode(false);
    }
    expect(await storeContent(page, 'outbox')).toEqual([]);
    expect(await storeContent(page, 'drafts')).toEqual([]);
    expect(await storeContent(page, 'reference')).toEqual([]);
    expect(await storeContent(page, 'meta')).toEqual([]);
  });
});

describe('a new version of the installed app', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let dataSource: DataSource;
  let consoleCopy: string;

  beforeAll(async () => {
    // A copy of the build, so that its service worker can change without touching the shared one.
    consoleCopy = mkdtempSync(join(tmpdir(), 'vigie-console-'));
    cpSync(ensureConsoleBuilt(), consoleCopy, { recursive: true });
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    running = await startApp(inject('databaseUrl'), { VIGIE_CONSOLE_DIR: consoleCopy });
    chromium = await launchBrowser();
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    rmSync(consoleCopy, { recursive: true, force: true });
  });

  it('is applied only when the user accepts, and keeps drafts and the outbox', async () => {
    const observer = await createUser(dataSource, { role: 'observer' });
    const page = await chromium.browser.newPage();
    await installApp(page, running.baseUrl, observer);

    // A half-filled form (saved as the observer types) and an entry waiting for the network.
    const id = randomUUID();
    await page.setOfflineMode(true);
    await putEntries(page, observer.id, [
      {
        id,
        operation: { type: 'create', resource: 'observations', body: observationBody(id, 'En attente') },
      },
    ]);
    await page.evaluate(async (draftKey) => {
      const open = indexedDB.open('vigie-offline');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const transaction = db.transaction('drafts', 'readwrite');
      transaction
        .objectStore('drafts')
        .put({ key: draftKey, ownerId: '', savedAt: '', value: { note: 'à moitié' } });
      await new Promise((resolve) => (transaction.oncomplete = resolve));
      db.close();
    }, `${observer.id}:terrain`);
    await page.setOfflineMode(false);

    // The server now has another version of the app (its precompressed copies would hide it).
    appendFileSync(join(consoleCopy, 'sw.js'), `\n// ${randomUUID()}\n`);
    for (const sibling of ['sw.js.br', 'sw.js.gz']) rmSync(join(consoleCopy, sibling), { force: true });
    const before = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await page.waitForFunction(() => document.body.innerText.includes('Nouvelle version disponible'), {
      timeout: 20_000,
    });
    // Not applied behind the user's back: the old worker still controls the page.
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(before);

    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 20_000 }),
      clickButton(page, 'Mettre à jour'),
    ]);
    await page.waitForSelector('header', { timeout: 20_000 });
    const drafts = await storeContent(page, 'drafts');
    expect(drafts).toContainEqual(expect.objectContaining({ value: { note: 'à moitié' } }));
    // The entry is still there or was sent since (the network is back): never lost.
    const outbox = await storeContent(page, 'outbox');
    if (outbox.length === 0) {
      const sent = await request(running.baseUrl, 'GET', `/api/observations/${id}`, undefined, {
        authorization: `Bearer ${await createSessionToken(dataSource, observer.id)}`,
      });
      expect(sent.status).toBe(200);
    } else {
      expect(outbox.map((entry) => entry.id)).toEqual([id]);
    }
  });
});

/**
 * Clicks a button by its text. Puppeteer's ARIA query does not find the buttons of MUI's snackbar
 * and of a dialog opened from a menu, though they are plain buttons: the DOM is asked instead.
 */
async function clickButton(page: Page, text: string): Promise<void> {
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

async function waitForReference(page: Page): Promise<Record<string, unknown>> {
  const until = Date.now() + 20_000;
  for (;;) {
    const [reference] = await storeContent(page, 'reference');
    if (reference) return reference;
    if (Date.now() > until) throw new Error('No reference data on the device');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Empties the device's outbox between tests (what « Ignorer » on each entry would do). */
async function clearOutbox(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const open = indexedDB.open('vigie-offline');
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const transaction = db.transaction('outbox', 'readwrite');
    transaction.objectStore('outbox').clear();
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    db.close();
  });
}
