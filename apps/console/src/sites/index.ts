import HomeWorkIcon from '@mui/icons-material/HomeWork';
import { SiteCreate } from './SiteCreate';
import { SiteEdit } from './SiteEdit';
import { SiteList } from './SiteList';
import { SiteShow } from './SiteShow';

export { SiteMap } from './SiteMap';

export const sites = {
  list: SiteList,
  show: SiteShow,
  create: SiteCreate,
  edit: SiteEdit,
  icon: HomeWorkIcon,
  recordRepresentation: 'name',
};
