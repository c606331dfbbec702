import { INCIDENT_TYPES } from '@vigie/domain';
import { INCIDENT_TYPE_COLORS } from '../geo/colors';
import { INCIDENT_MAP_FILTER_KEYS } from '../incidents/incidentFilters';
import { RecordMap, type RecordMapConfig } from './RecordMap';

const INCIDENTS_MAP: RecordMapConfig = {
  resource: 'incidents',
  title: 'vigie.menu.incidentsMap',
  dateField: 'occurredAt',
  typeField: 'type',
  vocabulary: INCIDENT_TYPES,
  colors: INCIDENT_TYPE_COLORS,
  countMessage: 'vigie.map.incidentsCount',
  filterKeys: INCIDENT_MAP_FILTER_KEYS,
};

export const IncidentMap = () => <RecordMap config={INCIDENTS_MAP} />;
