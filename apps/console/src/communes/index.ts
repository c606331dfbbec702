import LocationCityIcon from '@mui/icons-material/LocationCity';
import { CommuneList } from './CommuneList';
import { CommuneShow } from './CommuneShow';

/** Reference data: read-only in the console and in the API. */
export const communes = {
  list: CommuneList,
  show: CommuneShow,
  icon: LocationCityIcon,
  recordRepresentation: 'name',
};
