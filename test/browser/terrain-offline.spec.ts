/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM, IndexedDB and caches exist.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AttachmentRecord, IncidentRecord, ObservationRecord } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixture, sha256Hex } from '../support/attachments';
import { request } from '../support/http';
import {
  byTestId,
  cutNetwork,
  deviceDatabases,
  type FieldRig,
  installApp,
  openPhone,
  outboxOnDevice,
  snapshot,
  startFieldRig,
  tap,
  typeAfter,
  waitForReference,
} from '../support/offline';
import type { TestUser } from '../support/users';

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
  await typeAfter(page, 'terrain-description', note);
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

  it('keeps two evictions entered offline across reloads, then sends each exactly once and forgets them', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const word = `hors${randomUUID().slice(0, 8)}`;
    const notes = [`Dunes ${word} première`, `Bois ${word} seconde`];

    // One online visit: signed in, the service worker installed and in control, the reference data kept.
    await installApp(page, rig.running.baseUrl, observer, {
      hash: '#/terrain',
      selector: byTestId('terrain-page'),
    });
    await waitForReference(page);

    // The network cut: the API is really out of reach, and the app still opens, on « Terrain ».
    await cutNetwork(page);
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
      rig.running.baseUrl,
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
      rig.running.baseUrl,
      'GET',
      `/api/incidents?observationId=${first}`,
      undefined,
      observerHeaders,
    );
    expect(incidents.body).toEqual([expect.objectContaining({ type: 'tear_gas', observationId: first })]);
    const photos = await request<AttachmentRecord[]>(
      rig.running.baseUrl,
      'GET',
      `/api/attachments?observationId=${first}`,
      undefined,
      observerHeaders,
    );
    expect(photos.body).toEqual([
      expect.objectContaining({ observationId: first, sha256: sha256Hex(fixture(PHOTO)) }),
    ]);

    // The server's own counts for this observer: nothing was sent twice.
    const [counts] = (await rig.dataSource.query(
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
