import { lazyScreen } from '../common/lazyScreen';

export { EXPORTS_PATH } from './paths';

export const ExportsPage = lazyScreen(() => import('./ExportsPage').then((module) => module.ExportsPage));
