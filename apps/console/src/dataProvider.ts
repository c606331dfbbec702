import type { FeatureCollection, Geometry } from 'geojson';
import jsonServerProvider from 'ra-data-json-server';
import {
  fetchUtils,
  HttpError,
  type CreateParams,
  type DataProvider,
  type Identifier,
  type RaRecord,
  type UpdateParams,
} from 'react-admin';
import { mapApiError, ERROR_MESSAGES, type Operation } from './api/errors';
import type { ApiMeta } from './api/meta';
import { toWritable } from './api/payload';
import { resourceSpec } from './api/resources';
import { newId } from './api/uuid';

export const API_URL = '/api';

export interface GeoJsonParams {
  /** The same flat filters as the list (`startedAt_gte`, `area`, `kind`…). */
  filter?: Record<string, unknown>;
  /** `[_start, _end]`. */
  range?: [number, number];
  signal?: AbortSignal;
}

export interface VigieDataProvider extends DataProvider {
  /** `POST /api/<resource>/:id/restore`: brings a soft-deleted record back. */
  restore(resource: string, params: { id: Identifier }): Promise<{ data: RaRecord }>;
  /** `GET /api/<resource>.geojson?<filters>` */
  getGeoJson<G extends Geometry | null = Geometry, P = Record<string, unknown>>(
    resource: string,
    params?: GeoJsonParams,
  ): Promise<FeatureCollection<G, P>>;
  /** `GET /api/meta` */
  getMeta(params?: { signal?: AbortSignal }): Promise<ApiMeta>;
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
async function mapErrors<T>(resource: string, operation: Operation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const mapped = mapApiError(error.status, error.body, operation, resourceSpec(resource).form);
    throw new HttpError(mapped.message, mapped.status, mapped.body);
  }
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
  getList: (resource, params) => mapErrors(resource, 'read', () => base.getList(resource, params)),
  getOne: (resource, params) => mapErrors(resource, 'read', () => base.getOne(resource, params)),
  getMany: (resource, params) => mapErrors(resource, 'read', () => base.getMany(resource, params)),
  getManyReference: (resource, params) =>
    mapErrors(resource, 'read', () => base.getManyReference(resource, params)),

  create: async (resource, params: CreateParams) => {
    refuseReadOnly(resource);
    // The form chooses the id once (see ObservationCreate), so a retry reuses it; this is a fallback.
    const data = writable(resource, { id: newId(), ...params.data });
    return mapErrors(resource, 'create', () => base.create(resource, { ...params, data }));
  },

  update: async (resource, params: UpdateParams) => {
    refuseReadOnly(resource);
    const data = writable(resource, { ...params.data, id: params.id });
    return mapErrors(resource, 'update', () => base.update(resource, { ...params, data }));
  },

  updateMany: async (resource, params) => {
    refuseReadOnly(resource);
    const data = writable(resource, params.data);
    return mapErrors(resource, 'update', () => base.updateMany(resource, { ...params, data }));
  },

  delete: async (resource, params) => {
    refuseReadOnly(resource);
    return mapErrors(resource, 'delete', () => base.delete(resource, params));
  },

  deleteMany: async (resource, params) => {
    refuseReadOnly(resource);
    return mapErrors(resource, 'delete', () => base.deleteMany(resource, params));
  },

  restore: async (resource, { id }) => {
    refuseReadOnly(resource);
    return mapErrors(resource, 'restore', async () => {
      const url = `${API_URL}/${resource}/${encodeURIComponent(String(id))}/restore`;
      const { json } = await httpClient(url, { method: 'POST' });
      return { data: json as RaRecord };
    });
  },

  getGeoJson: async <G extends Geometry | null, P>(resource: string, params: GeoJsonParams = {}) =>
    mapErrors(resource, 'read', async () => {
      const [start, end] = params.range ?? [undefined, undefined];
      const search = query({ ...params.filter, _start: start, _end: end });
      const url = `${API_URL}/${resource}.geojson${search ? `?${search}` : ''}`;
      const { json } = await httpClient(url, { signal: params.signal });
      return json as FeatureCollection<G, P>;
    }),

  getMeta: async ({ signal } = {}) => {
    const { json } = await httpClient(`${API_URL}/meta`, { signal });
    return json as ApiMeta;
  },
};
