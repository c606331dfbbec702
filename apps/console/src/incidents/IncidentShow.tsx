import { RecordSourceField } from '../common/RecordSourceField';
import {
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
import { AREAS, FORCE_UNITS, INCIDENT_TYPES, REVIEW_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { DeletedNotice } from '../common/DeletedNotice';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { RestoreButton } from '../common/RestoreButton';
import { Section } from '../common/Section';
import { TriStateField } from '../common/TriStateField';
import { VocabularyListField } from '../common/VocabularyListField';
import { PointField } from '../geo/PointField';
import { RecordEvidencePanel } from '../evidence';
import { RecordHistory } from '../history/RecordHistory';
import { ObservationTitle } from '../observations/ObservationTitle';
import { ReviewButtons, ReviewCommentNotice } from '../review/ReviewButtons';
import { ConsentField } from './ConsentField';
import { IncidentTitle } from './IncidentTitle';

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

/**
 * The testimony is restricted: the API leaves the field out for the roles that may not read it, so
 * the section exists only when the record carries the field (admin, legal).
 */
const TestimonySection = () => {
  const record = useRecordContext();
  if (!record || !Object.hasOwn(record, 'testimony')) return null;
  return (
    <>
      <Section title="vigie.sections.testimony" />
      <TextField source="testimony" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
    </>
  );
};

export const IncidentShow = () => (
  <Show actions={<ShowActions />} title={<IncidentTitle />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="vigie.tabs.record">
        <DeletedNotice />
        <ReviewCommentNotice />
        <Section title="vigie.sections.what" />
        <SelectField source="type" choices={vocabularyChoices(INCIDENT_TYPES)} />
        <ParisDateTimeField source="occurredAt" />
        <ReferenceField source="observationId" reference="observations" link="show" emptyText="—">
          <ObservationTitle />
        </ReferenceField>

        <Section title="vigie.sections.where" />
        <PointField source="location" />
        <ReferenceField source="communeCode" reference="communes" emptyText="—" />
        <SelectField source="area" choices={vocabularyChoices(AREAS)} emptyText="—" />

        <Section title="vigie.sections.people" />
        <NumberField source="victimCount" emptyText="—" />
        <NumberField source="minorCount" emptyText="—" />
        <TriStateField source="injured" />
        <TriStateField source="medicalCare" />

        <Section title="vigie.sections.perpetrators" />
        <VocabularyListField source="perpetrators" vocabulary={FORCE_UNITS} />

        <Section title="vigie.sections.narrative" />
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextField source="publicSummary" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TestimonySection />

        <Section title="vigie.sections.consent" />
        <ConsentField source="consent" label={false} />

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
      <TabbedShowLayout.Tab label="vigie.evidence.tab" path="files">
        <RecordEvidencePanel ownerType="incident" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="vigie.tabs.history" path="history">
        <RecordHistory />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
