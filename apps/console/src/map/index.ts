import { lazyScreen } from '../common/lazyScreen';

/** The maps load Leaflet: each is its own chunk, downloaded when first shown. */
export const IncidentMap = lazyScreen(() => import('./IncidentMap').then((module) => module.IncidentMap));
export const ObservationMap = lazyScreen(() =>
  import('./ObservationMap').then((module) => module.ObservationMap),
);
