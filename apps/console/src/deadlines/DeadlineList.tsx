import Stack from '@mui/material/Stack';
import { useMediaQuery, type Theme } from '@mui/material';
import {
  DataTable,
  FilterButton,
  Link,
  List,
  SelectField,
  SimpleList,
  TopToolbar,
  useLocaleState,
  useRecordContext,
  type RaRecord,
} from 'react-admin';
import { DEADLINE_STATUSES, type DeadlineRecord } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { caseTabPath } from '../legalCases';
import { useLegalRules } from '../legalRules/useLegalRules';
import { DueDateField } from './DueDate';
import { DEFAULT_DEADLINE_FILTER, deadlineFilters } from './deadlineFilters';
import { ToConfirmBadge } from './RuleBadge';

const statusChoices = vocabularyChoices(DEADLINE_STATUSES);

/** The case a deadline belongs to, as a link to its « Échéances » tab. */
export const DeadlineCaseField = () => {
  const record = useRecordContext<DeadlineRecord>();
  if (!record) return null;
  return (
    <Link
      to={caseTabPath(record.caseId, 'deadlines')}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
    >
      {record.caseReference} — {record.caseTitle}
    </Link>
  );
};

/** The rule a deadline was computed by, in the console's language, with « à confirmer ». */
export const DeadlineRuleField = () => {
  const record = useRecordContext<DeadlineRecord>();
  const [locale] = useLocaleState();
  const { data: rules } = useLegalRules(record?.rule != null);
  if (!record?.rule) return <span>—</span>;
  const rule = rules?.find((candidate) => candidate.code === record.rule);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
      <span>{rule ? `${rule.title[locale === 'en' ? 'en' : 'fr']} (${rule.citation})` : record.rule}</span>
      <ToConfirmBadge confirmed={record.ruleConfirmed} />
    </Stack>
  );
};

/** On a phone, under the title: when, and which case. */
const DueAndCase = () => {
  const record = useRecordContext<DeadlineRecord>();
  if (!record) return null;
  return (
    <Stack component="span" spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      <DueDateField source="dueAt" />
      <span>
        {record.caseReference} — {record.caseTitle}
      </span>
    </Stack>
  );
};

const toCase = (_id: unknown, _resource: string, record: RaRecord) =>
  caseTabPath(String((record as unknown as DeadlineRecord).caseId), 'deadlines');

/**
 * Every case's deadlines, soonest first; open ones unless asked otherwise. A row opens its case's
 * « Échéances » tab.
 */
export const DeadlineList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <List
      resource="deadlines"
      // The page around the list has the title.
      title={false}
      filters={deadlineFilters}
      filterDefaultValues={DEFAULT_DEADLINE_FILTER}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={50}
      actions={
        <TopToolbar>
          <FilterButton />
        </TopToolbar>
      }
      empty={false}
      storeKey="deadlines.list"
    >
      {isSmall ? (
        <SimpleList
          primaryText={(record) => String(record.title ?? '')}
          secondaryText={<DueAndCase />}
          rowClick={toCase}
        />
      ) : (
        <DataTable rowClick={toCase} bulkActionButtons={false} data-testid="deadlines-table">
          <DataTable.Col source="dueAt">
            <DueDateField source="dueAt" />
          </DataTable.Col>
          <DataTable.Col source="title" />
          <DataTable.Col source="caseReference" label="resources.deadlines.fields.caseId">
            <DeadlineCaseField />
          </DataTable.Col>
          <DataTable.Col source="rule" disableSort>
            <DeadlineRuleField />
          </DataTable.Col>
          <DataTable.Col source="status">
            <SelectField source="status" choices={statusChoices} />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
