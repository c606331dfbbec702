import { OBSERVATION_KINDS, type Area, type ObservationKind, type ReviewStatus } from '@vigie/domain';
import { KIND_COLORS } from '../geo/colors';
import { MAP_FILTER_KEYS } from '../observations/observationFilters';
import { RecordMap, type RecordMapConfig } from './RecordMap';

/** Properties of a feature of `GET /api/observations.geojson`. */
export interface ObservationFeatureProperties {
  id: string;
  kind: ObservationKind;
  startedAt: string;
  status: ReviewStatus;
  communeCode: string | null;
  area: Area | null;
  siteId: string | null;
  arrests: number;
  peopleEvicted: number | null;
}

const OBSERVATIONS_MAP: RecordMapConfig = {
  resource: 'observations',
  title: 'vigie.menu.observationsMap',
  dateField: 'startedAt',
  typeField: 'kind',
  vocabulary: OBSERVATION_KINDS,
  colors: KIND_COLORS,
  countMessage: 'vigie.map.count',
  filterKeys: MAP_FILTER_KEYS,
};

export const ObservationMap = () => <RecordMap config={OBSERVATIONS_MAP} />;
