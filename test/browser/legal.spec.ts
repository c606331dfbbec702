/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  formatParisDate,
  type DeadlineRecord,
  type LegalCaseRecord,
  type LegalEvidenceRecord,
  type ReportRecord,
} from '@vigie/domain';
import { addDays, compareDates, DEADLINE_RULES, nextWorkingDay } from '@vigie/domain/legal';
import type { BrowserContext, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { type RunningApp, startApp } from '../support/app';
import {
  chooseOption,
  launchBrowser,
  setInputValue,
  signIn,
  type TestBrowser,
  typeInto,
} from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { request } from '../support/http';
import { testQueue } from '../support/reports';
import { createSessionToken, createUser, type TestUser } from '../support/users';

const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

async function waitForText(page: Page, text: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((expected) => document.body.innerText.includes(expected), { timeout }, text);
}

/** Fetches a URL from the page, with its session cookie, as a click on the link would. */
function fetchInPage(page: Page, url: string) {
  return page.evaluate(async (href) => {
    const response = await fetch(href, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      head: new TextDecoder('latin1').decode(bytes.slice(0, 5)),
    };
  }, url);
}

/** `YYYY-MM-DD` as the console writes it: `04/05/2026`. */
const shown = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** How the console must mark an open deadline due on `dueAt`, today being `today` (Paris). */
function expectedUrgency(dueAt: string, today: string): 'overdue' | 'soon' | 'later' {
  if (compareDates(dueAt, today) < 0) return 'overdue';
  return compareDates(dueAt, addDays(today, 7)) <= 0 ? 'soon' : 'later';
}

/** The classes of the due date shown in an element. */
async function dueClasses(page: Page, container: string): Promise<string> {
  const handle = await page.waitForSelector(`${container} .vigie-due`, { timeout: 20_000 });
  return (await handle!.evaluate((element) => element.className)) as string;
}

describe('legal cases in the console, in Chromium', () => {
  let running: RunningApp;
  let chromium: TestBrowser;
  let dataSource: DataSource;
  let legal: TestUser;
  let legalHeaders: Record<string, string>;
  let coordinatorHeaders: Record<string, string>;
  let page: Page;
  let context: BrowserContext | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-console-legal-'));

  const api = <T>(method: string, path: string, body?: unknown, headers = legalHeaders) =>
    request<T>(running.baseUrl, method, path, body, headers);

  // The case the first test creates, which the others look at as other roles.
  const suffix = randomUUID().slice(0, 8);
  const reference = `T-${suffix}`;
  const title = `Référé contre l’arrêté anti-distribution ${suffix}`;
  const publicSummary = `Recours contre l’interdiction des distributions ${suffix}`;
  const confidential = `Ne pas divulguer ${suffix}`;
  let caseId = '';

  const today = formatParisDate(new Date());
  const notifiedOn = addDays(today, -14);
  // CJA L. 523-1, a délai franc: the day of notification does not count, nor the last day.
  const expectedDue = nextWorkingDay(addDays(notifiedOn, 16)).date;
  const urgency = expectedUrgency(expectedDue, today);

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
    legal = await createUser(dataSource, { role: 'legal' });
    legalHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, legal.id)}` };
    const coordinator = await createUser(dataSource, { role: 'coordinator' });
    coordinatorHeaders = { authorization: `Bearer ${await createSessionToken(dataSource, coordinator.id)}` };
    running = await startApp(inject('databaseUrl'), {
      VIGIE_CONSOLE_DIR: consoleDir,
      VIGIE_DATA_DIR: join(dataDir, 'files'),
      VIGIE_REPORT_QUEUE: testQueue('console-legal'),
    });
    chromium = await launchBrowser();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, running.baseUrl, legal);
  });

  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await running?.close();
    await dataSource?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function otherUser(role: 'communication' | 'observer'): Promise<Page> {
    await context?.close();
    context = await chromium.browser.createBrowserContext();
    const other = await context.newPage();
    await other.setViewport({ width: 1280, height: 900 });
    await signIn(other, running.baseUrl, await createUser(dataSource, { role }));
    return other;
  }

  const menuText = async (target: Page, waitFor: string) => {
    const menu = await target.waitForFunction(
      (expected) => {
        const text = (document.querySelector('.RaMenu-open') as HTMLElement | null)?.innerText;
        return text?.includes(expected) ? text : false;
      },
      { timeout: 20_000 },
      waitFor,
    );
    return String(await menu.jsonValue());
  };

  it('opens on « Échéances » for the legal team', async () => {
    await page.waitForSelector('[data-testid="deadlines-page"]', { timeout: 20_000 });
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/?$/);
    const menu = await menuText(page, 'Échéances');
    expect(menu).toContain('Procédures');
    expect(menu).toContain('Règles de délais');
    expect(menu).not.toContain('Tableau de bord');
    await page.waitForSelector('[data-testid="calendar-feed"]', { timeout: 20_000 });
  });

  it('lists every deadline rule on « Règles de délais », in the order they are written', async () => {
    await page.goto(`${running.baseUrl}/#/legal-rules`, { waitUntil: 'domcontentloaded' });
    const codes = DEADLINE_RULES.map((rule) => rule.code);
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="legal-rules-page"] [data-rule]').length === count,
      { timeout: 20_000 },
      codes.length,
    );
    const shownRules = await page.$$eval('[data-testid="legal-rules-page"] [data-rule]', (cards) =>
      cards.map((card) => card.getAttribute('data-rule')),
    );
    expect(shownRules).toEqual(codes);
    expect(await bodyText(page)).toContain('Requête devant la Cour européenne des droits de l’homme');
  });

  it('creates a référé-liberté at the TA Lille, its perimeter drawn on the map', async () => {
    await page.goto(`${running.baseUrl}/#/legal-cases/create`, { waitUntil: 'domcontentloaded' });
    await typeInto(page, 'input[name="reference"]', reference);
    await typeInto(page, 'input[name="title"]', title);
    await chooseOption(page, 'Procédure', 'Référé-liberté');
    await chooseOption(page, 'Juridiction ou instance', 'Tribunal administratif de Lille');
    await chooseOption(page, 'État', 'En cours');
    await typeInto(page, 'textarea[name="publicSummary"]', publicSummary);
    await typeInto(page, 'textarea[name="confidentialNotes"]', confidential);
    await typeInto(page, 'input[name="challengedAct.reference"]', `n° 2026-${suffix}`);
    await typeInto(page, 'input[name="challengedAct.authority"]', 'Préfecture du Pas-de-Calais');
    await setInputValue(page, 'input[name="challengedAct.validFrom"]', addDays(today, -60));
    await setInputValue(page, 'input[name="challengedAct.validTo"]', addDays(today, 30));

    // geoman's polygon tool, then four corners clicked on the map and the first one again to close.
    const map = await page.waitForSelector('[data-perimeter-input] .leaflet-container', { timeout: 20_000 });
    await map!.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    const tool = await page.waitForSelector('[data-perimeter-input] .leaflet-pm-icon-polygon', {
      timeout: 20_000,
    });
    await tool!.click();
    const box = (await map!.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const corners = [
      [-40, -30],
      [40, -30],
      [40, 30],
      [-40, 30],
      [-40, -30],
    ] as const;
    for (const [dx, dy] of corners) {
      await page.mouse.click(centre.x + dx, centre.y + dy);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await page.waitForSelector('[data-perimeter-input][data-polygons="1"]', { timeout: 20_000 });
    expect(await bodyText(page)).toContain('Périmètre : 1 polygone');

    await page.locator('::-p-aria([name="Enregistrer"][role="button"])').click();
    const hash = await page.waitForFunction(
      () => /#\/legal-cases\/([0-9a-f-]{36})\/show/.exec(window.location.hash)?.[1] ?? false,
      { timeout: 20_000 },
    );
    caseId = String(await hash.jsonValue());

    const stored = await api<LegalCaseRecord>('GET', `/api/legal-cases/${caseId}`);
    expect(stored.body).toMatchObject({
      reference,
      title,
      procedure: 'refere_liberte',
      forum: 'ta_lille',
      status: 'pending',
      confidentialNotes: confidential,
    });
    const perimeter = stored.body.challengedAct?.perimeter;
    expect(perimeter?.type).toBe('Polygon');
    const ring = (perimeter?.coordinates as number[][][])[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    // Drawn on the screen as a rectangle: two longitudes and two latitudes.
    expect(new Set(ring.map(([longitude]) => longitude)).size).toBe(2);
    expect(new Set(ring.map(([, latitude]) => latitude)).size).toBe(2);
    // The summary shows the act's perimeter on a map.
    await page.waitForSelector('[data-perimeter-field] .leaflet-container', { timeout: 20_000 });
  });

  it('records a notified decision and shows the 15-day appeal deadline, computed and highlighted', async () => {
    expect(caseId).not.toBe('');
    await page.goto(`${running.baseUrl}/#/legal-cases/${caseId}/show/chronology`, {
      waitUntil: 'domcontentloaded',
    });
    await page.locator('::-p-aria([name="Ajouter un événement"][role="button"])').setTimeout(20_000).click();
    await page.waitForSelector('[role="dialog"] input[name="title"]', { timeout: 20_000 });
    await chooseOption(page, 'Type', 'Décision');
    await setInputValue(page, '[role="dialog"] input[name="date"]', addDays(today, -15));
    await typeInto(page, '[role="dialog"] input[name="title"]', `Ordonnance de rejet ${suffix}`);
    await chooseOption(page, 'Issue', 'Rejet');
    await setInputValue(page, '[role="dialog"] input[name="notifiedOn"]', notifiedOn);
    await page.locator('[role="dialog"] button[type="submit"]').click();
    await page.waitForSelector('[role="dialog"]', { hidden: true, timeout: 20_000 });
    await page.waitForSelector('[data-event-kind="decision"]', { timeout: 20_000 });
    expect(await bodyText(page)).toContain(`Notifiée le ${shown(notifiedOn)}`);

    // Computed at once by the API: the appeal to the Conseil d'État.
    const deadlines = await api<DeadlineRecord[]>('GET', `/api/legal-cases/${caseId}/deadlines`);
    const appeal = deadlines.body.find((deadline) => deadline.rule === 'ce_appeal_refere_liberte');
    expect(appeal).toMatchObject({
      dueAt: expectedDue,
      computed: true,
      status: 'open',
      startsOn: notifiedOn,
    });

    // Tabs are written in capitals by the theme: found by where they lead.
    await page.locator('[role="tab"][href$="/show/deadlines"]').click();
    const item = `[data-deadline-id="${appeal!.id}"]`;
    await page.waitForSelector(item, { timeout: 20_000 });
    expect(['soon', 'overdue']).toContain(urgency);
    expect(await dueClasses(page, item)).toContain(`vigie-due--${urgency}`);
    const text = await page.$eval(item, (element) => (element as HTMLElement).innerText);
    expect(text).toContain(shown(expectedDue));
    expect(text).toContain(urgency === 'soon' ? 'Dans les 7 jours' : 'En retard');
    // The basis: the text applied and the computation in words; the rule still to be confirmed.
    expect(text).toContain('CJA, art. L. 523-1');
    expect(text).toContain('à confirmer par l’équipe juridique');

    // The « Échéances » page: in the list…
    await page.goto(`${running.baseUrl}/#/deadlines`, { waitUntil: 'domcontentloaded' });
    const row = `::-p-xpath(//tr[contains(., "${reference}")])`;
    await page.waitForSelector(row, { timeout: 20_000 });
    const rowHandle = await page.$(row);
    const rowClasses = await rowHandle!.$eval('.vigie-due', (element) => element.className);
    expect(rowClasses).toContain(`vigie-due--${urgency}`);
    expect(await rowHandle!.evaluate((element) => (element as HTMLElement).innerText)).toContain(
      shown(expectedDue),
    );

    // …and on its day in the month calendar, whose chip opens the case's deadlines.
    await page.locator('::-p-aria([name="Calendrier"])').click();
    await page.waitForSelector('[data-testid="deadline-calendar"]', { timeout: 20_000 });
    if (!(await page.$(`[data-date="${expectedDue}"]`))) {
      await page.locator('::-p-aria([name="Mois suivant"])').click();
    }
    const chip = `[data-date="${expectedDue}"] [data-deadline-id="${appeal!.id}"]`;
    await page.waitForSelector(chip, { timeout: 20_000 });
    expect(await page.$eval(chip, (element) => element.className)).toContain(`vigie-due--${urgency}`);
    await page.click(chip);
    await page.waitForFunction(
      (id) => window.location.hash === `#/legal-cases/${id}/show/deadlines`,
      { timeout: 20_000 },
      caseId,
    );
    await page.waitForSelector(item, { timeout: 20_000 });
    // Back to the list for the next visit.
    await page.goto(`${running.baseUrl}/#/deadlines`, { waitUntil: 'domcontentloaded' });
    await page.locator('::-p-aria([name="Liste"])').click();
  });

  it('links the observations made inside the order’s perimeter while it was in force', async () => {
    expect(caseId).not.toBe('');
    const stored = await api<LegalCaseRecord>('GET', `/api/legal-cases/${caseId}`);
    const ring = (stored.body.challengedAct!.perimeter!.coordinates as number[][][])[0]!;
    const longitudes = ring.map(([longitude]) => longitude!);
    const latitudes = ring.map(([, latitude]) => latitude!);
    const [west, east] = [Math.min(...longitudes), Math.max(...longitudes)];
    const [south, north] = [Math.min(...latitudes), Math.max(...latitudes)];
    const at = (fx: number, fy: number) => ({
      type: 'Point',
      coordinates: [
        Math.round((west + (east - west) * fx) * 1e6) / 1e6,
        Math.round((south + (north - south) * fy) * 1e6) / 1e6,
      ],
    });
    const observe = async (location: unknown, day: number) => {
      const created = await api<{ id: string }>(
        'POST',
        '/api/observations',
        { kind: 'eviction', startedAt: `${addDays(today, day)}T07:00:00Z`, location, arrests: 0 },
        coordinatorHeaders,
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id;
    };
    const inside = [await observe(at(0.4, 0.4), -20), await observe(at(0.6, 0.7), -10)];
    // Dunkirk: far outside the perimeter, in the same weeks.
    const outside = await observe({ type: 'Point', coordinates: [2.3768, 51.0343] }, -15);

    await page.goto(`${running.baseUrl}/#/legal-cases/${caseId}/show/evidence`, {
      waitUntil: 'domcontentloaded',
    });
    await waitForText(page, 'Aucune preuve liée à cette procédure.');
    await page.locator('::-p-aria([name="Dans le périmètre de l’arrêté"][role="button"])').click();
    for (const id of inside) {
      await page.waitForSelector(`[data-testid="finder-results"] tr[data-observation-id="${id}"]`, {
        timeout: 20_000,
      });
    }
    expect(await page.$(`[data-testid="finder-results"] tr[data-observation-id="${outside}"]`)).toBeNull();
    for (const id of inside) {
      await page.click(
        `[data-testid="finder-results"] tr[data-observation-id="${id}"] input[type="checkbox"]`,
      );
    }
    const link = await page.waitForSelector('[data-testid="link-selection"]');
    expect(await link!.evaluate((element) => (element as HTMLElement).innerText)).toMatch(/\(2\)/);
    await link!.click();
    for (const id of inside) {
      await page.waitForSelector(`[data-testid="linked-evidence"] tr[data-observation-id="${id}"]`, {
        timeout: 20_000,
      });
    }

    // Exactly those two, server-side.
    const linked = await api<LegalEvidenceRecord[]>('GET', `/api/legal-cases/${caseId}/evidence`);
    expect(linked.status).toBe(200);
    expect(linked.body.map((evidence) => evidence.observationId).sort()).toEqual([...inside].sort());
    expect(linked.body.every((evidence) => evidence.kind === 'observation')).toBe(true);

    // An incident whose people did not agree to its use in court: refused, and the page says why.
    const incident = await api<{ id: string }>(
      'POST',
      '/api/incidents',
      {
        type: 'physical_violence',
        occurredAt: `${addDays(today, -12)}T08:00:00Z`,
        location: at(0.5, 0.5),
        consent: { publication: false, litigation: false, research: false },
      },
      coordinatorHeaders,
    );
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    await typeInto(page, '[data-testid="link-record-form"] input[name="recordId"]', incident.body.id);
    await page.click('[data-testid="link-record-form"] button[type="submit"]');
    const refusal = await page.waitForSelector('[data-testid="link-error"]', { timeout: 20_000 });
    expect(await refusal!.evaluate((element) => (element as HTMLElement).innerText)).toContain(
      'Les personnes concernées n’ont pas accepté que cette fiche serve en justice',
    );
    const after = await api<LegalEvidenceRecord[]>('GET', `/api/legal-cases/${caseId}/evidence`);
    expect(after.body).toHaveLength(2);
  });

  it('generates the case dossier and downloads it', async () => {
    expect(caseId).not.toBe('');
    await page.goto(`${running.baseUrl}/#/legal-cases/${caseId}/show/dossier`, {
      waitUntil: 'domcontentloaded',
    });
    await page.locator('::-p-aria([name="Générer le dossier"][role="button"])').setTimeout(20_000).click();
    await page.waitForSelector('[data-testid="current-dossier"][data-status="done"]', { timeout: 120_000 });
    const href = await page.$eval('[data-testid="download-dossier"]', (anchor) =>
      anchor.getAttribute('href')!,
    );
    const pdf = await fetchInPage(page, href);
    expect(pdf).toMatchObject({ status: 200, contentType: 'application/pdf', head: '%PDF-' });
    const reports = await api<ReportRecord[]>('GET', `/api/reports?kind=case-dossier&caseId=${caseId}`);
    expect(reports.body[0]).toMatchObject({ kind: 'case-dossier', caseId, status: 'done' });
    await page.waitForSelector(`[data-testid="dossiers-table"] tr[data-id="${reports.body[0]!.id}"]`, {
      timeout: 20_000,
    });
  });

  it('keeps a deleted event out of the chronology, and shows it in the trash on demand', async () => {
    expect(caseId).not.toBe('');
    const title = `Mémoire retiré ${randomUUID().slice(0, 8)}`;
    const event = await api<{ id: string }>('POST', `/api/legal-cases/${caseId}/events`, {
      kind: 'submission',
      date: '2025-01-15',
      title,
    });
    expect(event.status, JSON.stringify(event.body)).toBe(201);
    expect((await api('DELETE', `/api/legal-cases/${caseId}/events/${event.body.id}`)).status).toBe(200);
    await page.goto(`${running.baseUrl}/#/legal-cases/${caseId}/show/chronology`, {
      waitUntil: 'domcontentloaded',
    });
    await page.waitForSelector('[data-testid="case-chronology"] li', { timeout: 20_000 });
    expect(await page.$eval('[data-testid="case-chronology"]', (node) => node.textContent)).not.toContain(
      title,
    );
    await page.locator('::-p-aria([name="Afficher les événements supprimés"])').setTimeout(20_000).click();
    await page.waitForFunction(
      (text) =>
        document.querySelector('[data-testid="deleted-events"]')?.textContent?.includes(text) ?? false,
      { timeout: 20_000 },
      title,
    );
  });

  it('shows communication the public fields and the chronology only, and nothing to change', async () => {
    expect(caseId).not.toBe('');
    const communication = await otherUser('communication');
    const menu = await menuText(communication, 'Procédures');
    expect(menu).not.toContain('Échéances');
    expect(menu).not.toContain('Règles de délais');
    await communication.goto(`${running.baseUrl}/#/legal-cases/${caseId}/show`, {
      waitUntil: 'domcontentloaded',
    });
    await waitForText(communication, publicSummary);
    const text = await bodyText(communication);
    expect(text).toContain(title);
    expect(text).toContain('Référé-liberté');
    expect(text).not.toContain(confidential);
    expect(text).not.toContain(reference);
    const tabs = await communication.$$eval('[role="tab"]', (elements) =>
      elements.map((element) => (element as HTMLElement).innerText.trim()),
    );
    expect(tabs.map((tab) => tab.toLowerCase())).toEqual(['résumé', 'chronologie']);
    expect(await communication.$('::-p-aria([name="Modifier"])')).toBeNull();
    await communication.locator('[role="tab"][href$="/show/chronology"]').click();
    await waitForText(communication, `Ordonnance de rejet ${suffix}`);
    expect(await communication.$('::-p-aria([name="Ajouter un événement"])')).toBeNull();
  });

  it('keeps « Échéances » from an observer’s menu, and the page refused', async () => {
    const observer = await otherUser('observer');
    const menu = await menuText(observer, 'Observations');
    expect(menu).not.toContain('Échéances');
    expect(menu).not.toContain('Procédures');
    await observer.goto(`${running.baseUrl}/#/deadlines`, { waitUntil: 'domcontentloaded' });
    await waitForText(observer, "Vous n'avez pas les droits d'accès à cette page");
    expect(await observer.$('[data-testid="deadlines-page"]')).toBeNull();
  });
});
