import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import { lazyScreen } from '../common/lazyScreen';

const AuditEventList = lazyScreen(() => import('./AuditEventList').then((module) => module.AuditEventList));

/** The audit trail (admin only): a list, nothing else; the API refuses any change to it. */
export const auditEvents = {
  list: AuditEventList,
  icon: HistoryEduIcon,
};
