import { lazyScreen } from '../common/lazyScreen';

/** The dashboard (charts and a map of the communes): its own chunk, downloaded when first shown. */
export const Dashboard = lazyScreen(() => import('./Dashboard').then((module) => module.Dashboard));
export { dashboardMessages } from './i18n';
