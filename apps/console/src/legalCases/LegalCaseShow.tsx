import EventIcon from '@mui/icons-material/Event';
import Button from '@mui/material/Button';
import {
  DeleteButton,
  EditButton,
  ListButton,
  Loading,
  Show,
  TabbedShowLayout,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { RestoreButton } from '../common/RestoreButton';
import { RecordEvidencePanel } from '../evidence';
import { RecordHistory } from '../history/RecordHistory';
import { CaseChronology } from './chronology/CaseChronology';
import { CaseSummary } from './CaseSummary';
import { CaseDeadlines } from './deadlines/CaseDeadlines';
import { CaseDossier } from './dossier/CaseDossier';
import { CaseEvidence } from './evidence/CaseEvidence';
import { LegalCaseTitle } from './LegalCaseTitle';
import { CASE_TABS } from './paths';
import { useCaseDetails } from './useCaseDetails';

export { CASE_TABS, caseTabPath } from './paths';

/** The case's hearings, for a calendar application (`GET /api/legal-cases/:id/hearings.ics`). */
const HearingsButton = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Button
      aria-label={translate('vigie.legal.hearingsIcs')}
      size="small"
      startIcon={<EventIcon />}
      href={`/api/legal-cases/${encodeURIComponent(String(record.id))}/hearings.ics`}
      download
    >
      {translate('vigie.legal.hearingsIcs')}
    </Button>
  );
};

const ShowActions = () => {
  const record = useRecordContext();
  const deleted = record?.deletedAt != null;
  return (
    <TopToolbar>
      <ListButton />
      <HearingsButton />
      {deleted ? <RestoreButton /> : <EditButton />}
      {deleted ? null : <DeleteButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
};

/**
 * A case, in tabs. Admin and legal: Résumé, Chronologie, Échéances, Preuves, Fichiers, Dossier,
 * Historique, and the buttons to change it. Communication: the public fields and the chronology,
 * nothing to change.
 */
export const LegalCaseShow = () => {
  const details = useCaseDetails();
  const dossiers = useCanAccess({ resource: 'case-dossiers', action: 'list' });
  if (details === undefined || dossiers.isPending) return <Loading />;
  const tabs = [
    <TabbedShowLayout.Tab key="summary" label="vigie.legal.tabs.summary">
      <CaseSummary />
    </TabbedShowLayout.Tab>,
    <TabbedShowLayout.Tab key="chronology" label="vigie.legal.tabs.chronology" path={CASE_TABS.chronology}>
      <CaseChronology />
    </TabbedShowLayout.Tab>,
  ];
  if (details) {
    tabs.push(
      <TabbedShowLayout.Tab key="deadlines" label="vigie.legal.tabs.deadlines" path={CASE_TABS.deadlines}>
        <CaseDeadlines />
      </TabbedShowLayout.Tab>,
      <TabbedShowLayout.Tab key="evidence" label="vigie.legal.tabs.evidence" path={CASE_TABS.evidence}>
        <CaseEvidence />
      </TabbedShowLayout.Tab>,
      <TabbedShowLayout.Tab key="files" label="vigie.legal.tabs.files" path={CASE_TABS.files}>
        <RecordEvidencePanel ownerType="legalCase" />
      </TabbedShowLayout.Tab>,
    );
  }
  if (details && dossiers.canAccess) {
    tabs.push(
      <TabbedShowLayout.Tab key="dossier" label="vigie.legal.tabs.dossier" path={CASE_TABS.dossier}>
        <CaseDossier />
      </TabbedShowLayout.Tab>,
    );
  }
  if (details) {
    tabs.push(
      <TabbedShowLayout.Tab key="history" label="vigie.tabs.history" path={CASE_TABS.history}>
        <RecordHistory />
      </TabbedShowLayout.Tab>,
    );
  }
  return (
    <Show actions={details ? <ShowActions /> : false} title={<LegalCaseTitle />}>
      <TabbedShowLayout>{tabs}</TabbedShowLayout>
    </Show>
  );
};
