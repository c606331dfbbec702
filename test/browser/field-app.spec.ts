/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM and the service worker exist.
import { randomUUID } from 'node:crypto';
import type { ObservationRecord } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCspViolations } from '../support/browser';
import { request } from '../support/http';
import { byTestId, type FieldRig, openPhone, startFieldRig, tap, typeAfter } from '../support/offline';
import type { TestUser } from '../support/users';

/**
 * The light field app (`/terrain.html`, issue 13): a phone's first visit signs in there, enters an
 * eviction that reaches the server, never downloads the console's react-admin chunk, and the page
 * opens again with the network cut.
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
    await page.setOfflineMode(true);
    try {
      await page.reload({ waitUntil: 'domcontentloaded' });
      const network = await page.waitForSelector(`${byTestId('terrain-network')}[data-online="false"]`, {
        timeout: 20_000,
      });
      expect(network).not.toBeNull();
    } finally {
      await page.setOfflineMode(false);
    }
    expect(takeCspViolations()).toEqual([]);
  }, 60_000);
});
