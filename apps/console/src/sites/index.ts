import HomeWorkIcon from '@mui/icons-material/HomeWork';
import { lazyScreen } from '../common/lazyScreen';

const SiteCreate = lazyScreen(() => import('./SiteCreate').then((module) => module.SiteCreate));
const SiteEdit = lazyScreen(() => import('./SiteEdit').then((module) => module.SiteEdit));
const SiteList = lazyScreen(() => import('./SiteList').then((module) => module.SiteList));
const SiteShow = lazyScreen(() => import('./SiteShow').then((module) => module.SiteShow));

export const SiteMap = lazyScreen(() => import('./SiteMap').then((module) => module.SiteMap));

export const sites = {
  list: SiteList,
  show: SiteShow,
  create: SiteCreate,
  edit: SiteEdit,
  icon: HomeWorkIcon,
  recordRepresentation: 'name',
};
