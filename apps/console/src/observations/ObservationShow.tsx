import {
  ArrayField,
  BooleanField,
  DataTable,
  DeleteButton,
  EditButton,
  ListButton,
  NumberField,
  ReferenceField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import {
  AREAS,
  FORCE_UNITS,
  LEGAL_BASES,
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  SEIZURE_ITEMS,
} from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { DeletedNotice } from '../common/DeletedNotice';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { RestoreButton } from '../common/RestoreButton';
import { Section } from '../common/Section';
import { TriStateField } from '../common/TriStateField';
import { PointField } from '../geo/PointField';
import { ObservationTitle } from './ObservationTitle';

const ShowActions = () => {
  const record = useRecordContext();
  const deleted = record?.deletedAt != null;
  return (
    <TopToolbar>
      <ListButton />
      {deleted ? <RestoreButton /> : <EditButton />}
      {deleted ? null : <DeleteButton />}
    </TopToolbar>
  );
};

export const ObservationShow = () => (
  <Show actions={<ShowActions />} title={<ObservationTitle />}>
    <SimpleShowLayout>
      <DeletedNotice />
      <Section title="vigie.sections.what" />
      <SelectField source="kind" choices={vocabularyChoices(OBSERVATION_KINDS)} />
      <ParisDateTimeField source="startedAt" />
      <ParisDateTimeField source="endedAt" emptyText="—" />

      <Section title="vigie.sections.where" />
      <PointField source="location" />
      <NumberField source="locationAccuracyM" emptyText="—" />
      <ReferenceField source="communeCode" reference="communes" emptyText="—" />
      <SelectField source="area" choices={vocabularyChoices(AREAS)} emptyText="—" />
      <ReferenceField source="siteId" reference="sites" emptyText="—" />

      <Section title="vigie.sections.forces" />
      <ArrayField source="forces">
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="unit">
            <SelectField source="unit" choices={vocabularyChoices(FORCE_UNITS)} />
          </DataTable.Col>
          <DataTable.NumberCol source="vehicles" />
          <DataTable.NumberCol source="officers" />
          <DataTable.Col source="identifiers" />
        </DataTable>
      </ArrayField>

      <Section title="vigie.sections.seizures" />
      <ArrayField source="seizures">
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="item">
            <SelectField source="item" choices={vocabularyChoices(SEIZURE_ITEMS)} />
          </DataTable.Col>
          <DataTable.NumberCol source="quantity" />
          <DataTable.Col source="destroyed">
            <BooleanField source="destroyed" />
          </DataTable.Col>
        </DataTable>
      </ArrayField>

      <Section title="vigie.sections.people" />
      <NumberField source="peopleEvicted" emptyText="—" />
      <NumberField source="minorsSeen" emptyText="—" />
      <NumberField source="arrests" />
      <BooleanField source="countsReliable" />

      <Section title="vigie.sections.legal" />
      <SelectField source="legalBasis" choices={vocabularyChoices(LEGAL_BASES)} emptyText="—" />
      <TextField source="legalBasisDetails" emptyText="—" />
      <TriStateField source="interpretersPresent" />
      <TriStateField source="bailiffPresent" />
      <TriStateField source="contractorPresent" />
      <TextField source="contractorName" emptyText="—" />

      <Section title="vigie.sections.shelter" />
      <TriStateField source="shelterOffered" />
      <NumberField source="shelterBuses" emptyText="—" />
      <NumberField source="peopleSheltered" emptyText="—" />

      <Section title="vigie.sections.notes" />
      <TriStateField source="observationObstructed" />
      <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />

      <Section title="vigie.sections.review" />
      <SelectField source="status" choices={vocabularyChoices(REVIEW_STATUSES)} />
      <TextField source="reviewComment" emptyText="—" />

      <Section title="vigie.sections.record" />
      <TextField source="id" />
      <ParisDateTimeField source="createdAt" />
      <ParisDateTimeField source="updatedAt" />
      <NumberField source="version" />
    </SimpleShowLayout>
  </Show>
);
