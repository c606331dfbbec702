import { AutocompleteInput, DateInput, ReferenceInput, SearchInput, SelectInput } from 'react-admin';
import { AREAS, OBSERVATION_KINDS, REVIEW_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';

/** The list's filters, sent as flat query parameters (`startedAt_gte=2025-03-01&area=calaisis`). */
export const observationFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <DateInput key="from" source="startedAt_gte" label="vigie.filters.from" alwaysOn />,
  <DateInput key="to" source="startedAt_lte" label="vigie.filters.to" alwaysOn />,
  <SelectInput key="area" source="area" choices={vocabularyChoices(AREAS)} />,
  <SelectInput key="kind" source="kind" choices={vocabularyChoices(OBSERVATION_KINDS)} />,
  <ReferenceInput key="communeCode" source="communeCode" reference="communes">
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
  <ReferenceInput key="siteId" source="siteId" reference="sites">
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
  <SelectInput key="status" source="status" choices={vocabularyChoices(REVIEW_STATUSES)} />,
];

/** The filters the observations map shares with the list. */
export const MAP_FILTER_KEYS = ['startedAt_gte', 'startedAt_lte', 'area', 'kind'] as const;
