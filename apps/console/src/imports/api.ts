import { fetchUtils, HttpError } from 'react-admin';
import { ERROR_MESSAGES, mapApiError, type Operation } from '../api/errors';
import type { FormShape } from '../api/resources';
import { i18nProvider } from '../i18n/i18nProvider';
import type {
  ImportDetail,
  ImportDryRun,
  ImportKind,
  ImportMappingSpec,
  ImportRecord,
  ImportRowAction,
  ImportRowReport,
} from '@vigie/domain';
import type { KoboSubmission, KoboSubmissionStatus, Page, SavedMapping } from './types';

const IMPORTS_URL = '/api/imports';
const NO_FORM: FormShape = { fields: [], rows: {}, lists: [], geometries: [] };

const importUrl = (id: string) => `${IMPORTS_URL}/${encodeURIComponent(id)}`;

/** `GET /api/imports/:id/report.csv`: a plain link, the browser saves the file. */
export const importReportUrl = (id: string) => `${importUrl(id)}/report.csv`;

/**
 * A call to the imports API, failing with react-admin's HttpError and a translated message, as the
 * data provider does. The `errors` of a 400 are kept as the API sent them (field path → message):
 * the mapping step shows each under its column, which a resource form's shape cannot describe.
 */
async function call(
  url: string,
  operation: Operation,
  options: fetchUtils.Options = {},
): Promise<{ json: unknown; headers: Headers }> {
  try {
    const { json, headers } = await fetchUtils.fetchJson(url, { credentials: 'same-origin', ...options });
    return { json, headers };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    if (!(error instanceof HttpError)) throw new HttpError(ERROR_MESSAGES.network, 0, null);
    const mapped = mapApiError(error.status, error.body, operation, NO_FORM);
    const message = mapped.reason
      ? `${i18nProvider.translate(mapped.message)} (${mapped.reason})`
      : mapped.message;
    throw new HttpError(message, mapped.status, error.status === 400 ? error.body : mapped.body);
  }
}

async function json<T>(url: string, operation: Operation, options?: fetchUtils.Options): Promise<T> {
  return (await call(url, operation, options)).json as T;
}

/** fetchJson declares a JSON body on a POST and the API refuses an empty one: send `{}`. */
const post = <T>(url: string, body: unknown = {}) =>
  json<T>(url, 'command', { method: 'POST', body: JSON.stringify(body) });

async function page<T>(url: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Page<T>> {
  const search = fetchUtils.queryParameters(params);
  const { json: body, headers } = await call(`${url}?${search}`, 'read', { signal });
  const data = Array.isArray(body) ? (body as T[]) : [];
  const total = Number.parseInt(headers.get('x-total-count') ?? '', 10);
  return { data, total: Number.isNaN(total) ? data.length : total };
}

/** The field errors of a refused call (a 400's `errors`), empty when it had none. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof HttpError) || typeof error.body !== 'object' || error.body === null) return {};
  const errors = (error.body as { errors?: unknown }).errors;
  if (typeof errors !== 'object' || errors === null) return {};
  return Object.fromEntries(
    Object.entries(errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export interface UploadImportParams {
  file: Blob;
  fileName: string;
  kind: ImportKind;
  sheet?: string;
}

/** The multipart body of `POST /api/imports`: the fields first, so the server can refuse them early. */
export function importUploadForm({ file, fileName, kind, sheet }: UploadImportParams): FormData {
  const form = new FormData();
  form.append('kind', kind);
  const sheetName = sheet?.trim() ?? '';
  if (sheetName !== '') form.append('sheet', sheetName);
  form.append('file', file, fileName);
  return form;
}

export interface RangeParams {
  /** `[_start, _end]` */
  range: [number, number];
  signal?: AbortSignal;
}

/** The imports' own calls, merged into the console's data provider (DESIGN §5, issue 14). */
export interface ImportsMethods {
  /** `POST /api/imports` (multipart): the file read, its columns, samples and a suggested mapping. */
  uploadImport(params: UploadImportParams): Promise<ImportDetail>;
  /** `GET /api/imports/:id` with its samples and suggestion (creator and admins only). */
  getImport(params: { id: string; signal?: AbortSignal }): Promise<ImportDetail>;
  /** `PUT /api/imports/:id/mapping`; a 400 carries `errors` keyed `columns.<header>`, `values.…`. */
  putImportMapping(params: { id: string; mapping: ImportMappingSpec }): Promise<ImportDetail>;
  /** `POST /api/imports/:id/dry-run` */
  dryRunImport(params: { id: string }): Promise<ImportDryRun>;
  /** `GET /api/imports/:id/rows?action=…&_start&_end` */
  getImportRows(
    params: { id: string; action?: ImportRowAction | null } & RangeParams,
  ): Promise<Page<ImportRowReport>>;
  /** `POST /api/imports/:id/commit`; 409 when rows are rejected and `skipRejected` is not set. */
  commitImport(params: { id: string; skipRejected: boolean; asValidated: boolean }): Promise<ImportRecord>;
  /** `POST /api/imports/:id/undo`; 409 when a record it touched was changed since. */
  undoImport(params: { id: string }): Promise<ImportRecord>;
  /** `GET /api/import-mappings?kind=…`: the saved mappings (the first thousand). */
  getImportMappings(params: { kind?: ImportKind; signal?: AbortSignal }): Promise<SavedMapping[]>;
  /** `GET /api/kobo-feeds/:id/submissions?status=…` */
  getKoboSubmissions(
    params: { id: string; status?: KoboSubmissionStatus | null } & RangeParams,
  ): Promise<Page<KoboSubmission>>;
}

export const importsMethods: ImportsMethods = {
  uploadImport: (params) =>
    json<ImportDetail>(IMPORTS_URL, 'create', { method: 'POST', body: importUploadForm(params) }),

  getImport: ({ id, signal }) => json<ImportDetail>(importUrl(id), 'read', { signal }),

  putImportMapping: ({ id, mapping }) =>
    json<ImportDetail>(`${importUrl(id)}/mapping`, 'command', {
      method: 'PUT',
      body: JSON.stringify(mapping),
    }),

  dryRunImport: ({ id }) => post<ImportDryRun>(`${importUrl(id)}/dry-run`),

  getImportRows: ({ id, action, range, signal }) =>
    page<ImportRowReport>(
      `${importUrl(id)}/rows`,
      { ...(action ? { action } : {}), _start: range[0], _end: range[1] },
      signal,
    ),

  commitImport: ({ id, skipRejected, asValidated }) =>
    post<ImportRecord>(`${importUrl(id)}/commit`, { skipRejected, ...(asValidated ? { asValidated } : {}) }),

  undoImport: ({ id }) => post<ImportRecord>(`${importUrl(id)}/undo`),

  getImportMappings: async ({ kind, signal }) =>
    (
      await page<SavedMapping>(
        '/api/import-mappings',
        { ...(kind ? { kind } : {}), _start: 0, _end: 1000 },
        signal,
      )
    ).data,

  getKoboSubmissions: ({ id, status, range, signal }) =>
    page<KoboSubmission>(
      `/api/kobo-feeds/${encodeURIComponent(id)}/submissions`,
      { ...(status ? { status } : {}), _start: range[0], _end: range[1] },
      signal,
    ),
};
