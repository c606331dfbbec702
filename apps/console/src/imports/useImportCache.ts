import { useQueryClient } from '@tanstack/react-query';
import type { ImportRecord } from '@vigie/domain';
import { useCallback } from 'react';

/**
 * Puts what the API answered about an import into react-admin's cache of `getOne('imports')` (the
 * wizard's record) and marks the history stale. Merged, as a commit's answer has no samples.
 */
export function useImportCache(): (record: Partial<ImportRecord> & { id: string }) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (record) => {
      queryClient.setQueryData<ImportRecord>(
        ['imports', 'getOne', { id: String(record.id), meta: undefined }],
        (previous) => ({ ...previous, ...record }) as ImportRecord,
      );
      void queryClient.invalidateQueries({ queryKey: ['imports', 'getList'] });
    },
    [queryClient],
  );
}
