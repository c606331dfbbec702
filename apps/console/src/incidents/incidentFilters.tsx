import {
  AutocompleteInput,
  DateInput,
  ReferenceInput,
  SearchInput,
  SelectArrayInput,
  SelectInput,
} from 'react-admin';
import { AREAS, INCIDENT_TYPES, REVIEW_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';

/** "Contre les observateur·ices" / "Contre les personnes exilées": `againstObservers=true|false`. */
const targetChoices = [
  { id: 'true', name: 'vigie.incident.againstObservers' },
  { id: 'false', name: 'vigie.incident.againstExiles' },
];

/** The list's filters, sent as flat query parameters (`occurredAt_gte=2025-03-01&type=tear_gas`). */
export const incidentFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <DateInput key="from" source="occurredAt_gte" label="vigie.filters.from" alwaysOn />,
  <DateInput key="to" source="occurredAt_lte" label="vigie.filters.to" alwaysOn />,
  <SelectArrayInput key="type" source="type" choices={vocabularyChoices(INCIDENT_TYPES)} />,
  <SelectInput
    key="againstObservers"
    source="againstObservers"
    label="vigie.incident.target"
    choices={targetChoices}
  />,
  <SelectInput key="area" source="area" choices={vocabularyChoices(AREAS)} />,
  <ReferenceInput key="communeCode" source="communeCode" reference="communes">
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
  <SelectInput key="status" source="status" choices={vocabularyChoices(REVIEW_STATUSES)} />,
];

/** The filters the incidents map shares with the list. */
export const INCIDENT_MAP_FILTER_KEYS = ['occurredAt_gte', 'occurredAt_lte', 'area', 'type'] as const;
