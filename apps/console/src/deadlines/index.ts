import EventIcon from '@mui/icons-material/Event';
import { DeadlinesPage } from './DeadlinesPage';

export { DeadlinesPage } from './DeadlinesPage';

/** The « Échéances » page as a resource: `#/deadlines`, its menu entry for the roles that may list it. */
export const deadlines = { list: DeadlinesPage, icon: EventIcon };
