import type { FeatureCollection, Geometry, MultiPolygon } from 'geojson';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { HttpError, useDataProvider } from 'react-admin';
import type { Area } from '@vigie/domain';
import type { GeoJsonCollection, GeoJsonParams, VigieDataProvider } from '../dataProvider';
import { offlineOutlines } from '../offline/reference';
import { EMPTY_META, type ApiMeta } from './meta';

export interface CommuneFeatureProperties {
  code: string;
  name: string;
  area: Area;
  department?: string;
}

export type CommunesCollection = FeatureCollection<MultiPolygon, CommuneFeatureProperties>;

/**
 * A refused request (400, 403, 404) gives the same answer when asked again: only a server or
 * network failure is retried, so a refusal is shown at once.
 */
export function retryTransient(failures: number, error: unknown): boolean {
  const status = error instanceof HttpError ? error.status : 0;
  return failures < 2 && (status === 0 || status >= 500);
}

/**
 * Data that does not change while the console is open (server meta, commune outlines): asked once
 * per page load through the data provider and shared by every component (react-query's cache);
 * a failed request is asked again by the next component that needs it.
 */
function useOnce<T>(key: string, load: (dataProvider: VigieDataProvider) => Promise<T>): T | undefined {
  const dataProvider = useDataProvider<VigieDataProvider>();
  return useQuery<T>({
    queryKey: ['once', key],
    queryFn: () => load(dataProvider),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: retryTransient,
  }).data;
}

const loadMeta = (dataProvider: VigieDataProvider) => dataProvider.getMeta();

/**
 * The outlines from the API; when the server cannot be reached, the copy the device keeps for
 * offline use (`offline/reference.ts`), so that a map drawn offline still shows the communes.
 */
async function loadCommunes(dataProvider: VigieDataProvider): Promise<CommunesCollection> {
  try {
    return await dataProvider.getGeoJson<MultiPolygon, CommuneFeatureProperties>('communes');
  } catch (error) {
    const unreachable = error instanceof HttpError && (error.status === 0 || error.status >= 502);
    const kept = unreachable ? await offlineOutlines() : null;
    if (kept) return kept as CommunesCollection;
    throw error;
  }
}

/** `/api/meta`; the defaults (no demo banner, no tiles) until it answers. */
export function useMeta(): ApiMeta {
  return useOnce('meta', loadMeta) ?? EMPTY_META;
}

/** The outlines of every commune: the base layer of every map (it works without internet). */
export function useCommunes(): CommunesCollection | undefined {
  return useOnce('communes.geojson', loadCommunes);
}

export interface GeoJsonState<G extends Geometry | null, P> {
  data: GeoJsonCollection<G, P> | undefined;
  error: unknown;
  isPending: boolean;
}

/**
 * A GeoJSON collection that follows its filters; the request in flight is cancelled on change, and
 * the previous collection stays shown until the new one arrives. Not asked while `enabled` is
 * false (then pending, the previous collection still given).
 */
export function useGeoJson<G extends Geometry | null, P>(
  resource: string,
  params: Omit<GeoJsonParams, 'signal'>,
  { enabled = true }: { enabled?: boolean } = {},
): GeoJsonState<G, P> {
  const dataProvider = useDataProvider<VigieDataProvider>();
  const { data, error, isPending, isFetching } = useQuery<GeoJsonCollection<G, P>>({
    queryKey: ['geojson', resource, params],
    queryFn: ({ signal }) => dataProvider.getGeoJson<G, P>(resource, { ...params, signal }),
    placeholderData: keepPreviousData,
    retry: retryTransient,
    enabled,
  });
  return { data: error ? undefined : data, error, isPending: isPending || isFetching };
}
