import VisibilityIcon from '@mui/icons-material/Visibility';
import { lazyScreen } from '../common/lazyScreen';

const ObservationCreate = lazyScreen(() =>
  import('./ObservationCreate').then((module) => module.ObservationCreate),
);
const ObservationEdit = lazyScreen(() =>
  import('./ObservationEdit').then((module) => module.ObservationEdit),
);
const ObservationList = lazyScreen(() =>
  import('./ObservationList').then((module) => module.ObservationList),
);
const ObservationShow = lazyScreen(() =>
  import('./ObservationShow').then((module) => module.ObservationShow),
);

export const observations = {
  list: ObservationList,
  show: ObservationShow,
  create: ObservationCreate,
  edit: ObservationEdit,
  icon: VisibilityIcon,
};
