/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM and IndexedDB exist.
import { randomUUID } from 'node:crypto';
import type { HTTPResponse, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, typeInto } from '../support/browser';
import { request } from '../support/http';
import {
  byTestId,
  clickButton,
  deviceDatabases,
  type FieldRig,
  observationBody,
  outboxOnDevice,
  putOutboxEntries,
  reconnect,
  startFieldRig,
  waitForEmptyOutbox,
  waitForOutbox,
} from '../support/offline';
import type { TestUser } from '../support/users';

/**
 * An observer edits a record in the console's edit form with the network cut, keeps the change on
 * the device (issue 13), and the outbox sends it when the network is back: as a conflict settled
 * field by field when someone changed the record meanwhile, and only after a new sign-in when the
 * session ended meanwhile. Every check on the server goes through the API.
 */

interface ObservationView extends Record<string, unknown> {
  id: string;
  version: number;
  description: string | null;
  peopleEvicted: number | null;
}

interface HistoryView {
  action: string;
  actorId: string | null;
  diff: Record<string, unknown> | null;
}

/** An eviction as the API takes it, with a count of people to edit offline. */
const evictionBody = (id: string, description: string) =>
  observationBody(id, description, { peopleEvicted: 10 });

/** Replaces an input's whole content by typing, as a person would. */
async function retype(page: Page, selector: string, text: string): Promise<void> {
  const field = await page.waitForSelector(selector, { visible: true });
  await field?.evaluate((node) => node.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await field?.click();
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await field?.type(text);
}

/**
 * Opens a record's edit form online, cuts the network, changes the fields and saves: the save
 * cannot reach the server, and the change is kept on the device. Ends on the outbox page.
 */
async function editOffline(
  page: Page,
  baseUrl: string,
  resource: 'observations' | 'incidents',
  id: string,
  edits: Record<string, string>,
): Promise<void> {
  await page.goto(`${baseUrl}/#/${resource}/${id}`, { waitUntil: 'domcontentloaded' });
  // The form is filled with the record as fetched.
  await page.waitForFunction(
    () => (document.querySelector('textarea[name="description"]') as HTMLTextAreaElement | null)?.value,
    { timeout: 20_000 },
  );
  await page.setOfflineMode(true);
  for (const [field, value] of Object.entries(edits)) {
    await retype(page, `textarea[name="${field}"], input[name="${field}"]`, value);
  }
  await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
  await page.waitForSelector(byTestId('keep-on-device-confirm'), { visible: true, timeout: 20_000 });
  await page.click(byTestId('keep-on-device-confirm'));
  await page.waitForSelector(byTestId(`outbox-entry-${id}`), { timeout: 20_000 });
}

describe('an edit kept on the device, sent when the network is back', () => {
  let rig: FieldRig;
  let page: Page;
  let observer: TestUser;
  let observerHeaders: Record<string, string>;
  let coordinatorHeaders: Record<string, string>;
  let admin: TestUser;
  let adminHeaders: Record<string, string>;

  const api = async <T>(method: string, path: string, body?: unknown, headers = observerHeaders) =>
    request<T>(rig.running.baseUrl, method, path, body, headers);

  const createObservation = async (description: string): Promise<ObservationView> => {
    const id = randomUUID();
    const created = await api<ObservationView>('POST', '/api/observations', evictionBody(id, description));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    rig = await startFieldRig();
    ({ user: observer, headers: observerHeaders } = await rig.createUser('observer'));
    ({ headers: coordinatorHeaders } = await rig.createUser('coordinator'));
    ({ user: admin, headers: adminHeaders } = await rig.createUser('admin'));
    page = await rig.chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, rig.running.baseUrl, observer);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('settles a conflict field by field, and the server stores exactly the choice', async () => {
    const record = await createObservation('Trois tentes');
    await editOffline(page, rig.running.baseUrl, 'observations', record.id, {
      description: 'Quatre tentes',
      peopleEvicted: '12',
    });

    // On the device: the changed fields only, against the version and the record as opened.
    const [kept] = await outboxOnDevice(page);
    expect(kept).toMatchObject({
      id: record.id,
      state: 'waiting',
      operation: {
        type: 'update',
        resource: 'observations',
        id: record.id,
        version: record.version,
        changes: { description: 'Quatre tentes', peopleEvicted: 12 },
      },
    });
    // Of the record, the phone keeps only the changed fields as they were fetched.
    expect((kept?.operation as { base: object }).base).toEqual({
      description: 'Trois tentes',
      peopleEvicted: 10,
    });
    expect(Object.keys((kept?.operation as { changes: object }).changes).sort()).toEqual([
      'description',
      'peopleEvicted',
    ]);

    // Meanwhile a coordinator corrects both fields on the server.
    const changed = await api<ObservationView>(
      'PATCH',
      `/api/observations/${record.id}`,
      { description: 'Cinq tentes', peopleEvicted: 20, version: record.version },
      coordinatorHeaders,
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    await reconnect(page);
    // The outbox page shows the entry in conflict.
    await page.waitForSelector(`${byTestId(`outbox-entry-${record.id}`)}[data-state="conflict"]`, {
      timeout: 20_000,
    });
    expect(await waitForOutbox(page, (rows) => rows[0]?.state === 'conflict')).toHaveLength(1);
    await page.click(byTestId(`outbox-entry-${record.id}-resolve`));
    await page.waitForSelector(byTestId('conflict-screen'), { timeout: 20_000 });

    // Both versions, field by field.
    const text = (testId: string) => page.$eval(byTestId(testId), (element) => element.textContent ?? '');
    expect(await text('conflict-description-mine')).toContain('Quatre tentes');
    expect(await text('conflict-description-server')).toContain('Cinq tentes');
    expect(await text('conflict-peopleEvicted-mine')).toContain('12');
    expect(await text('conflict-peopleEvicted-server')).toContain('20');
    const choices = () =>
      page.$$eval('[data-testid^="conflict-field-"]', (fields) =>
        Object.fromEntries(
          fields.map((field) => [
            field.getAttribute('data-testid')?.replace('conflict-field-', ''),
            field.getAttribute('data-choice'),
          ]),
        ),
      );
    expect(await choices()).toEqual({ description: 'mine', peopleEvicted: 'mine' });
    await page.click(byTestId('conflict-all-server'));
    expect(await choices()).toEqual({ description: 'server', peopleEvicted: 'server' });
    await page.click(byTestId('conflict-all-mine'));
    // Mine for the description, the server's for the count.
    await page.click(byTestId('conflict-peopleEvicted-server'));
    expect(await choices()).toEqual({ description: 'mine', peopleEvicted: 'server' });
    await page.click(byTestId('conflict-send'));
    await waitForEmptyOutbox(page);

    const stored = await api<ObservationView>('GET', `/api/observations/${record.id}`);
    expect(stored.body).toMatchObject({
      description: 'Quatre tentes',
      peopleEvicted: 20,
      version: changed.body.version + 1,
    });
    // One change by the observer after the coordinator's, and only of the field they kept.
    const history = await api<HistoryView[]>('GET', `/api/observations/${record.id}/history`);
    expect(history.body.map((entry) => entry.actorId)).toEqual([
      observer.id,
      expect.any(String),
      observer.id,
    ]);
    expect(history.body[0]?.diff).toHaveProperty('description');
    expect(history.body[0]?.diff).not.toHaveProperty('peopleEvicted');
  });

  it('stops at a session ended while offline, keeps the entries, and sends them once after a new sign-in', async () => {
    const record = await createObservation('Deux tentes');
    await editOffline(page, rig.running.baseUrl, 'observations', record.id, { description: 'Six tentes' });
    // A second entry, as « Terrain » queues it: an eviction entered offline.
    const word = `session${randomUUID().slice(0, 8)}`;
    const createdId = randomUUID();
    await putOutboxEntries(
      page,
      observer.id,
      [
        {
          id: createdId,
          operation: { type: 'create', resource: 'observations', body: evictionBody(createdId, word) },
          label: 'Expulsion',
        },
      ],
      // Still offline: the sender is woken when the network is back.
      { wake: false },
    );
    expect(await outboxOnDevice(page)).toHaveLength(2);

    // The session is signed out on the server while the phone is offline (another device, an admin).
    const session = (await page.cookies()).find((cookie) => cookie.name === 'vigie_session');
    expect(session).toBeDefined();
    const logout = await api('POST', '/api/auth/logout', {}, { authorization: `Bearer ${session?.value}` });
    expect(logout.status).toBe(204);

    // Every answer the sender gets, to count what reached the server.
    const answers: Array<{ method: string; url: string; status: number }> = [];
    const onResponse = (response: HTTPResponse) => {
      const method = response.request().method();
      if (method === 'PATCH' || method === 'POST') {
        answers.push({ method, url: response.url(), status: response.status() });
      }
    };
    page.on('response', onResponse);
    try {
      await reconnect(page);
      // The app asks to sign in again (on the outbox page and in a message), and keeps both entries.
      await page.waitForSelector(byTestId('outbox-sign-in'), { timeout: 20_000 });
      await page.waitForFunction(
        () => document.body.innerText.includes('Session expirée : reconnectez-vous'),
        { timeout: 20_000 },
      );
      const stopped = await outboxOnDevice(page);
      expect(stopped.map((entry) => entry.id).sort()).toEqual([createdId, record.id].sort());
      expect(stopped.every((entry) => entry.state === 'waiting')).toBe(true);
      expect(answers.filter((answer) => answer.status < 400)).toEqual([]);
      expect(answers.some((answer) => answer.status === 401)).toBe(true);

      // The same user signs in again from the message: both entries leave, once each.
      await clickButton(page, 'Se reconnecter');
      await page.waitForSelector('input[name="email"]', { timeout: 20_000 });
      await typeInto(page, 'input[name="email"]', observer.email);
      await typeInto(page, 'input[name="password"]', observer.password);
      await page.locator('::-p-aria([name="Se connecter"][role="button"])').click();
      await waitForEmptyOutbox(page);
    } finally {
      page.off('response', onResponse);
    }
    const accepted = answers.filter((answer) => answer.status >= 200 && answer.status < 300);
    expect(accepted.filter((answer) => answer.url.endsWith(`/api/observations/${record.id}`))).toHaveLength(
      1,
    );
    expect(accepted.filter((answer) => answer.url.endsWith('/api/observations'))).toHaveLength(1);

    const edited = await api<ObservationView>('GET', `/api/observations/${record.id}`);
    expect(edited.body).toMatchObject({ description: 'Six tentes', version: record.version + 1 });
    const created = await api<ObservationView[]>('GET', `/api/observations?q=${word}`);
    expect(created.body.map((row) => row.id)).toEqual([createdId]);
  });

  it('keeps an edited testimony on the device only until the server has it', async () => {
    const observation = await createObservation('Gaz');
    const id = randomUUID();
    const secret = `Témoignage ${randomUUID().slice(0, 8)}`;
    const created = await api(
      'POST',
      '/api/incidents',
      {
        id,
        type: 'tear_gas',
        occurredAt: '2026-11-30T08:20:00+01:00',
        observationId: observation.id,
        description: 'Gaz dans les tentes',
        testimony: 'Premier récit',
      },
      adminHeaders,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Someone who reads testimonies (an admin), on their own phone.
    const context = await rig.chromium.browser.createBrowserContext();
    const phone = await context.newPage();
    try {
      await phone.setViewport({ width: 1280, height: 900 });
      await signIn(phone, rig.running.baseUrl, admin);
      await editOffline(phone, rig.running.baseUrl, 'incidents', id, { testimony: secret });
      const [kept] = await outboxOnDevice(phone);
      expect(kept?.operation).toMatchObject({
        type: 'update',
        resource: 'incidents',
        changes: { testimony: secret },
      });

      await reconnect(phone);
      await waitForEmptyOutbox(phone);
      // Nothing of it is left on the device, in any store.
      const everything = JSON.stringify(await deviceDatabases(phone));
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain('Premier récit');
    } finally {
      await context.close();
    }
    const stored = await api<{ testimony: string }>('GET', `/api/incidents/${id}`, undefined, adminHeaders);
    expect(stored.body.testimony).toBe(secret);
  });
});
