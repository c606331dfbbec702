import UploadFileIcon from '@mui/icons-material/UploadFile';
import { lazyScreen } from '../common/lazyScreen';

const ImportList = lazyScreen(() => import('./ImportList').then((module) => module.ImportList));
const ImportCreate = lazyScreen(() => import('./ImportCreate').then((module) => module.ImportCreate));
const ImportShow = lazyScreen(() => import('./ImportShow').then((module) => module.ImportShow));

export { importMessages } from './i18n';

/**
 * « Imports » (`#/imports`): the history; `#/imports/create` the wizard's upload, `#/imports/:id/show`
 * the wizard on an import, at the step it reached. For admins and coordinators (`imports.manage`).
 */
export const imports = {
  list: ImportList,
  create: ImportCreate,
  show: ImportShow,
  icon: UploadFileIcon,
  options: { label: 'vigie.imports.menu' },
};
