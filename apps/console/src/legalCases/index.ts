import GavelIcon from '@mui/icons-material/Gavel';
import { LegalCaseCreate } from './LegalCaseCreate';
import { LegalCaseEdit } from './LegalCaseEdit';
import { LegalCaseList } from './LegalCaseList';
import { LegalCaseShow } from './LegalCaseShow';

export { caseTabPath } from './LegalCaseShow';

export const legalCases = {
  list: LegalCaseList,
  show: LegalCaseShow,
  create: LegalCaseCreate,
  edit: LegalCaseEdit,
  icon: GavelIcon,
};
