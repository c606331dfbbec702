import { RecordSourceField } from '../common/RecordSourceField';
import {
  BooleanField,
  DeleteButton,
  EditButton,
  ListButton,
  NumberField,
  ReferenceField,
  SelectField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { AREAS, LEGAL_BASES, OBSERVATION_KINDS, REVIEW_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { DeletedNotice } from '../common/DeletedNotice';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { RestoreButton } from '../common/RestoreButton';
import { Section } from '../common/Section';
import { TriStateField } from '../common/TriStateField';
import { PointField } from '../geo/PointField';
import { MergedNotice, PossibleDuplicateMarker, RecordDuplicatesPanel } from '../duplicates';
import { RecordEvidencePanel } from '../evidence';
import { RecordHistory } from '../history/RecordHistory';
import { ObservationIncidents } from '../incidents/ObservationIncidents';
import { ReviewButtons, ReviewCommentNotice } from '../review/ReviewButtons';
import { ForcesField, SeizuresField } from './ChildRowsFields';
import { ObservationTitle } from './ObservationTitle';

const ShowActions = () => {
  const record = useRecordContext();
  const deleted = record?.deletedAt != null;
  return (
    <TopToolbar>
      <ListButton />
      <ReviewButtons />
      {deleted ? <RestoreButton /> : <EditButton />}
      {deleted ? null : <DeleteButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
};

/** The page header: the observation's label, with the "doublon possible" marker when it applies. */
const ObservationShowTitle = () => (
  <span>
    <ObservationTitle />
    <PossibleDuplicateMarker />
  </span>
);

export const ObservationShow = () => (
  <Show actions={<ShowActions />} title={<ObservationShowTitle />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="vigie.tabs.record">
        <DeletedNotice />
        <ReviewCommentNotice />
        <MergedNotice />
        <RecordDuplicatesPanel />
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
        <ForcesField source="forces" />

        <Section title="vigie.sections.seizures" />
        <SeizuresField source="seizures" />

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
        <TextField source="reviewComment" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />

        <Section title="vigie.sections.record" />
        <TextField source="id" />
        <RecordSourceField source="source" />
        <ParisDateTimeField source="createdAt" />
        <ParisDateTimeField source="updatedAt" />
        <NumberField source="version" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="vigie.tabs.incidents" path="incidents">
        <ObservationIncidents />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="vigie.evidence.tab" path="files">
        <RecordEvidencePanel ownerType="observation" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="vigie.tabs.history" path="history">
        <RecordHistory />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
