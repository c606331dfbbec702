/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { randomUUID } from 'node:crypto';
import type { IncidentRecord, ObservationRecord, SiteRecord } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/browser';
import { request } from '../support/http';
import { byTestId, fill, type FieldRig, openPhone, snapshot, startFieldRig, tap } from '../support/offline';

/** Where the phone says it is: a wasteland in Calais, with a known site 150 m away. */
const HERE = { latitude: 50.9513, longitude: 1.8587, accuracy: 15 };
const SITE_POINT = [1.8607, 50.9513];

async function tapTimes(page: Page, testId: string, times: number): Promise<void> {
  for (let count = 0; count < times; count += 1) await tap(page, testId);
}

/** Polls until `check` gives a value (the outbox sends in the background). */
async function eventually<T>(check: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('« Terrain », the field entry on a phone, in Chromium', () => {
  let rig: FieldRig;
  let page: Page;
  let observerHeaders: Record<string, string>;
  let site: SiteRecord;
  let coordinatorHeaders: Record<string, string>;

  const api = async <T>(method: string, path: string, body?: unknown, headers = observerHeaders) =>
    request<T>(rig.running.baseUrl, method, path, body, headers);

  beforeAll(async () => {
    rig = await startFieldRig();
    const observer = await rig.createUser('observer');
    observerHeaders = observer.headers;
    ({ headers: coordinatorHeaders } = await rig.createUser('coordinator'));
    const created = await api<SiteRecord>(
      'POST',
      '/api/sites',
      {
        name: `Dunes ${randomUUID().slice(0, 6)}`,
        aliases: [],
        kind: 'camp',
        location: { type: 'Point', coordinates: SITE_POINT },
        status: 'active',
      },
      coordinatorHeaders,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    site = created.body;

    page = await openPhone(rig, HERE);
    await signIn(page, rig.running.baseUrl, observer.user);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('lets an observer enter an eviction and an incident with one thumb, and sends them to the server', async () => {
    const note = `Tentes lacérées ${randomUUID().slice(0, 8)}`;
    await page.goto(`${rig.running.baseUrl}/#/terrain`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });

    // Position from the device, its accuracy shown, and the known site nearby suggested.
    await tap(page, 'terrain-locate');
    const accuracy = await page.waitForSelector(byTestId('terrain-accuracy'));
    expect(await accuracy?.evaluate((element) => element.textContent)).toContain('15 m');
    await tap(page, `terrain-nearby-site-${site.id}`);
    await page.waitForSelector(byTestId('terrain-chosen-site'));

    // Forces and seizures with the steppers, people, the yes/no/unknown questions, a note.
    await page.select(byTestId('terrain-add-force'), 'crs');
    await tapTimes(page, 'terrain-force-0-vehicles-plus', 3);
    await tapTimes(page, 'terrain-force-0-officers-plus', 13);
    await tap(page, 'terrain-force-0-officers-minus');
    await page.select(byTestId('terrain-add-seizure'), 'tent');
    await tapTimes(page, 'terrain-seizure-0-quantity-plus', 4);
    await tap(page, 'terrain-seizure-0-destroyed-yes');
    await fill(page, 'terrain-stepper-peopleEvicted-value', '40');
    await tap(page, 'terrain-stepper-peopleEvicted-plus');
    await tap(page, 'terrain-tri-interpretersPresent-no');
    await tap(page, 'terrain-tri-shelterOffered-yes');
    await fill(page, 'terrain-description', note);

    // An incident linked to the eviction.
    await tap(page, 'terrain-add-incident');
    await page.waitForSelector(byTestId('terrain-incident'));
    await page.select(byTestId('terrain-incident-type'), 'tear_gas');
    await tapTimes(page, 'terrain-stepper-victimCount-plus', 3);
    await tap(page, 'terrain-perpetrator-crs');
    await tap(page, 'terrain-consent-litigation-yes');
    await snapshot(page, 'terrain-incident');
    await tap(page, 'terrain-incident-done');
    await page.waitForSelector(byTestId('terrain-incident-0'));

    // Made for gloves at 360 px: every button at least 48 px tall, nothing wider than the screen.
    const small = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll('[data-testid="terrain-page"] button, [data-testid="terrain-page"] select'),
      )
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.height > 0 && box.height < 48)
        .map(
          ({ element, box }) =>
            `${element.getAttribute('data-testid') ?? element.textContent}: ${box.height}px`,
        ),
    );
    expect(small).toEqual([]);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.client).toBe(360);

    await snapshot(page, 'terrain-form');
    await tap(page, 'terrain-save');
    const saved = await page.waitForSelector(byTestId('terrain-saved'), { timeout: 20_000 });
    const observationId = await saved!.evaluate((element) => element.getAttribute('data-observation-id'));
    expect(observationId).toMatch(/^[0-9a-f-]{36}$/);
    await snapshot(page, 'terrain-saved');

    // The outbox sends it: the server holds it once, as entered.
    const stored = await eventually(async () => {
      const response = await api<ObservationRecord>('GET', `/api/observations/${observationId}`);
      return response.status === 200 ? response.body : null;
    });
    expect(stored).toMatchObject({
      kind: 'eviction',
      siteId: site.id,
      location: { type: 'Point', coordinates: [HERE.longitude, HERE.latitude] },
      locationAccuracyM: 15,
      forces: [expect.objectContaining({ unit: 'crs', vehicles: 3, officers: 12 })],
      seizures: [expect.objectContaining({ item: 'tent', quantity: 5, destroyed: true })],
      peopleEvicted: 41,
      arrests: 0,
      interpretersPresent: false,
      bailiffPresent: null,
      shelterOffered: true,
      description: note,
    });
    const incidents = await eventually(async () => {
      const response = await api<IncidentRecord[]>('GET', `/api/incidents?observationId=${observationId}`);
      return response.status === 200 && response.body.length > 0 ? response.body : null;
    });
    expect(incidents).toEqual([
      expect.objectContaining({
        type: 'tear_gas',
        observationId,
        occurredAt: expect.any(String),
        victimCount: 3,
        perpetrators: ['crs'],
        consent: { publication: false, litigation: true, research: false },
      }),
    ]);
    expect(Date.parse(incidents[0]!.occurredAt)).toBe(Date.parse(stored.startedAt));

    // Then the outbox is empty, and the badge says so.
    await page.goto(`${rig.running.baseUrl}/#/outbox`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('outbox-empty'), { timeout: 30_000 });
    await snapshot(page, 'terrain-outbox-empty');
    const badge = await page.waitForSelector(byTestId('outbox-badge'));
    expect(await badge?.evaluate((element) => element.getAttribute('data-pending'))).toBe('0');
  });

  it('keeps a half-filled entry across a reload', async () => {
    const note = `Brouillon ${randomUUID().slice(0, 8)}`;
    await page.goto(`${rig.running.baseUrl}/#/terrain`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    await tap(page, 'terrain-kind-dispersal');
    await tapTimes(page, 'terrain-stepper-arrests-plus', 2);
    await fill(page, 'terrain-description', note);
    // Written shortly after the last change.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    const description = await page.waitForSelector(byTestId('terrain-description'));
    expect(await description?.evaluate((element) => (element as HTMLTextAreaElement).value)).toBe(note);
    expect(
      await page.$eval(byTestId('terrain-kind-dispersal'), (element) => element.getAttribute('aria-pressed')),
    ).toBe('true');
    expect(
      await page.$eval(
        byTestId('terrain-stepper-arrests-value'),
        (element) => (element as HTMLInputElement).value,
      ),
    ).toBe('2');
  });

  it('lets the observer tap the map instead, loading the map only when asked for', async () => {
    await page.goto(`${rig.running.baseUrl}/#/terrain`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    expect(await page.$('.leaflet-container')).toBeNull();

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
    expect(await page.$(byTestId('terrain-accuracy'))).toBeNull();
  });

  it('shows a refusal of the server under the field, and sends the fixed entry', async () => {
    // A known site still on the phone, deleted on the server since: the API refuses to link it.
    const gone = await api<SiteRecord>(
      'POST',
      '/api/sites',
      {
        name: `Ancien camp ${randomUUID().slice(0, 6)}`,
        aliases: [],
        kind: 'camp',
        location: { type: 'Point', coordinates: [1.87, 50.96] },
        status: 'active',
      },
      coordinatorHeaders,
    );
    expect(gone.status, JSON.stringify(gone.body)).toBe(201);
    // The reference data is fetched again when the app starts.
    await page.goto(`${rig.running.baseUrl}/#/terrain`, { waitUntil: 'domcontentloaded' });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector(byTestId('terrain-page'), { timeout: 20_000 });
    await fill(page, 'terrain-site-search', gone.body.name);
    await tap(page, `terrain-site-${gone.body.id}`);
    await page.waitForSelector(byTestId('terrain-chosen-site'));
    const deleted = await api('DELETE', `/api/sites/${gone.body.id}`, undefined, coordinatorHeaders);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);

    await tap(page, 'terrain-save');
    const saved = await page.waitForSelector(byTestId('terrain-saved'), { timeout: 20_000 });
    const id = await saved!.evaluate((element) => element.getAttribute('data-observation-id'));

    await page.goto(`${rig.running.baseUrl}/#/outbox`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(`${byTestId(`outbox-entry-${id}`)}[data-state="refused"]`, {
      timeout: 30_000,
    });
    await tap(page, `outbox-entry-${id}-fix`);
    await page.waitForSelector(byTestId('refused-entry'));
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="terrain-location-error"]')
          ?.textContent?.includes('unknown site'),
      { timeout: 10_000 },
    );
    await tap(page, 'terrain-clear-site');
    await tap(page, 'refused-resend');
    await page.waitForSelector(byTestId('outbox-page'));

    const stored = await eventually(async () => {
      const response = await api<ObservationRecord>('GET', `/api/observations/${id}`);
      return response.status === 200 ? response.body : null;
    });
    expect(stored).toMatchObject({ id, siteId: null });
    await page.waitForSelector(byTestId('outbox-empty'), { timeout: 30_000 });
  });
});
