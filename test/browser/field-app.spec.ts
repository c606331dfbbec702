/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM and the service worker exist.
import { randomUUID } from 'node:crypto';
import type { ObservationRecord } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCspViolations } from '../support/browser';
import { request } from '../support/http';
import {
  byTestId,
  clickButton,
  cutNetwork,
  deviceDatabases,
  deviceStore,
  type FieldRig,
  observationBody,
  openPhone,
  outboxOnDevice,
  putOutboxEntries,
  startFieldRig,
  tap,
  typeAfter,
  waitForReference,
} from '../support/offline';
import type { TestUser } from '../support/users';

/**
 * The light field app (`/terrain.html`, issue 13): a phone's first visit signs in there, enters an
 * eviction that reaches the server, never downloads the console's react-admin chunk, and the page
 * opens again with the network cut. Its menu signs out (saying first what is unsent) and wipes the
 * device, as the console's does.
 */

const HERE = { latitude: 50.9513, longitude: 1.8587, accuracy: 20 };

describe('the light field app on a phone, in Chromium', () => {
  let rig: FieldRig;
  let page: Page;
  let observer: TestUser;
  let observerHeaders: Record<string, string>;

  beforeAll(async () => {
    rig = await startFieldRig();
    ({ user: observer, headers: observerHeaders } = await rig.createUser('observer'));
    page = await openPhone(rig, HERE);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('signs in, sends an eviction to the server without the console’s code, and opens offline', async () => {
    const scripts: string[] = [];
    page.on('request', (sent) => {
      if (sent.resourceType() === 'script') scripts.push(new URL(sent.url()).pathname);
    });

    // Served like the console's page: revalidated at each use, under the same CSP (no inline script).
    const answer = await page.goto(`${rig.running.baseUrl}/terrain.html`, { waitUntil: 'domcontentloaded' });
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['cache-control']).toBe('no-cache');
    const csp = answer?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // The installed app opens on this page.
    const manifest = await request<{ start_url: string }>(
      rig.running.baseUrl,
      'GET',
      '/manifest.webmanifest',
    );
    expect(manifest.body.start_url).toBe('/terrain.html');

    await typeAfter(page, 'field-sign-in-email', observer.email);
    await typeAfter(page, 'field-sign-in-password', observer.password);
    await tap(page, 'field-sign-in-submit');
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });

    const note = `Léger ${randomUUID().slice(0, 8)}`;
    await tap(page, 'terrain-locate');
    await page.waitForSelector(byTestId('terrain-accuracy'), { timeout: 10_000 });
    await typeAfter(page, 'terrain-description', note);
    await tap(page, 'terrain-save');
    const saved = await page.waitForSelector(byTestId('terrain-saved'), { timeout: 20_000 });
    const id = await saved!.evaluate((element) => element.getAttribute('data-observation-id'));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // The outbox sends it in the background: the server has it, as entered.
    const deadline = Date.now() + 20_000;
    let stored = await request<ObservationRecord>(
      rig.running.baseUrl,
      'GET',
      `/api/observations/${id}`,
      undefined,
      observerHeaders,
    );
    while (stored.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stored = await request<ObservationRecord>(
        rig.running.baseUrl,
        'GET',
        `/api/observations/${id}`,
        undefined,
        observerHeaders,
      );
    }
    expect(stored.status).toBe(200);
    expect(stored.body.description).toBe(note);
    expect(stored.body.kind).toBe('eviction');

    // The console's react-admin chunk was never fetched: only the field app's own code.
    expect(scripts.filter((path) => /\/assets\/vendor-/.test(path))).toEqual([]);
    expect(scripts.some((path) => /\/assets\/field-vendor-/.test(path))).toBe(true);

    // The map, when asked for, still works (react-admin's core comes with it, as Leaflet does).
    await tap(page, 'terrain-map-toggle');
    const map = await page.waitForSelector(`${byTestId('terrain-map')} .leaflet-container`, {
      timeout: 20_000,
    });
    await map?.evaluate((node) => node.scrollIntoView({ block: 'center', behavior: 'instant' }));
    await map?.tap();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="terrain-position"]')?.textContent?.includes('carte'),
      { timeout: 10_000 },
    );

    // Installed for offline use, then the network cut: the page opens from the service worker.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 20_000 });
    // The commune outlines are kept on the phone with the sites: the map's base layer offline.
    const outlinesDeadline = Date.now() + 20_000;
    while (!(await deviceStore(page, 'reference'))[0]?.outlines && Date.now() < outlinesDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await cutNetwork(page);
    try {
      await page.reload({ waitUntil: 'domcontentloaded' });
      const network = await page.waitForSelector(`${byTestId('terrain-network')}[data-online="false"]`, {
        timeout: 20_000,
      });
      expect(network).not.toBeNull();
      // « Choisir sur la carte » offline: the communes are drawn, and a tap still sets the position.
      await tap(page, 'terrain-map-toggle');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="terrain-map"] .leaflet-communes-pane path').length > 100,
        { timeout: 20_000 },
      );
    } finally {
      await page.setOfflineMode(false);
    }
    expect(takeCspViolations()).toEqual([]);
  }, 60_000);

  it('signs out only after saying what is unsent, and wipes the device, leaving nothing', async () => {
    /**
     * Opens the app bar's menu and waits until it has grown to its place (a tap lands where seen).
     * Tapped again if it did not open: a tap made while a closing dialog's backdrop still fades
     * out reaches the backdrop, not the button (as a person would tap again).
     */
    const openMenu = async () => {
      for (let attempt = 1; ; attempt += 1) {
        await tap(page, 'field-user-menu');
        const opened = await page
          .waitForFunction(
            () => {
              const paper = document.querySelector('[role="menu"]')?.parentElement;
              return paper ? getComputedStyle(paper).transform === 'none' : false;
            },
            { timeout: 3_000 },
          )
          .then(
            () => true,
            () => false,
          );
        if (opened) return;
        if (attempt === 3) throw new Error('The menu did not open after three taps');
      }
    };
    /** Every store of the app's database holds nothing. */
    const emptyDevice = async () =>
      expect(Object.values((await deviceDatabases(page))['vigie-offline'] ?? {}).flat()).toEqual([]);

    const id = randomUUID();
    // The session cookie (httpOnly: the page cannot drop it itself).
    const cookie = (await page.cookies(rig.running.baseUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
    await page.setOfflineMode(true);
    try {
      await putOutboxEntries(page, observer.id, [
        {
          id,
          operation: { type: 'create', resource: 'observations', body: observationBody(id, 'Pas envoyée') },
        },
      ]);
      await openMenu();
      await tap(page, 'field-sign-out');
      await page.waitForFunction(
        () => document.body.innerText.includes('1 saisie n’a pas encore été envoyée'),
        { timeout: 10_000 },
      );
      // Cancelling keeps the entry.
      await clickButton(page, 'Annuler');
      expect((await outboxOnDevice(page)).map((entry) => entry.id)).toEqual([id]);
      await page.waitForSelector('[role="dialog"]', { hidden: true });

      await openMenu();
      await tap(page, 'field-sign-out');
      await clickButton(page, 'Effacer et se déconnecter');
      await page.waitForSelector(byTestId('field-sign-in'), { timeout: 20_000 });
    } finally {
      await page.setOfflineMode(false);
    }
    await emptyDevice();
    // The sign-out could not reach the server: it is sent at the next start with network, before
    // anything else, so the phone does not open again as this user.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('field-sign-in'), { timeout: 20_000 });
    const old = await request(rig.running.baseUrl, 'GET', '/api/auth/me', undefined, { cookie });
    expect(old.status).toBe(401);

    // Signed in again: the sites are kept, and another user of this phone has an entry waiting.
    await typeAfter(page, 'field-sign-in-email', observer.email);
    await typeAfter(page, 'field-sign-in-password', observer.password);
    await tap(page, 'field-sign-in-submit');
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    await waitForReference(page);
    const otherId = randomUUID();
    await putOutboxEntries(
      page,
      randomUUID(),
      [
        {
          id: otherId,
          operation: { type: 'create', resource: 'observations', body: observationBody(otherId, 'Autre') },
        },
      ],
      { wake: false },
    );

    await openMenu();
    await tap(page, 'field-wipe');
    await clickButton(page, 'Tout effacer');
    await page.waitForSelector(byTestId('field-sign-in'), { timeout: 20_000 });
    await page.waitForFunction(() => document.body.innerText.includes('Données de l’appareil effacées'), {
      timeout: 10_000,
    });
    await emptyDevice();
    expect(await page.evaluate(() => caches.keys())).toEqual([]);
  }, 60_000);
});
