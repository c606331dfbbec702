import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { IncidentCreate } from './IncidentCreate';
import { IncidentEdit } from './IncidentEdit';
import { IncidentList } from './IncidentList';
import { IncidentShow } from './IncidentShow';

export { INCIDENTS_MAP_PATH } from './IncidentList';
export { ObservationIncidents } from './ObservationIncidents';

export const incidents = {
  list: IncidentList,
  show: IncidentShow,
  create: IncidentCreate,
  edit: IncidentEdit,
  icon: ReportProblemIcon,
};
