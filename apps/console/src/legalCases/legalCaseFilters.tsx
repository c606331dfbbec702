import {
  AutocompleteInput,
  DateInput,
  ReferenceInput,
  SearchInput,
  SelectArrayInput,
  SelectInput,
} from 'react-admin';
import { LEGAL_CASE_STATUSES, LEGAL_FORUMS, LEGAL_OUTCOMES, LEGAL_PROCEDURES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';

const yesNo = [
  { id: 'true', name: 'vigie.triState.true' },
  { id: 'false', name: 'vigie.triState.false' },
];

/** What communication may filter on: the public fields only (the API refuses the others). */
export const publicCaseFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="procedure" source="procedure" choices={vocabularyChoices(LEGAL_PROCEDURES)} />,
  <SelectInput key="forum" source="forum" choices={vocabularyChoices(LEGAL_FORUMS)} />,
  <SelectInput key="status" source="status" choices={vocabularyChoices(LEGAL_CASE_STATUSES)} />,
  <SelectArrayInput key="outcome" source="outcome" choices={vocabularyChoices(LEGAL_OUTCOMES)} />,
];

/**
 * Every filter of `GET /api/legal-cases`, for admin and legal. The period is that of the
 * chronology: the cases with an event between the two dates (`activeOn_gte`, `activeOn_lte`).
 */
export const legalCaseFilters = [
  ...publicCaseFilters,
  <SelectInput key="hasOpenDeadlines" source="hasOpenDeadlines" choices={yesNo} />,
  <DateInput key="dueBefore" source="dueBefore" />,
  <ReferenceInput key="siteId" source="siteId" reference="sites">
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
  <DateInput key="activeOn_gte" source="activeOn_gte" />,
  <DateInput key="activeOn_lte" source="activeOn_lte" />,
];
