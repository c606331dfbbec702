import { useMediaQuery, type Theme } from '@mui/material';
import {
  CreateButton,
  DataTable,
  FilterButton,
  List,
  Loading,
  SelectField,
  SimpleList,
  TextField,
  TopToolbar,
  useListContext,
  useTranslate,
} from 'react-admin';
import { LEGAL_CASE_STATUSES, LEGAL_FORUMS, LEGAL_OUTCOMES, LEGAL_PROCEDURES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { Tertiary } from '../common/Tertiary';
import { isTrashFilter, TrashToggle } from '../common/TrashToggle';
import { DueDateField } from '../deadlines/DueDate';
import { legalCaseFilters, publicCaseFilters } from './legalCaseFilters';
import { useCaseDetails } from './useCaseDetails';

const procedureChoices = vocabularyChoices(LEGAL_PROCEDURES);
const forumChoices = vocabularyChoices(LEGAL_FORUMS);
const statusChoices = vocabularyChoices(LEGAL_CASE_STATUSES);
const outcomeChoices = vocabularyChoices(LEGAL_OUTCOMES);

const ListActions = ({ details }: { details: boolean }) => {
  const { filterValues } = useListContext();
  return (
    <TopToolbar>
      <FilterButton />
      {details && !isTrashFilter(filterValues) ? <CreateButton /> : null}
      {details ? <TrashToggle /> : null}
    </TopToolbar>
  );
};

const CaseListTitle = () => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const name = translate('resources.legal-cases.name', { smart_count: 2 });
  return <span>{isTrashFilter(filterValues) ? `${name} — ${translate('vigie.trash.title')}` : name}</span>;
};

/**
 * The cases. Admin and legal: every field and filter, the soonest next deadline first, highlighted
 * as on the « Échéances » page. Communication: the public fields, by title.
 */
export const LegalCaseList = () => {
  const details = useCaseDetails();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  if (details === undefined) return <Loading />;
  return (
    <List
      key={details ? 'details' : 'public'}
      empty={false}
      sort={details ? { field: 'nextDueAt', order: 'ASC' } : { field: 'title', order: 'ASC' }}
      filters={details ? legalCaseFilters : publicCaseFilters}
      actions={<ListActions details={details} />}
      title={<CaseListTitle />}
      storeKey={details ? 'legal-cases.details' : 'legal-cases.public'}
    >
      {isSmall ? (
        <SimpleList
          primaryText={(record) => String(record.title ?? '')}
          secondaryText={
            <span>
              {details ? (
                <>
                  <TextField source="reference" />
                  {' · '}
                </>
              ) : null}
              <SelectField source="procedure" choices={procedureChoices} />
            </span>
          }
          tertiaryText={
            <Tertiary>
              {details ? (
                <DueDateField source="nextDueAt" />
              ) : (
                <SelectField source="status" choices={statusChoices} />
              )}
            </Tertiary>
          }
          linkType="show"
        />
      ) : details ? (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="reference" />
          <DataTable.Col source="title" />
          <DataTable.Col source="procedure">
            <SelectField source="procedure" choices={procedureChoices} />
          </DataTable.Col>
          <DataTable.Col source="forum">
            <SelectField source="forum" choices={forumChoices} />
          </DataTable.Col>
          <DataTable.Col source="status">
            <SelectField source="status" choices={statusChoices} />
          </DataTable.Col>
          <DataTable.Col source="outcome">
            <SelectField source="outcome" choices={outcomeChoices} emptyText="—" />
          </DataTable.Col>
          <DataTable.NumberCol source="openDeadlines" disableSort />
          <DataTable.Col source="nextDueAt">
            <DueDateField source="nextDueAt" />
          </DataTable.Col>
          <DataTable.Col source="updatedAt">
            <ParisDateTimeField source="updatedAt" />
          </DataTable.Col>
        </DataTable>
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="title" />
          <DataTable.Col source="procedure">
            <SelectField source="procedure" choices={procedureChoices} />
          </DataTable.Col>
          <DataTable.Col source="forum">
            <SelectField source="forum" choices={forumChoices} />
          </DataTable.Col>
          <DataTable.Col source="status">
            <SelectField source="status" choices={statusChoices} />
          </DataTable.Col>
          <DataTable.Col source="outcome">
            <SelectField source="outcome" choices={outcomeChoices} emptyText="—" />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
