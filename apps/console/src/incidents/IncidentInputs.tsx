import Typography from '@mui/material/Typography';
import {
  AutocompleteInput,
  BooleanInput,
  DateTimeInput,
  maxLength,
  minValue,
  NumberInput,
  ReferenceInput,
  required,
  SelectArrayInput,
  SelectInput,
  TextInput,
  useTranslate,
} from 'react-admin';
import { CONSENT_SCOPES, FORCE_UNITS, INCIDENT_TYPES, LIMITS } from '@vigie/domain';
import { useCanReadRestricted } from '../auth/useCanReadRestricted';
import { vocabularyChoices } from '../common/choices';
import { fromParisInputValue, toParisInputValue } from '../common/parisTime';
import { Section } from '../common/Section';
import { TriStateInput } from '../common/TriStateInput';
import { integer } from '../common/validators';
import { LocationInput } from '../geo/LocationInput';
import { useObservationLabel } from '../observations/ObservationTitle';
import { validTimestamp } from '../observations/validation';
import { validateIncidentLocation, validateMinorCount } from './validation';

const typeChoices = vocabularyChoices(INCIDENT_TYPES);
const unitChoices = vocabularyChoices(FORCE_UNITS);

const count = [minValue(0), integer];
const minorCount = [minValue(0), integer, validateMinorCount];
const longText = maxLength(LIMITS.longText);
const occurredAtRules = [required(), validTimestamp];
const locationRules = [validateIncidentLocation];

/** The linked observation, picked by its kind and date (the search runs on its description). */
const ObservationPicker = () => {
  const label = useObservationLabel();
  return (
    <ReferenceInput
      source="observationId"
      reference="observations"
      sort={{ field: 'startedAt', order: 'DESC' }}
    >
      <AutocompleteInput optionText={label} />
    </ReferenceInput>
  );
};

/**
 * The testimony is restricted (admin, legal). Any role that may create an incident may write one
 * when creating it; on an edit, only a role that reads it sees the input, so the others never send
 * the field (the API would refuse it).
 */
const TestimonyInput = ({ mode }: { mode: 'create' | 'edit' }) => {
  const canRead = useCanReadRestricted();
  if (canRead === undefined || (mode === 'edit' && !canRead)) return null;
  return (
    <>
      <Section title="vigie.sections.testimony" />
      <TextInput
        source="testimony"
        multiline
        minRows={4}
        validate={longText}
        helperText={canRead ? 'vigie.incident.testimonyHelp' : 'vigie.incident.testimonyWriteOnly'}
      />
    </>
  );
};

const ConsentInputs = () => {
  const translate = useTranslate();
  return (
    <>
      <Section title="vigie.sections.consent" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('vigie.incident.consentHelp')}
      </Typography>
      {CONSENT_SCOPES.codes.map((scope) => (
        <BooleanInput
          key={scope}
          source={`consent.${scope}`}
          defaultValue={false}
          helperText={`vigie.incident.consentHelps.${scope}`}
        />
      ))}
    </>
  );
};

/** Inputs shared by IncidentCreate and IncidentEdit. */
export const IncidentInputs = ({ mode }: { mode: 'create' | 'edit' }) => (
  <>
    <Section title="vigie.sections.what" />
    <SelectInput source="type" choices={typeChoices} validate={required()} />
    <DateTimeInput
      source="occurredAt"
      format={toParisInputValue}
      parse={fromParisInputValue}
      validate={occurredAtRules}
    />
    <ObservationPicker />

    <Section title="vigie.sections.where" />
    <LocationInput source="location" validate={locationRules} helperText="vigie.incident.locationHelp" />

    <Section title="vigie.sections.people" />
    <NumberInput source="victimCount" min={0} step={1} validate={count} />
    <NumberInput source="minorCount" min={0} step={1} validate={minorCount} />
    <TriStateInput source="injured" />
    <TriStateInput source="medicalCare" />

    <Section title="vigie.sections.perpetrators" />
    <SelectArrayInput source="perpetrators" choices={unitChoices} />

    <Section title="vigie.sections.narrative" />
    <TextInput source="description" multiline minRows={4} validate={longText} />
    <TextInput source="publicSummary" multiline minRows={2} validate={longText} />
    <TestimonyInput mode={mode} />

    <ConsentInputs />
  </>
);
