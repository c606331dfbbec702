import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportRecord } from '@vigie/domain';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startApp } from '../support/app';
import { ApiClient, expectApiError, signedInAs, useApi } from '../support/e2e-api';
import { downloadPdf, reportInput, requestReport, testQueue, waitForReport } from '../support/reports';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-reports-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { VIGIE_DATA_DIR: dataDir, VIGIE_REPORT_QUEUE: testQueue('main') };
const api = useApi({ env });

/** The same session on another app instance (same database, its own worker settings). */
async function otherApp(extraEnv: Record<string, string>) {
  const running = await startApp(inject('databaseUrl'), { VIGIE_DATA_DIR: dataDir, ...extraEnv });
  const client = new ApiClient();
  Object.assign(client, { baseUrl: running.baseUrl, token: api.token, user: api.user });
  return { client, close: () => running.close() };
}

async function auditOf(
  id: string,
): Promise<{ action: string; actor_id: string; context: Record<string, unknown> }[]> {
  return api.dataSource.query(
    `SELECT action, actor_id, context FROM audit_events WHERE entity = 'reports' AND entity_id = $1 ORDER BY id`,
    [id],
  );
}

async function reportCount(): Promise<number> {
  const [{ n }] = (await api.dataSource.query(`SELECT count(*)::int AS n FROM reports`)) as { n: number }[];
  return n;
}

/** A report row straight in the database, in a state no job will change. */
async function insertReport(status: 'queued' | 'failed'): Promise<string> {
  const [{ id }] = (await api.dataSource.query(
    `INSERT INTO reports (kind, period_from, period_to, lang, status, error, created_by)
     VALUES ('monthly-note', '2025-03-01', '2025-03-31', 'fr', $1, $2, $3) RETURNING id`,
    [status, status === 'failed' ? 'Rendering failed: test' : null, api.user!.id],
  )) as { id: string }[];
  return id;
}

describe('reports', () => {
  describe('POST /api/reports', () => {
    it('queues a monthly note (202), renders it with rising progress, and serves the PDF with its digest', async () => {
      const queued = await requestReport(api, { area: 'calaisis' });
      expect(queued).toMatchObject({
        kind: 'monthly-note',
        from: '2025-03-01',
        to: '2025-03-31',
        area: 'calaisis',
        lang: 'fr',
        progress: 0,
        error: null,
        sha256: null,
        pageCount: null,
        figures: null,
        createdBy: api.user!.id,
        createdByName: api.user!.name,
        status: 'queued',
        startedAt: null,
        finishedAt: null,
        attempts: 0,
      });

      const { report, progress } = await waitForReport(api, queued.id);
      expect(report.status, report.error ?? '').toBe('done');
      expect(progress, 'progress never goes back').toEqual([...progress].sort((a, b) => a - b));
      expect(report).toMatchObject({ progress: 100, error: null, attempts: 1 });
      expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(report.pageCount).toBeGreaterThanOrEqual(1);
      expect(report.figures).toEqual(expect.any(Object));
      expect(Date.parse(report.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(report.startedAt!));

      await downloadPdf(api, report);
      const actions = (await auditOf(report.id)).map((event) => [event.action, event.context.status ?? null]);
      expect(actions).toEqual([
        ['report', 'queued'],
        ['report', 'done'],
        ['download', null],
      ]);
      const events = await auditOf(report.id);
      expect(events[1]!.context).toMatchObject({
        kind: 'monthly-note',
        from: '2025-03-01',
        to: '2025-03-31',
        area: 'calaisis',
        lang: 'fr',
        sha256: report.sha256,
        pageCount: report.pageCount,
      });
      expect(events.every((event) => event.actor_id === api.user!.id)).toBe(true);
      expect(events[2]!.context).toMatchObject({ sha256: report.sha256 });
    });

    it('lists reports newest first with who generated them, filtered by kind, status, lang and area', async () => {
      const communication = await signedInAs(api, 'communication');
      const queued = await requestReport(communication, {
        kind: 'press-release',
        lang: 'en',
        area: undefined,
      });
      const { report } = await waitForReport(api, queued.id);
      expect(report.status, report.error ?? '').toBe('done');

      const list = await api.get<ReportRecord[]>(
        '/api/reports?kind=press-release&lang=en&status=done&_sort=createdAt&_order=DESC',
      );
      expect(list.status).toBe(200);
      expect(Number(list.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);
      expect(list.body[0]).toMatchObject({
        id: report.id,
        createdBy: communication.user!.id,
        createdByName: communication.user!.name,
        area: null,
      });
      const calaisis = await api.get<ReportRecord[]>(`/api/reports?area=calaisis&id=${report.id}`);
      expect(calaisis.body).toEqual([]);
      expectApiError(await api.get('/api/reports?colour=blue'), 400, ['colour']);
      expectApiError(await api.get('/api/reports?status=lost'), 400, ['status']);
    });

    it.each([
      ['no kind', reportInput({ kind: undefined }), ['kind']],
      ['an unknown kind', reportInput({ kind: 'weekly-note' }), ['kind']],
      [
        'a case dossier with a period and no case',
        reportInput({ kind: 'case-dossier' }),
        ['from', 'to', 'caseId'],
      ],
      ['no language', reportInput({ lang: undefined }), ['lang']],
      ['an unknown language', reportInput({ lang: 'de' }), ['lang']],
      ['an impossible date', reportInput({ from: '2025-02-30' }), ['from']],
      ['a timestamp for a date', reportInput({ to: '2025-03-31T23:59:59+02:00' }), ['to']],
      ['a number for a date', reportInput({ from: 20250301 }), ['from']],
      ['to before from', reportInput({ from: '2025-04-01', to: '2025-03-01' }), ['to']],
      ['a monthly note of 32 days', reportInput({ from: '2025-03-01', to: '2025-04-01' }), ['to']],
      [
        'an annual report of more than a year',
        reportInput({ kind: 'annual-report', from: '2024-01-01', to: '2025-01-01' }),
        ['to'],
      ],
      ['an unknown area', reportInput({ area: 'paris' }), ['area']],
      ['an unknown field', reportInput({ colour: 'blue' }), ['colour']],
      ['a case id', reportInput({ caseId: '00000000-0000-4000-8000-000000000000' }), ['caseId']],
      ['an array', [reportInput()], ['body']],
    ])('refuses %s with 400 naming the field, and stores nothing', async (_name, body, fields) => {
      const before = await reportCount();
      expectApiError(await api.post('/api/reports', body), 400, fields as string[]);
      expect(await reportCount()).toBe(before);
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await api.post('/api/reports', '{"kind": "monthly-note",');
      expectApiError(response, 400);
    });

    it('accepts an annual report over the observatories\u2019 year (1 November–31 October)', async () => {
      const report = await requestReport(api, {
        kind: 'annual-report',
        from: '2024-11-01',
        to: '2025-10-31',
      });
      expect(report.kind).toBe('annual-report');
    });
  });

  describe('GET /api/reports/:id and /pdf', () => {
    it('answers 404 for an unknown report and 400 for a malformed id', async () => {
      expectApiError(await api.get('/api/reports/00000000-0000-4000-8000-000000000000'), 404);
      expectApiError(await api.get('/api/reports/not-an-id'), 400);
      expectApiError(await api.get('/api/reports/00000000-0000-4000-8000-000000000000/pdf'), 404);
    });

    it('answers 409 for the PDF of a report not done yet', async () => {
      const id = await insertReport('queued');
      const body = expectApiError(await api.get(`/api/reports/${id}/pdf`), 409);
      expect(body.message).toMatch(/queued/);
      expect(await auditOf(id)).toEqual([]);
    });
  });

  describe('POST /api/reports/:id/retry', () => {
    it('answers 409 for a report that has not failed, and changes nothing', async () => {
      const id = await insertReport('queued');
      const before = await api.get<ReportRecord>(`/api/reports/${id}`);
      expectApiError(await api.post(`/api/reports/${id}/retry`), 409);
      expect((await api.get(`/api/reports/${id}`)).body).toEqual(before.body);
    });

    it('records why a rendering failed, and renders the report when retried', async () => {
      const queue = testQueue('retry');
      const broken = await otherApp({
        VIGIE_REPORT_QUEUE: queue,
        VIGIE_CHROMIUM_PATH: '/nonexistent/chromium',
      });
      let failed: ReportRecord;
      try {
        const queued = await requestReport(broken.client);
        failed = (await waitForReport(broken.client, queued.id)).report;
      } finally {
        await broken.close();
      }
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, sha256: null, pageCount: null });
      expect(failed.error).toMatch(/^Rendering failed: .*\/nonexistent\/chromium/);
      expect((await auditOf(failed.id)).at(-1)).toMatchObject({
        action: 'report',
        context: { status: 'failed', error: failed.error },
      });
      expectApiError(await api.get(`/api/reports/${failed.id}/pdf`), 409);

      const fixed = await otherApp({ VIGIE_REPORT_QUEUE: queue });
      try {
        const retried = await fixed.client.post<ReportRecord>(`/api/reports/${failed.id}/retry`);
        expect(retried.status, JSON.stringify(retried.body)).toBe(202);
        expect(retried.body).toMatchObject({ status: 'queued', progress: 0, attempts: 1 });
        const { report } = await waitForReport(fixed.client, failed.id);
        expect(report).toMatchObject({ status: 'done', attempts: 2, error: null, progress: 100 });
      } finally {
        await fixed.close();
      }
      const statuses = (await auditOf(failed.id)).map((event) => event.context.status);
      expect(statuses).toEqual(['queued', 'failed', 'queued', 'done']);
      expect((await auditOf(failed.id))[2]!.context).toMatchObject({
        retry: true,
        previousError: failed.error,
      });
    });
  });

  describe('the job queue', () => {
    it('keeps a queued report across a restart: a new server renders it', async () => {
      const queue = testQueue('restart');
      const first = await otherApp({ VIGIE_REPORT_QUEUE: queue, VIGIE_REPORT_WORKER: 'false' });
      let queued: ReportRecord;
      try {
        queued = await requestReport(first.client, { lang: 'en' });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect((await first.client.get<ReportRecord>(`/api/reports/${queued.id}`)).body.status).toBe(
          'queued',
        );
      } finally {
        await first.close();
      }
      const second = await otherApp({ VIGIE_REPORT_QUEUE: queue });
      try {
        const { report } = await waitForReport(second.client, queued.id);
        expect(report.status, report.error ?? '').toBe('done');
        expect(report.attempts).toBe(1);
      } finally {
        await second.close();
      }
    });
  });

  describe('concurrency', () => {
    it('renders at most VIGIE_REPORT_CONCURRENCY reports at once; the others wait in the queue', async () => {
      const one = await otherApp({
        VIGIE_REPORT_QUEUE: testQueue('one-at-a-time'),
        VIGIE_REPORT_CONCURRENCY: '1',
      });
      let reports: ReportRecord[];
      try {
        const queued = await Promise.all(
          [0, 1, 2].map(() => requestReport(one.client, { kind: 'press-release' })),
        );
        reports = [];
        for (const report of queued) reports.push((await waitForReport(one.client, report.id)).report);
      } finally {
        await one.close();
      }
      expect(reports.map((report) => report.status)).toEqual(['done', 'done', 'done']);
      const byStart = [...reports].sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
      for (let i = 1; i < byStart.length; i += 1) {
        expect(
          Date.parse(byStart[i]!.startedAt!),
          'started after the previous one finished',
        ).toBeGreaterThanOrEqual(Date.parse(byStart[i - 1]!.finishedAt!));
      }
    });
  });

  describe('GET /api/reports/preview', () => {
    it('returns the HTML a report is printed from, unable to run or fetch anything', async () => {
      const response = await fetch(
        `${api.baseUrl}/api/reports/preview?kind=monthly-note&from=2025-03-01&to=2025-03-31&lang=en`,
        { headers: { authorization: `Bearer ${api.token}` } },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
      const html = await response.text();
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).not.toMatch(/<script/i);
    });

    it('refuses bad parameters with 400 naming them', async () => {
      expectApiError(await api.get('/api/reports/preview?kind=monthly-note&from=2025-03-01&lang=fr'), 400, [
        'to',
      ]);
      expectApiError(
        await api.get('/api/reports/preview?kind=x&from=2025-03-01&to=2025-03-31&lang=fr&lang=en'),
        400,
        ['kind', 'lang'],
      );
    });
  });
});
