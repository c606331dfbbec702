import GavelIcon from '@mui/icons-material/Gavel';
import { lazyScreen } from '../common/lazyScreen';

const LegalCaseCreate = lazyScreen(() =>
  import('./LegalCaseCreate').then((module) => module.LegalCaseCreate),
);
const LegalCaseEdit = lazyScreen(() => import('./LegalCaseEdit').then((module) => module.LegalCaseEdit));
const LegalCaseList = lazyScreen(() => import('./LegalCaseList').then((module) => module.LegalCaseList));
const LegalCaseShow = lazyScreen(() => import('./LegalCaseShow').then((module) => module.LegalCaseShow));

export { caseTabPath } from './paths';

export const legalCases = {
  list: LegalCaseList,
  show: LegalCaseShow,
  create: LegalCaseCreate,
  edit: LegalCaseEdit,
  icon: GavelIcon,
};
