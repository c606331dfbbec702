import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import {
  ChipField,
  Labeled,
  Link,
  NumberField,
  ReferenceArrayField,
  SelectField,
  SingleFieldList,
  TextField,
  useCreatePath,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import {
  LEGAL_CASE_STATUSES,
  LEGAL_FORUMS,
  LEGAL_OUTCOMES,
  LEGAL_PROCEDURES,
  type LegalCaseLink,
  type LegalCaseRecord,
} from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { DeletedNotice } from '../common/DeletedNotice';
import { LocalDateField } from '../common/LocalDateField';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { Section } from '../common/Section';
import { DueDateField } from '../deadlines/DueDate';
import { PerimeterField } from '../geo/PerimeterField';
import { caseLabel } from './LegalCaseTitle';

const Grid = ({ children }: { children: ReactNode }) => (
  <Box
    sx={{
      display: 'grid',
      gap: 2,
      gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, minmax(0, 1fr))', lg: 'repeat(3, minmax(0, 1fr))' },
      width: '100%',
    }}
  >
    {children}
  </Box>
);

/** A text that may run long, on the whole width. */
const LongText = ({ source }: { source: string }) => (
  <Box sx={{ width: '100%', mt: 1 }}>
    <Labeled>
      <TextField source={source} emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
    </Labeled>
  </Box>
);

const CaseLinks = ({ cases }: { cases: readonly LegalCaseLink[] }) => {
  const createPath = useCreatePath();
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {cases.map((item) => (
        <li key={item.id}>
          <Link to={createPath({ resource: 'legal-cases', id: item.id, type: 'show' })}>
            {caseLabel(item)}
          </Link>
        </li>
      ))}
    </Box>
  );
};

/** The appeal chain: the case this one appeals, and those that appeal it. */
const AppealChain = ({ record }: { record: LegalCaseRecord }) => {
  const translate = useTranslate();
  return (
    <Grid>
      <Labeled label="resources.legal-cases.fields.parent">
        {record.parent ? <CaseLinks cases={[record.parent]} /> : <Typography variant="body2">—</Typography>}
      </Labeled>
      <Labeled label="resources.legal-cases.fields.appeals">
        {record.appeals.length > 0 ? (
          <CaseLinks cases={record.appeals} />
        ) : (
          <Typography variant="body2">{translate('vigie.legal.noAppeals')}</Typography>
        )}
      </Labeled>
    </Grid>
  );
};

/** The challenged act: its references and dates, its perimeter on a map, its text. */
const ChallengedActSection = ({ record }: { record: LegalCaseRecord }) => {
  const translate = useTranslate();
  const act = record.challengedAct;
  if (!act) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('vigie.legal.noAct')}
      </Typography>
    );
  }
  return (
    <>
      <Grid>
        <Labeled>
          <TextField source="challengedAct.reference" emptyText="—" />
        </Labeled>
        <Labeled>
          <TextField source="challengedAct.title" emptyText="—" />
        </Labeled>
        <Labeled>
          <TextField source="challengedAct.authority" emptyText="—" />
        </Labeled>
        <Labeled>
          <LocalDateField source="challengedAct.signedOn" emptyText="—" />
        </Labeled>
        <Labeled>
          <LocalDateField source="challengedAct.publishedOn" emptyText="—" />
        </Labeled>
        <Labeled>
          <LocalDateField source="challengedAct.validFrom" emptyText="—" />
        </Labeled>
        <Labeled>
          <LocalDateField source="challengedAct.validTo" emptyText={translate('vigie.legal.noEnd')} />
        </Labeled>
        <Labeled label="resources.legal-cases.fields.challengedAct.documentId">
          {act.documentId ? (
            <Button
              aria-label={translate('vigie.legal.openDocument')}
              size="small"
              href={`/api/attachments/${encodeURIComponent(act.documentId)}/content`}
              target="_blank"
              rel="noopener"
              startIcon={<OpenInNewIcon />}
              sx={{ justifyContent: 'flex-start' }}
            >
              {translate('vigie.legal.openDocument')}
            </Button>
          ) : (
            <Typography variant="body2">—</Typography>
          )}
        </Labeled>
      </Grid>
      <Labeled label="resources.legal-cases.fields.challengedAct.perimeter" sx={{ width: '100%', mt: 1 }}>
        <PerimeterField source="challengedAct.perimeter" emptyText={translate('vigie.perimeter.none')} />
      </Labeled>
    </>
  );
};

/**
 * « Résumé »: every field of the case the user may read. The restricted ones (claimants,
 * confidential notes) exist in the record only for admin and legal, and are shown only then;
 * communication's record holds the public fields alone.
 */
export const CaseSummary = () => {
  const record = useRecordContext<LegalCaseRecord>();
  if (!record) return null;
  const details = Object.hasOwn(record, 'reference');
  const has = (field: string) => Object.hasOwn(record, field);
  return (
    <Box sx={{ width: '100%' }} data-testid="case-summary">
      <DeletedNotice />
      <Section title="vigie.legal.sections.case" />
      <Grid>
        {details ? (
          <Labeled>
            <TextField source="reference" />
          </Labeled>
        ) : null}
        <Labeled>
          <TextField source="title" />
        </Labeled>
        <Labeled>
          <SelectField source="procedure" choices={vocabularyChoices(LEGAL_PROCEDURES)} />
        </Labeled>
        <Labeled>
          <SelectField source="forum" choices={vocabularyChoices(LEGAL_FORUMS)} />
        </Labeled>
        {details ? (
          <Labeled>
            <TextField source="courtReference" emptyText="—" />
          </Labeled>
        ) : null}
        <Labeled>
          <SelectField source="status" choices={vocabularyChoices(LEGAL_CASE_STATUSES)} />
        </Labeled>
        <Labeled>
          <SelectField source="outcome" choices={vocabularyChoices(LEGAL_OUTCOMES)} emptyText="—" />
        </Labeled>
        {details ? (
          <>
            <Labeled>
              <NumberField source="openDeadlines" />
            </Labeled>
            <Labeled label="resources.legal-cases.fields.nextDueAt">
              <DueDateField source="nextDueAt" />
            </Labeled>
          </>
        ) : null}
      </Grid>
      <LongText source="publicSummary" />

      {details ? (
        <>
          <Section title="vigie.legal.sections.parties" />
          <Grid>
            {has('claimants') ? <LongText source="claimants" /> : null}
            <LongText source="respondents" />
            <Labeled>
              <TextField source="lawyer" emptyText="—" />
            </Labeled>
          </Grid>

          <Section title="vigie.legal.sections.texts" />
          <LongText source="summary" />
          {has('confidentialNotes') ? <LongText source="confidentialNotes" /> : null}

          <Section title="vigie.legal.sections.chain" />
          <AppealChain record={record} />

          <Section title="vigie.legal.sections.act" />
          <ChallengedActSection record={record} />

          <Section title="vigie.legal.sections.sites" />
          <ReferenceArrayField source="siteIds" reference="sites" label={false}>
            <SingleFieldList linkType="show" empty={<Typography variant="body2">—</Typography>}>
              <ChipField source="name" size="small" />
            </SingleFieldList>
          </ReferenceArrayField>

          <Section title="vigie.sections.record" />
          <Grid>
            <Labeled>
              <TextField source="id" />
            </Labeled>
            <Labeled>
              <ParisDateTimeField source="createdAt" />
            </Labeled>
            <Labeled>
              <ParisDateTimeField source="updatedAt" />
            </Labeled>
            <Labeled>
              <NumberField source="version" />
            </Labeled>
          </Grid>
        </>
      ) : null}
    </Box>
  );
};
