import RssFeedIcon from '@mui/icons-material/RssFeed';
import { lazyScreen } from '../common/lazyScreen';

const KoboFeedList = lazyScreen(() => import('./KoboFeedList').then((module) => module.KoboFeedList));
const KoboFeedCreate = lazyScreen(() => import('./KoboFeedCreate').then((module) => module.KoboFeedCreate));
const KoboFeedShow = lazyScreen(() => import('./KoboFeedShow').then((module) => module.KoboFeedShow));

export { koboFeedMessages } from './i18n';

/** « Flux KoboToolbox » (`#/kobo-feeds`, `/create`, `/:id/show`), for admins and coordinators. */
export const koboFeeds = {
  list: KoboFeedList,
  create: KoboFeedCreate,
  show: KoboFeedShow,
  icon: RssFeedIcon,
  options: { label: 'vigie.koboFeeds.menu' },
};
