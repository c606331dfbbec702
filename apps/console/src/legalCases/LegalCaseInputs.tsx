import Typography from '@mui/material/Typography';
import {
  AutocompleteInput,
  DateInput,
  maxLength,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import {
  LEGAL_CASE_STATUSES,
  LEGAL_FORUMS,
  LEGAL_OUTCOMES,
  LEGAL_PROCEDURES,
  LIMITS,
  type AttachmentRecord,
} from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { Section } from '../common/Section';
import { fileKind } from '../evidence/format';
import { PerimeterInput } from '../geo/PerimeterInput';
import { caseLabel } from './LegalCaseTitle';
import { hasOutcome } from './payload';

const shortText = maxLength(LIMITS.shortText);
const longText = maxLength(LIMITS.longText);
const requiredShort = [required(), shortText];

/** The outcome, once the case is decided (the API refuses one before). */
const OutcomeInput = () => {
  const status: unknown = useWatch({ name: 'status' });
  if (!hasOutcome(status)) return null;
  return <SelectInput source="outcome" choices={vocabularyChoices(LEGAL_OUTCOMES)} emptyText="—" />;
};

/** The case this one appeals; the API refuses a cycle (a case appealing its own appeal). */
const ParentCaseInput = () => (
  <ReferenceInput source="parentCaseId" reference="legal-cases" sort={{ field: 'updatedAt', order: 'DESC' }}>
    <AutocompleteInput
      optionText={caseLabel}
      helperText="vigie.legal.parentHelp"
      filterToQuery={(q) => (q ? { q } : {})}
    />
  </ReferenceInput>
);

/** The act's text: one of the PDF files of this case (added in its « Fichiers » tab). */
const ActDocumentInput = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const caseId = record?.id ? String(record.id) : null;
  const { data } = useGetList<AttachmentRecord>(
    'attachments',
    {
      filter: { legalCaseId: caseId },
      sort: { field: 'createdAt', order: 'ASC' },
      pagination: { page: 1, perPage: 200 },
    },
    { enabled: caseId !== null },
  );
  if (!caseId) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('vigie.legal.actDocumentAfterCreate')}
      </Typography>
    );
  }
  const choices = (data ?? [])
    .filter((file) => fileKind(file.mimeType) === 'pdf')
    .map((file) => ({ id: file.id, name: file.originalName }));
  return (
    <SelectInput
      source="challengedAct.documentId"
      choices={choices}
      emptyText="vigie.legal.actDocumentNone"
      helperText="vigie.legal.actDocumentHelp"
    />
  );
};

/** Inputs shared by LegalCaseCreate and LegalCaseEdit (admin and legal: restricted fields included). */
export const LegalCaseInputs = () => (
  <>
    <Section title="vigie.legal.sections.case" />
    <TextInput source="reference" validate={requiredShort} helperText="vigie.legal.referenceHelp" />
    <TextInput source="title" validate={requiredShort} />
    <SelectInput source="procedure" choices={vocabularyChoices(LEGAL_PROCEDURES)} validate={required()} />
    <SelectInput source="forum" choices={vocabularyChoices(LEGAL_FORUMS)} validate={required()} />
    <TextInput source="courtReference" validate={shortText} />
    <SelectInput source="status" choices={vocabularyChoices(LEGAL_CASE_STATUSES)} validate={required()} />
    <OutcomeInput />
    <ParentCaseInput />

    <Section title="vigie.legal.sections.parties" />
    <TextInput
      source="claimants"
      multiline
      minRows={2}
      validate={longText}
      helperText="vigie.legal.restrictedHelp"
    />
    <TextInput source="respondents" multiline minRows={2} validate={longText} />
    <TextInput source="lawyer" validate={shortText} />

    <Section title="vigie.legal.sections.texts" />
    <TextInput source="summary" multiline minRows={3} validate={longText} />
    <TextInput
      source="publicSummary"
      multiline
      minRows={2}
      validate={longText}
      helperText="vigie.legal.publicHelp"
    />
    <TextInput
      source="confidentialNotes"
      multiline
      minRows={3}
      validate={longText}
      helperText="vigie.legal.restrictedHelp"
    />

    <Section title="vigie.legal.sections.act" />
    <TextInput source="challengedAct.reference" validate={shortText} />
    <TextInput source="challengedAct.title" validate={shortText} />
    <TextInput source="challengedAct.authority" validate={shortText} />
    <DateInput source="challengedAct.signedOn" />
    <DateInput source="challengedAct.publishedOn" helperText="vigie.legal.publishedOnHelp" />
    <DateInput source="challengedAct.validFrom" />
    <DateInput source="challengedAct.validTo" helperText="vigie.legal.validToHelp" />
    <PerimeterInput
      source="challengedAct.perimeter"
      label="resources.legal-cases.fields.challengedAct.perimeter"
    />
    <ActDocumentInput />
  </>
);
