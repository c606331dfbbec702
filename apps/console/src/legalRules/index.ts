import RuleIcon from '@mui/icons-material/Rule';
import { lazyScreen } from '../common/lazyScreen';

const LegalRulesPage = lazyScreen(() => import('./LegalRulesPage').then((module) => module.LegalRulesPage));

/** « Règles de délais » as a resource: `#/legal-rules`, in the menu of admin and legal. */
export const legalRules = { list: LegalRulesPage, icon: RuleIcon };
