/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser, where the DOM exists.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@vigie/domain';
import type { BrowserContext, Page } from 'puppeteer-core';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateBackupIdentity } from '../../apps/api/src/backups/backup-crypto';
import { type RunningApp, startApp } from '../support/app';
import { launchBrowser, signIn, type TestBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { createOwnDatabase, type OwnDatabase } from '../support/own-database';
import { createUser } from '../support/users';

/*
 * Issue 15, item 5: the « Sauvegardes » page as an admin sees it — no backup yet (stale), a drill
 * that failed with its reason, a backup started from the button that ends in the history with its
 * size and destination — and as every other role: no menu entry, the access-denied page, and the
 * API refusing the page's data. A database of the file's own: a backup takes the whole database.
 */

const DRILL_FAILURE = 'verification failed: audit chain head differs from the manifest';

describe('the « Sauvegardes » page, in Chromium', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vigie-backups-page-'));
  const target = join(scratch, 'external-disk');
  let running: RunningApp;
  let chromium: TestBrowser;
  let database: OwnDatabase;
  let dataSource: DataSource;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const consoleDir = ensureConsoleBuilt();
    database = await createOwnDatabase();
    // Set-up rows (a failed drill) are written as the owner: the app's role may not insert runs.
    dataSource = database.owner;
    for (const dir of ['files', 'external-disk']) mkdirSync(join(scratch, dir), { recursive: true });
    running = await startApp(database.appUrl, {
      VIGIE_CONSOLE_DIR: consoleDir,
      VIGIE_QUEUE_DATABASE_URL: database.queueUrl,
      VIGIE_DATA_DIR: join(scratch, 'files'),
      VIGIE_AUDIT_ANCHOR_FILE: join(scratch, 'audit-anchors.jsonl'),
      VIGIE_AUDIT_ANCHOR_KEY: join(scratch, 'audit-anchor.key'),
      VIGIE_AUDIT_ANCHOR_PUBLIC_KEYS: join(scratch, 'audit-anchor.key.pub'),
      VIGIE_BACKUP_TARGET: target,
      VIGIE_BACKUP_RECIPIENT: (await generateBackupIdentity()).recipient,
    });
    chromium = await launchBrowser();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const text = (page: Page) => page.evaluate(() => document.body.innerText);
  const waitForText = (page: Page, wanted: string, timeout = 20_000) =>
    page.waitForFunction((value) => document.body.innerText.includes(value), { timeout }, wanted);
  const menuText = async (page: Page) => {
    await page.waitForFunction(
      () => document.querySelector('.RaMenu-open, .RaMenu-closed')?.textContent?.includes('Communes'),
      { timeout: 20_000 },
    );
    return page.$eval('.RaMenu-open, .RaMenu-closed', (menu) => (menu as HTMLElement).innerText);
  };
  const statusOf = (page: Page) =>
    page.$eval('[data-testid="backup-status"] [data-backup]', (alert) => alert.getAttribute('data-backup'));

  async function openAs(role: Role): Promise<Page> {
    const user = await createUser(dataSource, { role });
    context = await chromium.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    await signIn(page, running.baseUrl, user);
    return page;
  }

  it('shows an admin that no backup ever succeeded and why the last drill failed', async () => {
    await dataSource.query(
      `INSERT INTO backup_runs (kind, status, backup_id, started_at, finished_at, error)
       VALUES ('drill', 'failed', '20261101T023000Z-abcdef', now() - interval '1 hour',
               now() - interval '50 minutes', $1)`,
      [DRILL_FAILURE],
    );
    const page = await openAs('admin');
    expect(await menuText(page)).toContain('Sauvegardes');
    await page.locator('::-p-aria([name="Sauvegardes"][role="menuitem"])').click();
    await page.waitForSelector('[data-testid="backup-status"]', { timeout: 20_000 });

    expect(await page.$('[data-backup="stale"]')).not.toBeNull();
    expect(await page.$('[data-backup="drill-failed"]')).not.toBeNull();
    expect(await page.$('[data-backup="ok"]')).toBeNull();
    const shown = await text(page);
    expect(shown).toContain('Aucune sauvegarde réussie depuis plus de 2 jours.');
    expect(shown).toContain('Le dernier exercice de restauration a échoué.');
    expect(shown).toContain(`Exercice de restauration : ${DRILL_FAILURE}`);
    // The schedule says the daily backup is set up (target and key given) and what the drill lacks.
    expect(shown).toContain('Sauvegarde quotidienne (cron UTC « 30 2 * * * ») — configurée');
    expect(shown).toMatch(
      /Exercice de restauration mensuel .* non configurée : renseigner VIGIE_BACKUP_DRILL/,
    );
    // The history lists the failed drill with its reason.
    await waitForText(page, 'Échouée');
  });

  it('starts a backup from the button and shows it in the status and the history once done', async () => {
    const page = await openAs('admin');
    await page.goto(`${running.baseUrl}/#/backups`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="backup-status"]', { timeout: 20_000 });
    expect(await page.$('[data-backup="stale"]')).not.toBeNull();

    await page.locator('::-p-aria([name="Lancer une sauvegarde maintenant"][role="button"])').click();
    await waitForText(page, 'Sauvegarde lancée');
    // The page follows the run (every 2 s while one is under way) and refreshes the history.
    await page.waitForFunction(() => document.querySelector('[data-backup="stale"]') === null, {
      timeout: 60_000,
    });
    await waitForText(page, 'Réussie', 30_000);

    const [run] = (await dataSource.query(
      `SELECT backup_id AS "backupId", destination, status, size_bytes::bigint AS "sizeBytes"
         FROM backup_runs WHERE kind = 'backup' ORDER BY started_at DESC LIMIT 1`,
    )) as { backupId: string; destination: string; status: string; sizeBytes: string }[];
    expect(run).toMatchObject({ status: 'succeeded', destination: `directory ${target}` });
    expect(existsSync(join(target, 'backups', run!.backupId, 'manifest.sig'))).toBe(true);

    const shown = await text(page);
    // « Dernière sauvegarde »: when · size · destination; the history row has the same backup.
    const escapedTarget = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(shown).toMatch(
      new RegExp(
        `Dernière sauvegarde\\n+\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2} · [\\d,\\u202f\\u00a0]+ [KM]?o · directory ${escapedTarget}\\n`,
      ),
    );
    expect(shown).toContain(run!.backupId);
    // The drill that failed earlier still says so: a good backup does not hide a failed drill.
    expect(await statusOf(page)).toBe('drill-failed');
  }, 120_000);

  it.each(['coordinator', 'observer', 'legal', 'communication', 'researcher'] as const)(
    'keeps the page from %s: no menu entry, the access-denied page, the API refuses its data',
    async (role) => {
      const page = await openAs(role);
      expect(await menuText(page)).not.toContain('Sauvegardes');
      await page.goto(`${running.baseUrl}/#/backups`, { waitUntil: 'domcontentloaded' });
      await waitForText(page, "Vous n'avez pas les droits d'accès à cette page");
      expect(await page.$('[data-testid="backup-status"]')).toBeNull();
      const statuses = await page.evaluate(async () =>
        Promise.all(['/api/backups', '/api/backups/status'].map(async (path) => (await fetch(path)).status)),
      );
      expect(statuses).toEqual([403, 403]);
      expect(await text(page)).not.toContain(DRILL_FAILURE);
    },
    60_000,
  );
});
