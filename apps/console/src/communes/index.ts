import LocationCityIcon from '@mui/icons-material/LocationCity';
import { lazyScreen } from '../common/lazyScreen';

const CommuneList = lazyScreen(() => import('./CommuneList').then((module) => module.CommuneList));
const CommuneShow = lazyScreen(() => import('./CommuneShow').then((module) => module.CommuneShow));

/** Reference data: read-only in the console and in the API. */
export const communes = {
  list: CommuneList,
  show: CommuneShow,
  icon: LocationCityIcon,
  recordRepresentation: 'name',
};
