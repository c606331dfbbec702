import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReportRecord } from '@vigie/domain';
import { useCanAccess, useDataProvider, useNotify, type Identifier } from 'react-admin';
import type { VigieDataProvider } from '../dataProvider';

/**
 * « Réessayer »: queues a failed report again, then refreshes every reports query (the list, the
 * report's page), whose `refetchInterval` follows it while it is queued or rendering.
 */
export function useRetryReport(): { retry: (id: Identifier) => void; isPending: boolean } {
  const dataProvider = useDataProvider<VigieDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { mutate, isPending } = useMutation({
    mutationFn: (id: Identifier) => dataProvider.retryReport({ id }),
    onSuccess: ({ data }, id) => {
      // An empty answer: a 401 signed the user out, and react-admin is on its way to the login page.
      if (!data?.id) return;
      notify('vigie.publications.retried', { type: 'info' });
      // The report's page shows it queued at once (react-admin's key of `getOne`), then follows it.
      queryClient.setQueryData(['reports', 'getOne', { id: String(id), meta: undefined }], data);
      void queryClient.invalidateQueries({ queryKey: ['reports', 'getList'] });
    },
    onError: (error) =>
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' }),
  });
  return { retry: mutate, isPending };
}

/** Retrying is requesting again: a periodic report needs `reports.create`, a dossier `reports.caseDossier`. */
export function useMayRetry(): (report: Pick<ReportRecord, 'kind'>) => boolean {
  const periodic = useCanAccess({ resource: 'reports', action: 'create' });
  const dossier = useCanAccess({ resource: 'case-dossiers', action: 'create' });
  return (report) => (report.kind === 'case-dossier' ? dossier.canAccess : periodic.canAccess) === true;
}
