export { ObservationMap } from './ObservationMap';
