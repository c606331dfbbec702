import type { FeatureCollection, Geometry } from 'geojson';
import jsonServerProvider from 'ra-data-json-server';
import type {
  AccessTokenScope,
  AccessTokenView,
  Area,
  BackupRunRecord,
  BackupStatus,
  LegalEvidenceRecord,
  NewAccessToken,
  ReportRecord,
  StatsInterval,
  StatsMetric,
  StatsSeries,
  StatsSummary,
} from '@vigie/domain';
import {
  fetchUtils,
  HttpError,
  type CreateParams,
  type DataProvider,
  type Identifier,
  type RaRecord,
  type UpdateParams,
  type UpdateResult,
} from 'react-admin';
import { mapApiError, ERROR_MESSAGES, type Operation } from './api/errors';
import type { ApiMeta } from './api/meta';
import { changedFields, toWritable } from './api/payload';
import {
  ACCESS_TOKEN_FORM,
  CODE_FORM,
  PASSWORD_FORM,
  resourceSpec,
  REVIEW_FORM,
  type FormShape,
} from './api/resources';
import { newId } from './api/uuid';
import { i18nProvider } from './i18n/i18nProvider';
import { importsMethods, type ImportsMethods } from './imports/api';
import { statsQuery } from './stats/query';

export const API_URL = '/api';

export interface GeoJsonParams {
  /** The same flat filters as the list (`startedAt_gte`, `area`, `kind`…). */
  filter?: Record<string, unknown>;
  /** `[_start, _end]`. */
  range?: [number, number];
  signal?: AbortSignal;
}

/** A GeoJSON answer and how many records the filters match in all (it may hold fewer features). */
export type GeoJsonCollection<G extends Geometry | null, P> = FeatureCollection<G, P> & { total: number };

/** `GET /api/<resource>/tiles/{z}/{x}/{y}.mvt?<filters>`: the URL template of a map's vector tiles. */
export const vectorTileTemplate = (resource: string, filter: Record<string, unknown> = {}) => {
  const search = query(filter);
  return `${API_URL}/${resource}/tiles/{z}/{x}/{y}.mvt${search ? `?${search}` : ''}`;
};

/** One change of `GET /api/<resource>/:id/history`, newest first. */
export interface HistoryEntry {
  id: Identifier;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  /** Changed fields: value before → after (restricted values come masked from the API). */
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

/** `GET /api/audit-events/verify` */
export type ChainVerification =
  | { ok: true; count: number; headHash: string | null }
  | { ok: false; brokenAtId: Identifier; count?: number };

/** `GET/PUT /api/settings/security` */
export interface SecuritySettings {
  totpRequiredForPrivileged: boolean;
}

/** `POST /api/auth/totp/enrol`: the secret to put in an authenticator app. */
export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  qrCodeSvg: string;
}

export type ReviewAction = 'submit' | 'validate' | 'return';

/** `GET /api/auth/calendar-feed`: whether the signed-in user has a calendar feed (never its URL). */
export interface CalendarFeedState {
  active: boolean;
  createdAt: string | null;
  lastUsedAt: string | null;
}

/** `POST /api/auth/calendar-feed`: the new secret URL, shown this once. */
export interface NewCalendarFeed extends CalendarFeedState {
  url: string;
}

/** `POST /api/auth/tokens` */
export interface AccessTokenRequest {
  name: string;
  scopes: AccessTokenScope[];
  /** A Paris local date: the token works through that day. */
  expiresAt: string;
  currentPassword: string;
  totp?: string;
}

/** `POST /api/legal-cases/:caseId/evidence/batch` */
export interface EvidenceBatchResult {
  created: LegalEvidenceRecord[];
  /** Ids of the records that were linked already (skipped). */
  alreadyLinked: string[];
}

/** `POST /api/reports` for a case dossier. */
export interface CaseDossierRequest {
  caseId: string;
  lang: 'fr' | 'en';
  /** The restricted text (claimants, confidential notes, testimonies): admin and legal only. */
  includeRestricted: boolean;
}

/** The filters of `GET /api/stats/summary` and `/series`: Paris local dates, both included. */
export interface StatsParams {
  from: string;
  to: string;
  /** Absent or null: the whole territory. */
  area?: Area | null;
  signal?: AbortSignal;
}

export interface StatsSummaryParams extends StatsParams {
  /** Also the figures of the periods the API compares this one with (`comparisons`). */
  compare?: boolean;
}

export interface StatsSeriesParams extends StatsParams {
  interval: StatsInterval;
  metric: StatsMetric;
}

/** The files of `GET /api/exports/<file>`. */
export type ExportFile =
  | 'observations.csv'
  | 'observations.geojson'
  | 'observations.xlsx'
  | 'incidents.csv'
  | 'incidents.xlsx'
  | 'datapackage.zip';

/** The query of an export and of its estimate: `from`, `to`, `level`, `area`, `communeCode`, `sep`. */
export type ExportParams = Record<string, string>;

/** `GET /api/exports/estimate` */
export interface ExportEstimate {
  file: ExportFile;
  level: 'research' | 'internal';
  from: string;
  to: string;
  rows: { observations?: number; incidents?: number };
  /** Approximate size of the file. */
  bytes: number;
  /** The research rules in force (null at internal level). */
  rules: { embargoDays: number; embargoFrom: string; gridMetres: number; minCellCount: number } | null;
}

/** A downloaded export, to be saved by the browser. */
export interface ExportDownload {
  blob: Blob;
  filename: string;
}

export interface VigieDataProvider extends DataProvider, ImportsMethods {
  /** `POST /api/<resource>/:id/restore`: brings a soft-deleted record back. */
  restore(resource: string, params: { id: Identifier }): Promise<{ data: RaRecord }>;
  /** `POST /api/<resource>/:id/submit`, `/validate`, `/return { comment }`: a review step. */
  review(
    resource: string,
    params: { id: Identifier; action: ReviewAction; comment?: string },
  ): Promise<{ data: RaRecord }>;
  /** `GET /api/<resource>.geojson?<filters>`; `total` is every record the filters match (`X-Total-Count`). */
  getGeoJson<G extends Geometry | null = Geometry, P = Record<string, unknown>>(
    resource: string,
    params?: GeoJsonParams,
  ): Promise<GeoJsonCollection<G, P>>;
  /** `GET /api/meta` */
  getMeta(params?: { signal?: AbortSignal }): Promise<ApiMeta>;
  /** `GET /api/<resource>/:id/history?_start=&_end=` */
  getHistory(
    resource: string,
    params: { id: Identifier; range?: [number, number]; signal?: AbortSignal },
  ): Promise<HistoryEntry[]>;
  /** `GET /api/audit-events/verify`: recomputes the hash chain. */
  verifyAuditChain(): Promise<ChainVerification>;
  /** `GET /api/backups/status`: last backup and drill, failures, schedule (« Sauvegardes »). */
  getBackupStatus(params?: { signal?: AbortSignal }): Promise<BackupStatus>;
  /** `POST /api/backups`: a backup now; answers with the run, still running. */
  runBackup(): Promise<BackupRunRecord>;
  /** `POST /api/users/:id/reset-password`; one's own with `currentPassword` (and `totp`). */
  resetUserPassword(params: {
    id: Identifier;
    password: string;
    currentPassword?: string;
    totp?: string;
  }): Promise<void>;
  /** `POST /api/users/:id/unlock` */
  unlockUser(params: { id: Identifier }): Promise<void>;
  /** `POST /api/users/:id/totp/reset` */
  resetUserTotp(params: { id: Identifier }): Promise<void>;
  getSecuritySettings(): Promise<SecuritySettings>;
  updateSecuritySettings(settings: SecuritySettings): Promise<SecuritySettings>;
  /** `POST /api/auth/totp/enrol`, `/verify`, `/disable`, for the signed-in user. */
  enrolTotp(params: { currentPassword: string }): Promise<TotpEnrolment>;
  verifyTotp(params: { code: string }): Promise<void>;
  disableTotp(params: { code: string; currentPassword: string }): Promise<void>;
  /** `POST /api/legal-cases/:caseId/evidence/batch`: links observations, all or nothing. */
  linkEvidenceBatch(params: {
    caseId: string;
    observationIds: readonly string[];
    note?: string | null;
  }): Promise<EvidenceBatchResult>;
  /** `POST` (confirm) or `DELETE` (withdraw) `/api/legal-rules/:code/confirm`. */
  setLegalRuleConfirmed(params: { code: string; confirmed: boolean }): Promise<void>;
  getCalendarFeed(params?: { signal?: AbortSignal }): Promise<CalendarFeedState>;
  /** Creates the secret feed URL; a new one revokes the previous one. */
  createCalendarFeed(): Promise<NewCalendarFeed>;
  revokeCalendarFeed(): Promise<void>;
  /** `GET /api/auth/tokens`: the signed-in user's access tokens (never their secret). */
  getAccessTokens(params?: { signal?: AbortSignal }): Promise<AccessTokenView[]>;
  /** `POST /api/auth/tokens`: the new token, with its secret this once. */
  createAccessToken(params: AccessTokenRequest): Promise<NewAccessToken>;
  /** `DELETE /api/auth/tokens/:id` */
  revokeAccessToken(params: { id: string }): Promise<void>;
  /** `POST /api/reports` `{ kind: 'case-dossier', … }` → the queued report. */
  requestCaseDossier(params: CaseDossierRequest): Promise<ReportRecord>;
  /** `POST /api/reports/:id/retry`: a failed report queued again. */
  retryReport(params: { id: Identifier }): Promise<{ data: ReportRecord }>;
  /**
   * `GET /api/stats/summary` and `/series`. In `{ data }`, as react-admin's own methods: when a 401
   * logs the user out, react-admin resolves the call with an empty `data` instead.
   */
  getStatsSummary(params: StatsSummaryParams): Promise<{ data: StatsSummary }>;
  getStatsSeries(params: StatsSeriesParams): Promise<{ data: StatsSeries }>;
  /** `GET /api/exports/estimate?file=…&<the export's query>`: rows and approximate size. */
  getExportEstimate(params: {
    file: ExportFile;
    params: ExportParams;
    signal?: AbortSignal;
  }): Promise<{ data: ExportEstimate }>;
  /**
   * `GET /api/exports/<file>?<query>` with the session, read as a stream: `onProgress` gets the
   * bytes received so far. A refusal rejects with the API's message.
   */
  downloadExport(params: {
    file: ExportFile;
    params: ExportParams;
    onProgress?: (received: number) => void;
    signal?: AbortSignal;
  }): Promise<ExportDownload>;
}

/** `fetchJson`, with a failure to reach the server turned into an HttpError like the others. */
const httpClient = async (url: string, options: fetchUtils.Options = {}) => {
  try {
    return await fetchUtils.fetchJson(url, { credentials: 'same-origin', ...options });
  } catch (error) {
    if (error instanceof HttpError || isAbort(error)) throw error;
    throw new HttpError(ERROR_MESSAGES.network, 0, null);
  }
};

/** Rejects with the error react-admin shows: field errors under the inputs, a clear message. */
function mapErrors<T>(resource: string, operation: Operation, call: () => Promise<T>): Promise<T> {
  return mapErrorsFor(resourceSpec(resource).form, operation, call);
}

async function mapErrorsFor<T>(form: FormShape, operation: Operation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const mapped = mapApiError(error.status, error.body, operation, form);
    // "Action non autorisée pour votre rôle (…)": translated now, as the reason cannot wait for a key.
    const message = mapped.reason
      ? `${i18nProvider.translate(mapped.message)} (${mapped.reason})`
      : mapped.message;
    throw new HttpError(message, mapped.status, mapped.body);
  }
}

const idPath = (resource: string, id: Identifier) =>
  `${API_URL}/${resource}/${encodeURIComponent(String(id))}`;

/** `GET /api/reports/:id/pdf`: a plain link, so that the browser streams the file to disk. */
export const reportPdfUrl = (id: Identifier) => `${idPath('reports', id)}/pdf`;

/** `GET /api/exports/<file>?…`: what the page fetches, or the link the browser follows. */
export const exportUrl = (file: ExportFile, params: ExportParams) =>
  `${API_URL}/exports/${file}?${query(params)}`;

/** fetchJson always declares a JSON body on a POST, and the API refuses an empty one: send `{}`. */
async function postJson(url: string, body: unknown = {}): Promise<unknown> {
  const { json } = await httpClient(url, { method: 'POST', body: JSON.stringify(body) });
  return json;
}

function refuseReadOnly(resource: string): void {
  if (!resourceSpec(resource).writable) {
    throw new HttpError(ERROR_MESSAGES.readOnly, 405, null);
  }
}

function writable(resource: string, data: Record<string, unknown>): Record<string, unknown> {
  const spec = resourceSpec(resource);
  return toWritable(data, spec.readOnly, spec.form);
}

function query(params: Record<string, unknown>): string {
  return fetchUtils.queryParameters(fetchUtils.flattenObject(params));
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

const base = jsonServerProvider(API_URL, httpClient);

export const dataProvider: VigieDataProvider = {
  ...base,
  ...importsMethods,
  getList: (resource, params) => mapErrors(resource, 'read', () => base.getList(resource, params)),
  getOne: (resource, params) => mapErrors(resource, 'read', () => base.getOne(resource, params)),
  getMany: (resource, params) => mapErrors(resource, 'read', () => base.getMany(resource, params)),
  getManyReference: (resource, params) =>
    mapErrors(resource, 'read', () => base.getManyReference(resource, params)),

  create: async (resource, params: CreateParams) => {
    refuseReadOnly(resource);
    // The form chooses the id once (see ObservationCreate), so a retry reuses it; this is a fallback.
    const data = writable(
      resource,
      resourceSpec(resource).clientIds ? { id: newId(), ...params.data } : params.data,
    );
    return mapErrors(resource, 'create', () => base.create(resource, { ...params, data }));
  },

  update: async <R extends RaRecord = RaRecord>(
    resource: string,
    params: UpdateParams,
  ): Promise<UpdateResult<R>> => {
    refuseReadOnly(resource);
    const data = writable(resource, { ...params.data, id: params.id });
    if (resourceSpec(resource).update !== 'patch') {
      return mapErrors(resource, 'update', () => base.update(resource, { ...params, data }));
    }
    const previous = params.previousData ? writable(resource, params.previousData) : undefined;
    return mapErrors(resource, 'update', async () => {
      const { json } = await httpClient(idPath(resource, params.id), {
        method: 'PATCH',
        body: JSON.stringify(changedFields(data, previous)),
      });
      return { data: json as R };
    });
  },

  updateMany: async (resource, params) => {
    refuseReadOnly(resource);
    const data = writable(resource, params.data);
    return mapErrors(resource, 'update', () => base.updateMany(resource, { ...params, data }));
  },

  delete: async (resource, params) => {
    refuseReadOnly(resource);
    const result = await mapErrors(resource, 'delete', () => base.delete(resource, params));
    // A 204 has no body: react-admin still wants the record that went away.
    return { data: result.data ?? params.previousData };
  },

  deleteMany: async (resource, params) => {
    refuseReadOnly(resource);
    return mapErrors(resource, 'delete', () => base.deleteMany(resource, params));
  },

  restore: async (resource, { id }) => {
    refuseReadOnly(resource);
    return mapErrors(resource, 'restore', async () => ({
      data: (await postJson(`${idPath(resource, id)}/restore`)) as RaRecord,
    }));
  },

  review: async (resource, { id, action, comment }) =>
    mapErrorsFor(REVIEW_FORM, 'command', async () => ({
      data: (await postJson(
        `${idPath(resource, id)}/${action}`,
        action === 'return' ? { comment } : {},
      )) as RaRecord,
    })),

  getGeoJson: async <G extends Geometry | null, P>(resource: string, params: GeoJsonParams = {}) =>
    mapErrors(resource, 'read', async () => {
      const [start, end] = params.range ?? [undefined, undefined];
      const search = query({ ...params.filter, _start: start, _end: end });
      const url = `${API_URL}/${resource}.geojson${search ? `?${search}` : ''}`;
      const { json, headers } = await httpClient(url, { signal: params.signal });
      const collection = json as FeatureCollection<G, P>;
      const total = Number(headers.get('x-total-count'));
      return { ...collection, total: Number.isFinite(total) ? total : collection.features.length };
    }),

  getMeta: async ({ signal } = {}) => {
    const { json } = await httpClient(`${API_URL}/meta`, { signal });
    return json as ApiMeta;
  },

  getHistory: (resource, { id, range = [0, 50], signal }) =>
    mapErrors(resource, 'read', async () => {
      const search = query({ _start: range[0], _end: range[1] });
      const { json } = await httpClient(`${idPath(resource, id)}/history?${search}`, { signal });
      return Array.isArray(json) ? (json as HistoryEntry[]) : [];
    }),

  verifyAuditChain: () =>
    mapErrors('audit-events', 'read', async () => {
      const { json } = await httpClient(`${API_URL}/audit-events/verify`);
      return json as ChainVerification;
    }),

  resetUserPassword: ({ id, password, currentPassword, totp }) =>
    mapErrorsFor(PASSWORD_FORM, 'command', async () => {
      await postJson(`${idPath('users', id)}/reset-password`, { password, currentPassword, totp });
    }),

  unlockUser: ({ id }) =>
    mapErrors('users', 'command', async () => {
      await postJson(`${idPath('users', id)}/unlock`);
    }),

  resetUserTotp: ({ id }) =>
    mapErrors('users', 'command', async () => {
      await postJson(`${idPath('users', id)}/totp/reset`);
    }),

  getSecuritySettings: () =>
    mapErrors('settings', 'read', async () => {
      const { json } = await httpClient(`${API_URL}/settings/security`);
      return json as SecuritySettings;
    }),

  updateSecuritySettings: (settings) =>
    mapErrors('settings', 'command', async () => {
      const { json } = await httpClient(`${API_URL}/settings/security`, {
        method: 'PUT',
        body: JSON.stringify(settings),
      });
      return (json as SecuritySettings | null) ?? settings;
    }),

  enrolTotp: ({ currentPassword }) =>
    mapErrorsFor(
      CODE_FORM,
      'command',
      async () => (await postJson(`${API_URL}/auth/totp/enrol`, { currentPassword })) as TotpEnrolment,
    ),

  verifyTotp: ({ code }) =>
    mapErrorsFor(CODE_FORM, 'command', async () => {
      await postJson(`${API_URL}/auth/totp/verify`, { code });
    }),

  disableTotp: ({ code, currentPassword }) =>
    mapErrorsFor(CODE_FORM, 'command', async () => {
      await postJson(`${API_URL}/auth/totp/disable`, { code, currentPassword });
    }),

  linkEvidenceBatch: ({ caseId, observationIds, note }) =>
    mapErrors(`legal-cases/${caseId}/evidence`, 'command', async () => {
      const body = {
        items: observationIds.map((observationId) => ({ observationId })),
        ...(note ? { note } : {}),
      };
      return (await postJson(`${idPath('legal-cases', caseId)}/evidence/batch`, body)) as EvidenceBatchResult;
    }),

  setLegalRuleConfirmed: ({ code, confirmed }) =>
    mapErrors('legal-rules', 'command', async () => {
      const url = `${idPath('legal-rules', code)}/confirm`;
      if (confirmed) await postJson(url);
      else await httpClient(url, { method: 'DELETE' });
    }),

  getCalendarFeed: ({ signal } = {}) =>
    mapErrors('calendar-feed', 'read', async () => {
      const { json } = await httpClient(`${API_URL}/auth/calendar-feed`, { signal });
      return json as CalendarFeedState;
    }),

  createCalendarFeed: () =>
    mapErrors(
      'calendar-feed',
      'command',
      async () => (await postJson(`${API_URL}/auth/calendar-feed`)) as NewCalendarFeed,
    ),

  revokeCalendarFeed: () =>
    mapErrors('calendar-feed', 'command', async () => {
      await httpClient(`${API_URL}/auth/calendar-feed`, { method: 'DELETE' });
    }),

  getBackupStatus: ({ signal } = {}) =>
    mapErrors('backups', 'read', async () => {
      const { json } = await httpClient(`${API_URL}/backups/status`, { signal });
      return json as BackupStatus;
    }),

  runBackup: () =>
    mapErrors('backups', 'command', async () => (await postJson(`${API_URL}/backups`)) as BackupRunRecord),

  getAccessTokens: ({ signal } = {}) =>
    mapErrors('access-tokens', 'read', async () => {
      const { json } = await httpClient(`${API_URL}/auth/tokens`, { signal });
      return Array.isArray(json) ? (json as AccessTokenView[]) : [];
    }),

  createAccessToken: (params) =>
    mapErrorsFor(
      ACCESS_TOKEN_FORM,
      'command',
      async () => (await postJson(`${API_URL}/auth/tokens`, params)) as NewAccessToken,
    ),

  revokeAccessToken: ({ id }) =>
    mapErrors('access-tokens', 'command', async () => {
      await httpClient(`${API_URL}/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
    }),

  requestCaseDossier: ({ caseId, lang, includeRestricted }) =>
    mapErrors('reports', 'command', async () => {
      const body = { kind: 'case-dossier', caseId, lang, includeRestricted };
      return (await postJson(`${API_URL}/reports`, body)) as ReportRecord;
    }),

  retryReport: ({ id }) =>
    mapErrors('reports', 'command', async () => ({
      data: (await postJson(`${idPath('reports', id)}/retry`)) as ReportRecord,
    })),

  getStatsSummary: ({ from, to, area, compare, signal }) =>
    mapErrors('stats', 'read', async () => {
      const search = statsQuery({ from, to, area, compare: compare ? 'true' : null });
      const { json } = await httpClient(`${API_URL}/stats/summary?${search}`, { signal });
      return { data: json as StatsSummary };
    }),

  getExportEstimate: async ({ file, params, signal }) => {
    const search = query({ file, ...params });
    const { json } = await httpClient(`${API_URL}/exports/estimate?${search}`, { signal });
    return { data: json as ExportEstimate };
  },

  downloadExport: async ({ file, params, onProgress, signal }) => {
    let response: Response;
    try {
      response = await fetch(exportUrl(file, params), {
        credentials: 'same-origin',
        signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new HttpError(ERROR_MESSAGES.network, 0, null);
    }
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
      const message = typeof body?.message === 'string' ? body.message : response.statusText;
      throw new HttpError(message, response.status, body);
    }
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress?.(received);
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? file;
    const type = response.headers.get('content-type') ?? 'application/octet-stream';
    return { blob: new Blob(chunks, { type }), filename };
  },

  getStatsSeries: ({ from, to, area, interval, metric, signal }) =>
    mapErrors('stats', 'read', async () => {
      const search = statsQuery({ from, to, area, interval, metric });
      const { json } = await httpClient(`${API_URL}/stats/series?${search}`, { signal });
      return { data: json as StatsSeries };
    }),
};
