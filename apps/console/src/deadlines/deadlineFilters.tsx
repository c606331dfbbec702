import { DateInput, SearchInput, SelectInput } from 'react-admin';
import { DEADLINE_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';

/** `GET /api/deadlines`: open by default; any status, a period of due dates, words of the case. */
export const deadlineFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput
    key="status"
    source="status"
    choices={vocabularyChoices(DEADLINE_STATUSES)}
    emptyText="vigie.filters.all"
    alwaysOn
  />,
  <DateInput key="dueAt_gte" source="dueAt_gte" alwaysOn />,
  <DateInput key="dueAt_lte" source="dueAt_lte" alwaysOn />,
];

export const DEFAULT_DEADLINE_FILTER = { status: 'open' };
