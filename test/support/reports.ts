import { createHash } from 'node:crypto';
import type { ReportRecord } from '@vigie/domain';
import { expect } from 'vitest';
import type { ApiClient } from './e2e-api';

/** A unique pg-boss queue for one app of a test, so that no other app works its jobs. */
export function testQueue(purpose: string): string {
  return `reports.test-${purpose}-${process.pid}-${Date.now().toString(36)}`;
}

/** A report request body; `overrides` replace fields (undefined removes one). */
export function reportInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: 'monthly-note',
    from: '2025-03-01',
    to: '2025-03-31',
    lang: 'fr',
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
}

/** Queues a report and expects 202 with the queued record. */
export async function requestReport(
  api: ApiClient,
  overrides: Record<string, unknown> = {},
): Promise<ReportRecord> {
  const response = await api.post<ReportRecord>('/api/reports', reportInput(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body;
}

/**
 * Polls the report until it is done or failed (or `until` says so); returns it with every progress
 * value seen on the way.
 */
export async function waitForReport(
  api: ApiClient,
  id: string,
  until: (report: ReportRecord) => boolean = (report) =>
    report.status === 'done' || report.status === 'failed',
  timeoutMs = 90_000,
): Promise<{ report: ReportRecord; progress: number[]; statuses: string[] }> {
  const progress: number[] = [];
  const statuses: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api.get<ReportRecord>(`/api/reports/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    progress.push(response.body.progress);
    statuses.push(response.body.status);
    if (until(response.body)) return { report: response.body, progress, statuses };
    if (Date.now() > deadline) {
      throw new Error(`report ${id} still ${response.body.status} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The PDF of a done report, checked against its digest header and the record's SHA-256. */
export async function downloadPdf(api: ApiClient, report: ReportRecord): Promise<Buffer> {
  const response = await fetch(`${api.baseUrl}/api/reports/${report.id}/pdf`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await response.arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  expect(sha256).toBe(report.sha256);
  expect(response.headers.get('repr-digest')).toBe(
    `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
  );
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return bytes;
}
