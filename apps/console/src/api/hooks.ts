import type { FeatureCollection, Geometry, MultiPolygon } from 'geojson';
import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { Area } from '@vigie/domain';
import type { GeoJsonParams, VigieDataProvider } from '../dataProvider';
import { EMPTY_META, type ApiMeta } from './meta';

export interface CommuneFeatureProperties {
  code: string;
  name: string;
  area: Area;
  department?: string;
}

export type CommunesCollection = FeatureCollection<MultiPolygon, CommuneFeatureProperties>;

/**
 * Data that does not change while the console is open (server meta, commune outlines) is fetched
 * once per page load and shared by every component; a failed fetch is forgotten so it is retried.
 */
const onceCache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let pending = onceCache.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = load();
    onceCache.set(key, pending);
    pending.catch(() => onceCache.delete(key));
  }
  return pending;
}

/** `load` must be a module-level function, so that it is the same on every render. */
function useOnce<T>(key: string, load: (dataProvider: VigieDataProvider) => Promise<T>): T | undefined {
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let active = true;
    once(key, () => load(dataProvider)).then(
      (result) => {
        if (active) setValue(result);
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [key, load, dataProvider]);
  return value;
}

const loadMeta = (dataProvider: VigieDataProvider) => dataProvider.getMeta();

const loadCommunes = (dataProvider: VigieDataProvider) =>
  dataProvider.getGeoJson<MultiPolygon, CommuneFeatureProperties>('communes');

/** `/api/meta`; the defaults (no demo banner, no tiles) until it answers. */
export function useMeta(): ApiMeta {
  return useOnce('meta', loadMeta) ?? EMPTY_META;
}

/** The outlines of every commune: the base layer of every map (it works without internet). */
export function useCommunes(): CommunesCollection | undefined {
  return useOnce('communes.geojson', loadCommunes);
}

export interface GeoJsonState<G extends Geometry | null, P> {
  data: FeatureCollection<G, P> | undefined;
  error: unknown;
  isPending: boolean;
}

/** A GeoJSON collection that follows its filters; the request in flight is cancelled on change. */
export function useGeoJson<G extends Geometry | null, P>(
  resource: string,
  params: Omit<GeoJsonParams, 'signal'>,
): GeoJsonState<G, P> {
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [state, setState] = useState<GeoJsonState<G, P>>({
    data: undefined,
    error: undefined,
    isPending: true,
  });
  const key = JSON.stringify([resource, params]);
  useEffect(() => {
    const controller = new AbortController();
    const [name, request] = JSON.parse(key) as [string, GeoJsonParams];
    setState((previous) => ({ ...previous, isPending: true }));
    dataProvider.getGeoJson<G, P>(name, { ...request, signal: controller.signal }).then(
      (data) => setState({ data, error: undefined, isPending: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error, isPending: false });
      },
    );
    return () => controller.abort();
  }, [dataProvider, key]);
  return state;
}
