import EventIcon from '@mui/icons-material/Event';
import { lazyScreen } from '../common/lazyScreen';

export const DeadlinesPage = lazyScreen(() =>
  import('./DeadlinesPage').then((module) => module.DeadlinesPage),
);

/** The « Échéances » page as a resource: `#/deadlines`, its menu entry for the roles that may list it. */
export const deadlines = { list: DeadlinesPage, icon: EventIcon };
