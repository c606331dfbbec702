import type { ReportRecord } from '@vigie/domain';
import { fetchUtils } from 'react-admin';
import type { ReportRequest } from './params';

const path = (id: string) => `/api/reports/${encodeURIComponent(id)}`;

async function call(url: string, options: fetchUtils.Options = {}): Promise<ReportRecord> {
  const { json } = await fetchUtils.fetchJson(url, { credentials: 'same-origin', ...options });
  return json as ReportRecord;
}

/** `POST /api/reports`: answers at once with the queued report. The area is absent for the whole territory. */
export function requestReport({ kind, from, to, area, lang }: ReportRequest): Promise<ReportRecord> {
  const body = area ? { kind, from, to, area, lang } : { kind, from, to, lang };
  return call('/api/reports', { method: 'POST', body: JSON.stringify(body) });
}

export function getReport(id: string, signal?: AbortSignal): Promise<ReportRecord> {
  return call(path(id), { signal });
}

/** `POST /api/reports/:id/retry`: a failed report queued again. */
export function retryReport(id: string): Promise<ReportRecord> {
  return call(`${path(id)}/retry`, { method: 'POST', body: '{}' });
}

export const pdfUrl = (id: string) => `${path(id)}/pdf`;
