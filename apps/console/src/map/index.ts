export { IncidentMap } from './IncidentMap';
export { ObservationMap } from './ObservationMap';
