import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { LIMITS, type LegalRuleView } from '@vigie/domain';

export const LEGAL_RULES_QUERY_KEY = ['legal-rules'] as const;

/**
 * Every deadline rule (`GET /api/legal-rules`, a plain list: one page holds them all), in the
 * order they are written; shared by the rules page and the deadline forms.
 */
export function useLegalRules(enabled = true) {
  const dataProvider = useDataProvider();
  return useQuery<LegalRuleView[]>({
    queryKey: LEGAL_RULES_QUERY_KEY,
    queryFn: async ({ signal }) => {
      const { data } = await dataProvider.getList<LegalRuleView>('legal-rules', {
        pagination: { page: 1, perPage: LIMITS.pageSize },
        sort: { field: 'position', order: 'ASC' },
        filter: {},
        signal,
      });
      return data;
    },
    enabled,
  });
}
