import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { lazyScreen } from '../common/lazyScreen';

const IncidentCreate = lazyScreen(() => import('./IncidentCreate').then((module) => module.IncidentCreate));
const IncidentEdit = lazyScreen(() => import('./IncidentEdit').then((module) => module.IncidentEdit));
const IncidentList = lazyScreen(() => import('./IncidentList').then((module) => module.IncidentList));
const IncidentShow = lazyScreen(() => import('./IncidentShow').then((module) => module.IncidentShow));

export { INCIDENTS_MAP_PATH } from './paths';
export { ObservationIncidents } from './ObservationIncidents';

export const incidents = {
  list: IncidentList,
  show: IncidentShow,
  create: IncidentCreate,
  edit: IncidentEdit,
  icon: ReportProblemIcon,
};
