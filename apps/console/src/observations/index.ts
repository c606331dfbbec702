import VisibilityIcon from '@mui/icons-material/Visibility';
import { ObservationCreate } from './ObservationCreate';
import { ObservationEdit } from './ObservationEdit';
import { ObservationList } from './ObservationList';
import { ObservationShow } from './ObservationShow';

export const observations = {
  list: ObservationList,
  show: ObservationShow,
  create: ObservationCreate,
  edit: ObservationEdit,
  icon: VisibilityIcon,
};
