import BackupIcon from '@mui/icons-material/Backup';
import { lazyScreen } from '../common/lazyScreen';

const BackupRunList = lazyScreen(() => import('./BackupRunList').then((module) => module.BackupRunList));

/** « Sauvegardes » (admin only): backups' status and runs; a run is never edited. */
export const backups = {
  list: BackupRunList,
  icon: BackupIcon,
  options: { label: 'vigie.backups.menu' },
};
