import { type RaRecord, useGetList } from 'react-admin';
import { caseResource } from '../api/resources';

/**
 * The live parts of a case (its events or deadlines), oldest first, and its deleted ones when
 * `showDeleted`: the two lists a case's tab shows.
 */
export function useCaseParts<R extends RaRecord>(
  caseId: string,
  part: 'events' | 'deadlines',
  options: { sortField: string; max: number; showDeleted: boolean },
) {
  const resource = caseResource(caseId, part);
  const params = {
    sort: { field: options.sortField, order: 'ASC' as const },
    pagination: { page: 1, perPage: options.max },
  };
  const live = useGetList<R>(resource, { ...params, filter: {} }, { enabled: caseId !== '' });
  const deleted = useGetList<R>(
    resource,
    { ...params, filter: { deleted: true } },
    { enabled: caseId !== '' && options.showDeleted },
  );
  return { resource, live, deleted };
}
