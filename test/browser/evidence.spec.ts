/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentRecord, IncidentRecord, ObservationRecord } from '@vigie/domain';
import { PDFDocument } from 'pdf-lib';
import type { HTTPRequest, Page } from 'puppeteer-core';
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

/**
 * A fake HEIC: sniffed as `image/heic`, but sharp cannot decode it, so no publication copy. Its
 * boxes have real sizes: with a zero-sized box after `ftyp`, exifr never returns (reported as an API bug).
 */
const UNDECODABLE_HEIC = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypheic'),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from('mif1heic'),
  Buffer.from([0, 0, 0x07, 0xd8]),
  Buffer.from('mdat'),
  Buffer.alloc(2000, 0),
]);

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

  /** `POST /api/attachments` outside the console, as the user of `headers`. */
  async function uploadAs(
    headers: Record<string, string>,
    observationId: string,
    bytes: Buffer,
    fileName: string,
    consent = { publication: true, litigation: false, research: false },
  ): Promise<{ status: number; body: AttachmentRecord }> {
    const form = new FormData();
    form.append('observationId', observationId);
    form.append('consent', JSON.stringify(consent));
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    const response = await fetch(`${running.baseUrl}/api/attachments`, {
      method: 'POST',
      headers,
      body: form,
    });
    return { status: response.status, body: (await response.json()) as AttachmentRecord };
  }

  /** The snackbar of a previous step may cover the button at the bottom of a phone screen. */
  async function waitForNoNotice(): Promise<void> {
    await page.waitForFunction(() => document.querySelector('.MuiSnackbar-root') === null, {
      timeout: 20_000,
    });
  }

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

    // Count the uploads that really leave the browser.
    const posted: string[] = [];
    const onRequest = (sent: HTTPRequest) => {
      if (sent.method() === 'POST' && new URL(sent.url()).pathname === '/api/attachments') {
        posted.push(sent.url());
      }
    };
    page.on('request', onRequest);
    try {
      await page.goto(`${running.baseUrl}/#/observations/${observation.id}/show/files`, {
        waitUntil: 'domcontentloaded',
      });
      await chooseFiles([empty, tooLarge, notAPhoto]);
      // The empty file and the one over the server's 1 MB limit (`/api/meta`) are refused at once,
      // in the words of the server's 400 and 413; only the third is left to send.
      await page.waitForFunction(
        () => document.querySelectorAll('[data-evidence-panel] [data-upload-state="failed"]').length === 2,
        { timeout: 20_000 },
      );
      // The notice of the previous test would catch the click.
      await waitForNoNotice();
      await page.locator('::-p-aria([name="Envoyer 1 fichier"][role="button"])').click();
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
        'Fichier trop volumineux : 1 Mo au maximum.',
        expect.stringContaining('Type de fichier non accepté'),
      ]);
      expect(posted).toHaveLength(1);
    } finally {
      page.off('request', onRequest);
    }
    const { body: files } = await api<AttachmentRecord[]>(
      'GET',
      `/api/attachments?observationId=${observation.id}`,
    );
    expect(files).toEqual([]);

    // The server still says the same for a file over the limit that reaches it (another client).
    const { body: meta } = await api<{ maxUploadMb: number }>('GET', '/api/meta');
    expect(meta.maxUploadMb).toBe(1);
    const refused = await uploadAs(apiHeaders, observation.id, readFileSync(tooLarge), 'trop-gros.pdf');
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ message: 'The file is larger than 1 MB' });
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

  it('shows the deleted files on demand and restores one', async () => {
    const observation = await createObservation();
    const photo = join(workDir, 'abri.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ca6f1e' } })
      .jpeg()
      .toFile(photo);
    await page.goto(`${running.baseUrl}/#/observations/${observation.id}/show/files`, {
      waitUntil: 'domcontentloaded',
    });
    await chooseFiles([photo]);
    await page.locator('::-p-aria([name="Envoyer 1 fichier"][role="button"])').click();
    const attachmentId = await waitForLoadedThumbnail(page);

    // The file's own "Supprimer" (the toolbar's deletes the observation), confirmed: it leaves the list.
    await page.click(`[data-attachment-id="${attachmentId}"] button[aria-label="Supprimer"]`);
    await page.waitForSelector('[role="dialog"]', { timeout: 10_000 });
    await page.$$eval('[role="dialog"] button', (buttons) =>
      (buttons.find((button) => button.textContent?.trim() === 'Confirmer') as HTMLButtonElement).click(),
    );
    await page.waitForFunction(
      () => document.querySelector('[data-evidence-panel]')?.textContent?.includes('Aucun fichier'),
      { timeout: 20_000 },
    );
    const { body: deleted } = await api<AttachmentRecord>('GET', `/api/attachments/${attachmentId}`);
    expect(deleted.deletedAt).not.toBeNull();

    // "Afficher les fichiers supprimés": it is there, marked deleted, with "Restaurer" and no edit.
    await page.locator('::-p-aria([name="Afficher les fichiers supprimés"])').click();
    const inTrash = `[data-deleted-files] [data-attachment-id="${attachmentId}"][data-deleted="true"]`;
    await page.waitForSelector(inTrash, { timeout: 20_000 });
    expect(await page.$eval(inTrash, (card) => (card as HTMLElement).innerText)).toContain('Supprimé le');
    expect(await page.$(`${inTrash} button[aria-label="Modifier"]`)).toBeNull();
    expect(await page.$(`${inTrash} button[aria-label="Supprimer"]`)).toBeNull();
    await page.click(`${inTrash} button[aria-label="Restaurer"]`);

    // Back in the list of live files, gone from the deleted ones; the server agrees.
    await page.waitForSelector(`[data-attachment-id="${attachmentId}"]:not([data-deleted])`, {
      timeout: 20_000,
    });
    await page.waitForFunction(
      () => document.querySelector('[data-deleted-files]')?.textContent?.includes('Aucun fichier supprimé'),
      { timeout: 20_000 },
    );
    const { body: restored } = await api<AttachmentRecord>('GET', `/api/attachments/${attachmentId}`);
    expect(restored).toMatchObject({ deletedAt: null, version: deleted.version + 1 });
  });

  it('offers communication only the downloads it may fetch: copies without metadata, no original', async () => {
    const observation = await createObservation();
    const jpeg = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#2e86c1' } })
      .jpeg()
      .toBuffer();
    const pdfDocument = await PDFDocument.create();
    pdfDocument.setAuthor('Auteur du document');
    pdfDocument.addPage([200, 100]);
    const pdf = Buffer.from(await pdfDocument.save());
    const uploaded: Record<string, AttachmentRecord> = {};
    for (const [name, bytes] of [
      ['photo.jpg', jpeg],
      ['photo.heic', UNDECODABLE_HEIC],
      ['arrete.pdf', pdf],
    ] as const) {
      const { status, body } = await uploadAs(apiHeaders, observation.id, bytes, name);
      expect(status, JSON.stringify(body)).toBe(201);
      uploaded[name] = body;
    }
    expect(uploaded['photo.heic']).toMatchObject({ mimeType: 'image/heic', publication: null });
    expect(uploaded['photo.jpg']!.publication).not.toBeNull();
    expect(uploaded['arrete.pdf']!.publication).toMatchObject({ mimeType: 'application/pdf' });
    for (const step of ['submit', 'validate']) {
      const moved = await api('POST', `/api/observations/${observation.id}/${step}`, {});
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }

    const communication = await createUser(dataSource, { role: 'communication' });
    const communicationHeaders = {
      authorization: `Bearer ${await createSessionToken(dataSource, communication.id)}`,
    };
    const context = await chromium.browser.createBrowserContext();
    try {
      const viewer = await context.newPage();
      await viewer.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
      await signIn(viewer, running.baseUrl, communication);
      await viewer.goto(`${running.baseUrl}/#/observations/${observation.id}/show/files`, {
        waitUntil: 'domcontentloaded',
      });
      await viewer.waitForFunction(
        () => document.querySelectorAll('[data-evidence-panel] [data-attachment-id]').length === 3,
        { timeout: 20_000 },
      );
      const links = (id: string) =>
        viewer.$$eval(`[data-attachment-id="${id}"] a[href]`, (anchors) =>
          anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname),
        );
      const base = '/api/attachments';
      expect(await links(uploaded['photo.jpg']!.id)).toEqual([
        `${base}/${uploaded['photo.jpg']!.id}/publication`,
      ]);
      // A document too: its copy without Info and XMP, never the original.
      expect(await links(uploaded['arrete.pdf']!.id)).toEqual([
        `${base}/${uploaded['arrete.pdf']!.id}/publication`,
      ]);
      // No copy without metadata could be made of the HEIC: no link at all, "original réservé".
      const heic = `[data-attachment-id="${uploaded['photo.heic']!.id}"]`;
      expect(await links(uploaded['photo.heic']!.id)).toEqual([]);
      expect(await viewer.$eval(heic, (card) => (card as HTMLElement).innerText)).toContain(
        'Original réservé',
      );
      // Communication neither deletes nor sees the deleted files.
      expect(await viewer.$('::-p-aria([name="Afficher les fichiers supprimés"])')).toBeNull();

      // Every link and image the panel offers answers 200 to communication; the original it no
      // longer links to would be a 403.
      const urls = await viewer.$$eval(
        '[data-evidence-panel] a[href], [data-evidence-panel] img[src]',
        (elements) =>
          elements.map((element) =>
            element instanceof HTMLAnchorElement ? element.href : (element as HTMLImageElement).src,
          ),
      );
      expect(urls.length).toBeGreaterThanOrEqual(3);
      for (const url of urls) {
        expect((await fetch(url, { headers: communicationHeaders })).status, url).toBe(200);
      }
      const original = await fetch(`${running.baseUrl}${base}/${uploaded['photo.heic']!.id}/content`, {
        headers: communicationHeaders,
      });
      expect(original.status).toBe(403);
    } finally {
      await context.close();
    }
  });
});
