import RuleIcon from '@mui/icons-material/Rule';
import { LegalRulesPage } from './LegalRulesPage';

/** « Règles de délais » as a resource: `#/legal-rules`, in the menu of admin and legal. */
export const legalRules = { list: LegalRulesPage, icon: RuleIcon };
