import Typography from '@mui/material/Typography';
import { useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateInput,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { actionLabel, resourceOfEntity } from '../history/changes';
import { ChangeLines } from '../history/RecordHistory';
import { ChainCheck } from './ChainCheck';

const auditFilters = [
  <ReferenceInput key="actorId" source="actorId" reference="users" alwaysOn>
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
  <DateInput key="from" source="at_gte" label="vigie.filters.from" alwaysOn />,
  <DateInput key="to" source="at_lte" label="vigie.filters.to" alwaysOn />,
  <TextInput key="action" source="action" />,
  <TextInput key="entity" source="entity" />,
  <TextInput key="entityId" source="entityId" />,
];

/** The actor's name as the event recorded it; the account otherwise; "système" without actor. */
const ActorField = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  if (typeof record.actorName === 'string' && record.actorName !== '') {
    return (
      <Typography component="span" variant="body2">
        {record.actorName}
      </Typography>
    );
  }
  if (record.actorId) return <ReferenceField source="actorId" reference="users" link={false} />;
  return (
    <Typography component="span" variant="body2">
      {translate('vigie.history.unknownActor')}
    </Typography>
  );
};

const ActionField = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (typeof record?.action !== 'string') return null;
  const resource = typeof record.entity === 'string' ? resourceOfEntity(record.entity) : undefined;
  return (
    <Typography component="span" variant="body2">
      {actionLabel(record.action, translate, resource)}
    </Typography>
  );
};

/** The changed fields, labelled like the entity's own form. */
const DiffField = () => {
  const record = useRecordContext();
  if (!record || typeof record.entity !== 'string') return null;
  return (
    <ChangeLines
      resource={resourceOfEntity(record.entity)}
      diff={record.diff}
      action={typeof record.action === 'string' ? record.action : undefined}
    />
  );
};

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
  </TopToolbar>
);

/** Append-only: nothing here can be changed, so no row leads to a form. */
export const AuditEventList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <>
      <ChainCheck />
      <List
        sort={{ field: 'id', order: 'DESC' }}
        filters={auditFilters}
        actions={<ListActions />}
        title="vigie.menu.audit"
        perPage={50}
      >
        {isSmall ? (
          <SimpleList
            primaryText={<ActionField />}
            secondaryText={
              <span>
                <ParisDateTimeField source="at" />
                {' · '}
                <ActorField />
              </span>
            }
            tertiaryText={(record) =>
              `${String(record.entity)} ${record.entityId ? `#${String(record.entityId)}` : ''}`
            }
            linkType={false}
          />
        ) : (
          <DataTable rowClick={false} bulkActionButtons={false}>
            <DataTable.Col source="id" />
            <DataTable.Col source="at">
              <ParisDateTimeField source="at" />
            </DataTable.Col>
            <DataTable.Col source="actorId" label="resources.audit-events.fields.actorName" disableSort>
              <ActorField />
            </DataTable.Col>
            <DataTable.Col source="action" disableSort>
              <ActionField />
            </DataTable.Col>
            <DataTable.Col source="entity" disableSort />
            <DataTable.Col source="entityId" disableSort />
            <DataTable.Col source="diff" disableSort>
              <DiffField />
            </DataTable.Col>
          </DataTable>
        )}
      </List>
    </>
  );
};
