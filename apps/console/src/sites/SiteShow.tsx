import {
  DataTable,
  DeleteButton,
  EditButton,
  ListButton,
  NumberField,
  ReferenceField,
  ReferenceManyField,
  SelectField,
  Show,
  TabbedShowLayout,
  TextArrayField,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { AREAS, OBSERVATION_KINDS, SITE_KINDS, SITE_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { DeletedNotice } from '../common/DeletedNotice';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { RestoreButton } from '../common/RestoreButton';
import { Section } from '../common/Section';
import { PointField } from '../geo/PointField';
import { RecordHistory } from '../history/RecordHistory';

const ShowActions = () => {
  const record = useRecordContext();
  const deleted = record?.deletedAt != null;
  return (
    <TopToolbar>
      <ListButton />
      {deleted ? <RestoreButton /> : <EditButton />}
      {deleted ? null : <DeleteButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
};

const SiteTitle = () => {
  const record = useRecordContext();
  return <span>{typeof record?.name === 'string' ? record.name : ''}</span>;
};

export const SiteShow = () => (
  <Show actions={<ShowActions />} title={<SiteTitle />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="vigie.tabs.record">
        <DeletedNotice />
        <TextField source="name" />
        <TextArrayField source="aliases" emptyText="—" />
        <SelectField source="kind" choices={vocabularyChoices(SITE_KINDS)} />
        <SelectField source="status" choices={vocabularyChoices(SITE_STATUSES)} />
        <PointField source="location" />
        <ReferenceField source="communeCode" reference="communes" emptyText="—" />
        <SelectField source="area" choices={vocabularyChoices(AREAS)} emptyText="—" />
        <TextField source="notes" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />

        <Section title="vigie.site.observations" />
        <ReferenceManyField
          reference="observations"
          target="siteId"
          sort={{ field: 'startedAt', order: 'DESC' }}
          perPage={10}
          label={false}
        >
          <DataTable rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="startedAt">
              <ParisDateTimeField source="startedAt" />
            </DataTable.Col>
            <DataTable.Col source="kind">
              <SelectField source="kind" choices={vocabularyChoices(OBSERVATION_KINDS)} />
            </DataTable.Col>
            <DataTable.NumberCol source="peopleEvicted" />
          </DataTable>
        </ReferenceManyField>

        <Section title="vigie.sections.record" />
        <TextField source="id" />
        <ParisDateTimeField source="createdAt" />
        <ParisDateTimeField source="updatedAt" />
        <NumberField source="version" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="vigie.tabs.history" path="history">
        <RecordHistory />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
