/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentRecord, IncidentRecord, ObservationRecord } from '@vigie/domain';
import type { Page } from 'puppeteer-core';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser, typeInto } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { createSessionToken, createUser } from '../support/users';

/** The `[data-attachment-id]` card of the panel, once its thumbnail has really loaded. */
async function waitForLoadedThumbnail(page: Page): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const image = document.querySelector<HTMLImageElement>(
        '[data-evidence-panel] [data-attachment-id] img',
      );
      return image && image.complete && image.naturalWidth > 0
        ? image.closest('[data-attachment-id]')?.getAttribute('data-attachment-id')
        : null;
    },
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as string;
}

describe('evidence files in the console, in Chromium on a phone-sized screen', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let page: Page;
  let dataSource: DataSource;
  let apiHeaders: Record<string, string>;
  let workDir: string;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'vigie-evidence-'));
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    const coordinator = await createUser(dataSource, { role: 'coordinator' });
    apiHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, coordinator.id)}` };
    running = await startApp(inject('databaseUrl'), {
      VIGIE_CONSOLE_DIR: consoleDir,
      VIGIE_DATA_DIR: join(workDir, 'files'),
      VIGIE_MAX_UPLOAD_MB: '1',
    });
    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await signIn(page, running.baseUrl, coordinator);
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  const api = <T>(method: string, path: string, body?: unknown) =>
    request<T>(running.baseUrl, method, path, body, apiHeaders);

  async function createObservation(): Promise<ObservationRecord> {
    const created = await api<ObservationRecord>('POST', '/api/observations', {
      kind: 'eviction',
      startedAt: '2025-06-03T06:45:00+02:00',
      location: { type: 'Point', coordinates: [1.8587, 50.9513] },
      arrests: 0,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  /** The file input of the "Choisir des fichiers" button (the camera one takes a single photo). */
  async function chooseFiles(paths: string[]): Promise<void> {
    const input = await page.waitForSelector('[data-evidence-panel] input[type="file"][name="files"]');
    await input!.uploadFile(...paths);
  }

  it('adds an incident to an observation with a photo and sees the thumbnail and the hash', async () => {
    const observation = await createObservation();
    const photo = join(workDir, 'tente-lacérée.jpg');
    await sharp({ create: { width: 160, height: 120, channels: 3, background: '#b03a2e' } })
      .jpeg({ quality: 80 })
      .toFile(photo);
    const photoHash = createHash('sha256').update(readFileSync(photo)).digest('hex');

    // From the observation's "Incidents" tab, add an incident: time and place come from the observation.
    await page.goto(`${running.baseUrl}/#/observations/${observation.id}/show/incidents`, {
      waitUntil: 'domcontentloaded',
    });
    await page.locator('::-p-aria([name="Ajouter un incident"])').setTimeout(20_000).click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/incidents/create'), {
      timeout: 20_000,
    });
    await page.locator('::-p-aria([name="Type"][role="combobox"])').setTimeout(20_000).click();
    await page.locator('::-p-aria([name="Destruction d’affaires"][role="option"])').click();
    await page.waitForFunction(() => document.querySelector('[role="listbox"]') === null);
    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
    const incidentId = await (
      await page.waitForFunction(
        () => /#\/incidents\/([0-9a-f-]{36})\/show/.exec(window.location.hash)?.[1],
        {
          timeout: 20_000,
        },
      )
    ).jsonValue();
    const { body: incident } = await api<IncidentRecord>('GET', `/api/incidents/${incidentId}`);
    expect(incident).toMatchObject({ observationId: observation.id, type: 'destruction_of_belongings' });

    // On the incident, the "Fichiers" tab: a photo, a caption, consent to litigation only.
    await page.goto(`${running.baseUrl}/#/incidents/${incidentId}/show/files`, {
      waitUntil: 'domcontentloaded',
    });
    await chooseFiles([photo]);
    await typeInto(page, '[data-evidence-panel] input[name="caption"]', 'Tente lacérée au couteau');
    await page.click('[data-evidence-panel] input[name="consent.litigation"]');
    await page.locator('::-p-aria([name="Envoyer 1 fichier"][role="button"])').click();

    const attachmentId = await waitForLoadedThumbnail(page);
    const card = `[data-attachment-id="${attachmentId}"]`;
    await page.screenshot({ path: '/tmp/h5-files.png', fullPage: true });
    const shown = await page.$eval(`${card} code[data-sha256]`, (code) =>
      (code as HTMLElement).innerText.trim(),
    );
    expect(shown).toBe(photoHash);
    const cardText = await page.$eval(card, (element) => (element as HTMLElement).innerText);
    expect(cardText).toContain('Tente lacérée au couteau');
    expect(cardText).toContain('Contentieux');
    expect(cardText).not.toContain('Publication');

    // What the server stored is that photo, attached to that incident, with that consent.
    const { body: stored } = await api<AttachmentRecord>('GET', `/api/attachments/${attachmentId}`);
    expect(stored).toMatchObject({
      sha256: photoHash,
      incidentId,
      observationId: null,
      mimeType: 'image/jpeg',
      caption: 'Tente lacérée au couteau',
      consent: { publication: false, litigation: true, research: false },
    });
    // Consent to publication given later: changed on the file, its bytes untouched.
    await page.locator('::-p-aria([name="Modifier"][role="button"])').click();
    await page.click('[role="dialog"] input[name="consent.publication"]');
    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent?.includes('Publication'),
      { timeout: 20_000 },
      card,
    );
    const { body: changed } = await api<AttachmentRecord>('GET', `/api/attachments/${attachmentId}`);
    expect(changed).toMatchObject({
      sha256: photoHash,
      version: stored.version + 1,
      consent: { publication: true, litigation: true, research: false },
    });

    // The download link serves the original bytes.
    const href = await page.$eval(`${card} a[href$="/content"]`, (link) => (link as HTMLAnchorElement).href);
    const download = await fetch(href, { headers: apiHeaders });
    expect(
      createHash('sha256')
        .update(Buffer.from(await download.arrayBuffer()))
        .digest('hex'),
    ).toBe(photoHash);
  });

  it('says why a file is refused, in French, and stores nothing', async () => {
    const observation = await createObservation();
    const empty = join(workDir, 'vide.jpg');
    const tooLarge = join(workDir, 'trop-gros.pdf');
    const notAPhoto = join(workDir, 'programme.jpg');
    writeFileSync(empty, Buffer.alloc(0));
    writeFileSync(
      tooLarge,
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1.5 * 1024 * 1024, 0x20)]),
    );
    writeFileSync(
      notAPhoto,
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]),
    );

    await page.goto(`${running.baseUrl}/#/observations/${observation.id}/show/files`, {
      waitUntil: 'domcontentloaded',
    });
    await chooseFiles([empty, tooLarge, notAPhoto]);
    await page.locator('::-p-aria([name="Envoyer 3 fichiers"][role="button"])').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-evidence-panel] [data-upload-state="failed"]').length === 3,
      { timeout: 30_000 },
    );
    const messages = await page.$$eval(
      '[data-evidence-panel] [data-upload-state="failed"] [role="alert"]',
      (alerts) => alerts.map((alert) => (alert as HTMLElement).innerText),
    );
    expect(messages).toEqual([
      expect.stringContaining('vide'),
      expect.stringContaining('trop volumineux : 1 Mo au maximum'),
      expect.stringContaining('Type de fichier non accepté'),
    ]);
    const { body: files } = await api<AttachmentRecord[]>(
      'GET',
      `/api/attachments?observationId=${observation.id}`,
    );
    expect(files).toEqual([]);
  });

  it('sends a file again after its answer was lost, and the server keeps it once', async () => {
    const observation = await createObservation();
    const photo = join(workDir, 'camion.jpg');
    await sharp({ create: { width: 80, height: 60, channels: 3, background: '#1f618d' } })
      .jpeg()
      .toFile(photo);
    const listFiles = async () =>
      (await api<AttachmentRecord[]>('GET', `/api/attachments?observationId=${observation.id}`)).body;

    await page.goto(`${running.baseUrl}/#/observations/${observation.id}/show/files`, {
      waitUntil: 'domcontentloaded',
    });
    await chooseFiles([photo]);
    // The server stores the file, then the connection drops before its answer reaches the phone.
    const cdp = await page.createCDPSession();
    await cdp.send('Fetch.enable', {
      patterns: [{ urlPattern: '*/api/attachments', requestStage: 'Response' }],
    });
    cdp.once('Fetch.requestPaused', (event: { requestId: string }) => {
      void cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'ConnectionReset' });
    });
    try {
      await page.locator('::-p-aria([name="Envoyer 1 fichier"][role="button"])').click();
      const alert = '[data-evidence-panel] [data-upload-state="failed"] [role="alert"]';
      await page.waitForSelector(alert, { timeout: 20_000 });
      expect(await page.$eval(alert, (element) => (element as HTMLElement).innerText)).toContain(
        'pas de connexion au serveur',
      );
    } finally {
      await cdp.send('Fetch.disable');
      await cdp.detach();
    }
    const [stored] = await listFiles();
    expect(stored).toBeDefined();

    // "Réessayer" sends the same upload (same client id): the server answers with the stored file.
    await page.locator('::-p-aria([name="Réessayer"][role="button"])').click();
    expect(await waitForLoadedThumbnail(page)).toBe(stored!.id);
    expect(await page.$('[data-evidence-panel] [data-upload-state]')).toBeNull();
    expect(await listFiles()).toHaveLength(1);
  });

  it('shows an observer its own files only, without edit or delete, and lets it upload', async () => {
    const observation = await createObservation();
    const coordinatorPhoto = join(workDir, 'coordination.jpg');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#117864' } })
      .jpeg()
      .toFile(coordinatorPhoto);
    await page.goto(`${running.baseUrl}/#/observations/${observation.id}/show/files`, {
      waitUntil: 'domcontentloaded',
    });
    await chooseFiles([coordinatorPhoto]);
    await page.locator('::-p-aria([name="Envoyer 1 fichier"][role="button"])').click();
    await waitForLoadedThumbnail(page);

    const observer = await createUser(dataSource, { role: 'observer' });
    const context = await chromium.browser.createBrowserContext();
    try {
      const observerPage = await context.newPage();
      await observerPage.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
      await signIn(observerPage, running.baseUrl, observer);
      await observerPage.goto(`${running.baseUrl}/#/observations/${observation.id}/show/files`, {
        waitUntil: 'domcontentloaded',
      });
      await observerPage.waitForFunction(
        () => document.querySelector('[data-evidence-panel]')?.textContent?.includes('Aucun fichier'),
        { timeout: 20_000 },
      );
      const ownPhoto = join(workDir, 'terrain.jpg');
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#7d3c98' } })
        .jpeg()
        .toFile(ownPhoto);
      const input = await observerPage.waitForSelector(
        '[data-evidence-panel] input[type="file"][name="files"]',
      );
      await input!.uploadFile(ownPhoto);
      await observerPage.locator('::-p-aria([name="Envoyer 1 fichier"][role="button"])').click();
      const ownId = await waitForLoadedThumbnail(observerPage);
      const shownIds = await observerPage.$$eval('[data-attachment-id]', (cards) =>
        cards.map((card) => card.getAttribute('data-attachment-id')),
      );
      expect(shownIds).toEqual([ownId]);
      expect(await observerPage.$('::-p-aria([name="Modifier"][role="button"])')).toBeNull();
      expect(await observerPage.$('::-p-aria([name="Supprimer"][role="button"])')).toBeNull();
    } finally {
      await context.close();
    }
  });
});
