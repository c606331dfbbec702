import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { LegalRuleView } from '@vigie/domain';
import type { VigieDataProvider } from '../dataProvider';

export const LEGAL_RULES_QUERY_KEY = ['legal-rules'] as const;

/** The deadline rules (`GET /api/legal-rules`), shared by the rules page and the deadline forms. */
export function useLegalRules(enabled = true) {
  const dataProvider = useDataProvider<VigieDataProvider>();
  return useQuery<LegalRuleView[]>({
    queryKey: LEGAL_RULES_QUERY_KEY,
    queryFn: ({ signal }) => dataProvider.getLegalRules({ signal }),
    enabled,
  });
}
