/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM and IndexedDB exist.
import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import {
  clearOutbox,
  clickButton,
  cutNetwork,
  deviceStore,
  type FieldRig,
  installApp,
  observationBody,
  outboxOnDevice,
  putOutboxEntries,
  reconnect,
  startFieldRig,
  waitForEmptyOutbox,
  waitForOutbox,
  waitForReference,
} from '../support/offline';
import type { TestUser } from '../support/users';

/**
 * The offline field capture (issue 13) in Chromium on a phone-sized screen: the service worker
 * opens the app with the network cut, and the outbox engine sends what was kept on the phone
 * exactly once. The entries are written to the outbox store as `enqueue` writes them (the
 * « Terrain » screens have their own tests); the engine under test is the built console's.
 */

/** A larger phone than « Terrain »'s: the console's own screens, not the quick entry. */
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

describe('the console offline, in Chromium on a phone', () => {
  let rig: FieldRig;
  let page: Page;
  let observer: TestUser;
  let observerHeaders: Record<string, string>;
  let coordinatorHeaders: Record<string, string>;
  const siteName = `Bois ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    rig = await startFieldRig();
    ({ user: observer, headers: observerHeaders } = await rig.createUser('observer'));
    ({ headers: coordinatorHeaders } = await rig.createUser('coordinator'));
    const site = await request(
      rig.running.baseUrl,
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
    page = await rig.chromium.browser.newPage();
    await page.setViewport(PHONE);
    await installApp(page, rig.running.baseUrl, observer);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('opens after a reload with the network cut, with the sites kept on the phone', async () => {
    const reference = await waitForReference(page);
    expect(reference.sites).toContainEqual(
      expect.objectContaining({ name: siteName, aliases: ['Jungle du phare'] }),
    );
    expect((reference.communes as unknown[]).length).toBeGreaterThan(100);

    await cutNetwork(page);
    try {
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
    await putOutboxEntries(page, observer.id, [
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
    expect((await outboxOnDevice(page)).map((entry) => entry.state)).toEqual([
      'waiting',
      'waiting',
      'waiting',
    ]);

    await reconnect(page);
    await waitForEmptyOutbox(page);

    const observations = await request<Array<{ id: string }>>(
      rig.running.baseUrl,
      'GET',
      `/api/observations?q=${word}`,
      undefined,
      observerHeaders,
    );
    expect(observations.body.map((row) => row.id)).toEqual([observationId]);
    const incidents = await request<Array<{ id: string }>>(
      rig.running.baseUrl,
      'GET',
      `/api/incidents?observationId=${observationId}`,
      undefined,
      observerHeaders,
    );
    expect(incidents.body.map((row) => row.id)).toEqual([incidentId]);
    const photo = await request<{ id: string; caption: string }>(
      rig.running.baseUrl,
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
    const lossy = await rig.chromium.browser.newPage();
    await lossy.setViewport(PHONE);
    // Interception sees the page's own requests only when no service worker stands in between.
    await lossy.setBypassServiceWorker(true);
    await lossy.goto(`${rig.running.baseUrl}/#/`, { waitUntil: 'domcontentloaded' });
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
      await putOutboxEntries(lossy, observer.id, [
        { id, operation: { type: 'create', resource: 'observations', body: observationBody(id, word) } },
      ]);
      await waitForEmptyOutbox(lossy);
    } finally {
      await lossy.close();
    }
    expect(posts).toBe(2);
    const stored = await request<unknown[]>(
      rig.running.baseUrl,
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
      rig.running.baseUrl,
      'POST',
      '/api/observations',
      observationBody(id, 'Trois tentes'),
      observerHeaders,
    );
    expect(created.status).toBe(201);
    const base = created.body;
    // Someone else corrects it while the observer is out of signal.
    const changed = await request<Record<string, unknown>>(
      rig.running.baseUrl,
      'PATCH',
      `/api/observations/${id}`,
      { description: 'Cinq tentes', version: base.version },
      coordinatorHeaders,
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    await putOutboxEntries(page, observer.id, [
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
      rig.running.baseUrl,
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
    await putOutboxEntries(page, observer.id, [
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
      rig.running.baseUrl,
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
      await putOutboxEntries(page, observer.id, [
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
      expect((await outboxOnDevice(page)).map((entry) => entry.id)).toEqual([id]);
      // The dialog's backdrop fades out before the app bar can be clicked again.
      await page.waitForSelector('[role="dialog"]', { hidden: true });

      await page.locator('::-p-aria([name="Profil"][role="button"])').click();
      await page.locator('::-p-aria([name="Déconnexion"][role="menuitem"])').click();
      await clickButton(page, 'Effacer et se déconnecter');
      await page.waitForSelector('input[name="email"]', { timeout: 20_000 });
    } finally {
      await page.setOfflineMode(false);
    }
    expect(await outboxOnDevice(page)).toEqual([]);
    expect(await deviceStore(page, 'drafts')).toEqual([]);
    expect(await deviceStore(page, 'reference')).toEqual([]);
    expect(await deviceStore(page, 'meta')).toEqual([]);
  });
});

describe('a new version of the installed app', () => {
  let rig: FieldRig;
  let consoleCopy: string;

  beforeAll(async () => {
    // A copy of the build, so that its service worker can change without touching the shared one.
    consoleCopy = mkdtempSync(join(tmpdir(), 'vigie-console-'));
    cpSync(ensureConsoleBuilt(), consoleCopy, { recursive: true });
    rig = await startFieldRig(consoleCopy);
  });

  afterAll(async () => {
    await rig?.close();
    rmSync(consoleCopy, { recursive: true, force: true });
  });

  it('is applied only when the user accepts, and keeps drafts and the outbox', async () => {
    const { user: observer, headers: observerHeaders } = await rig.createUser('observer');
    const page = await rig.chromium.browser.newPage();
    await page.setViewport(PHONE);
    await installApp(page, rig.running.baseUrl, observer);

    // A half-filled form (saved as the observer types) and an entry waiting for the network.
    const id = randomUUID();
    await page.setOfflineMode(true);
    await putOutboxEntries(page, observer.id, [
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
    const drafts = await deviceStore(page, 'drafts');
    expect(drafts).toContainEqual(expect.objectContaining({ value: { note: 'à moitié' } }));
    // The entry is still there or was sent since (the network is back): never lost.
    const outbox = await outboxOnDevice(page);
    if (outbox.length === 0) {
      const sent = await request(
        rig.running.baseUrl,
        'GET',
        `/api/observations/${id}`,
        undefined,
        observerHeaders,
      );
      expect(sent.status).toBe(200);
    } else {
      expect(outbox.map((entry) => entry.id)).toEqual([id]);
    }
  });
});
