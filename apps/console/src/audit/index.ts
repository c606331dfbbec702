import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import { AuditEventList } from './AuditEventList';

/** The audit trail (admin only): a list, nothing else; the API refuses any change to it. */
export const auditEvents = {
  list: AuditEventList,
  icon: HistoryEduIcon,
};
