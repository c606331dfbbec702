import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  DateTimeInput,
  maxLength,
  minValue,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import { FORCE_UNITS, LEGAL_BASES, LIMITS, OBSERVATION_KINDS, SEIZURE_ITEMS } from '@vigie/domain';
import { AddRowButton } from '../common/AddRowButton';
import { vocabularyChoices } from '../common/choices';
import { fromParisInputValue, toParisInputValue } from '../common/parisTime';
import { Section } from '../common/Section';
import { TriStateInput } from '../common/TriStateInput';
import { integer, maxRows } from '../common/validators';
import { LocationInput } from '../geo/LocationInput';
import { validateEndedAt, validTimestamp } from './validation';

const kindChoices = vocabularyChoices(OBSERVATION_KINDS);
const unitChoices = vocabularyChoices(FORCE_UNITS);
const itemChoices = vocabularyChoices(SEIZURE_ITEMS);
const legalBasisChoices = vocabularyChoices(LEGAL_BASES);

const count = [minValue(0), integer];
const requiredCount = [required(), minValue(0), integer];
const shortText = maxLength(LIMITS.shortText);
const longText = maxLength(LIMITS.longText);

/** Inputs shared by ObservationCreate and ObservationEdit, in the order things are seen on site. */
export const ObservationInputs = () => (
  <>
    <Section title="vigie.sections.what" />
    <SelectInput source="kind" choices={kindChoices} validate={required()} />
    <DateTimeInput
      source="startedAt"
      format={toParisInputValue}
      parse={fromParisInputValue}
      validate={[required(), validTimestamp]}
    />
    <DateTimeInput
      source="endedAt"
      format={toParisInputValue}
      parse={fromParisInputValue}
      validate={validateEndedAt}
    />

    <Section title="vigie.sections.where" />
    <LocationInput source="location" accuracySource="locationAccuracyM" />
    <NumberInput source="locationAccuracyM" min={0} validate={minValue(0)} />
    <ReferenceInput source="siteId" reference="sites" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput optionText="name" />
    </ReferenceInput>

    <Section title="vigie.sections.forces" />
    <ArrayInput source="forces" validate={maxRows}>
      <SimpleFormIterator
        inline
        disableReordering
        addButton={<AddRowButton label="vigie.actions.addForce" />}
      >
        <SelectInput source="unit" choices={unitChoices} validate={required()} />
        <NumberInput source="vehicles" min={0} step={1} validate={count} />
        <NumberInput source="officers" min={0} step={1} validate={count} />
        <TextInput source="identifiers" validate={shortText} />
      </SimpleFormIterator>
    </ArrayInput>

    <Section title="vigie.sections.seizures" />
    <ArrayInput source="seizures" validate={maxRows}>
      <SimpleFormIterator
        inline
        disableReordering
        addButton={<AddRowButton label="vigie.actions.addSeizure" />}
      >
        <SelectInput source="item" choices={itemChoices} validate={required()} />
        <NumberInput source="quantity" min={0} step={1} validate={requiredCount} />
        <BooleanInput source="destroyed" defaultValue={false} />
      </SimpleFormIterator>
    </ArrayInput>

    <Section title="vigie.sections.people" />
    <NumberInput source="peopleEvicted" min={0} step={1} validate={count} />
    <NumberInput source="minorsSeen" min={0} step={1} validate={count} />
    <NumberInput source="arrests" min={0} step={1} validate={requiredCount} />
    <BooleanInput source="countsReliable" />

    <Section title="vigie.sections.legal" />
    <SelectInput source="legalBasis" choices={legalBasisChoices} />
    <TextInput source="legalBasisDetails" validate={shortText} />
    <TriStateInput source="interpretersPresent" />
    <TriStateInput source="bailiffPresent" />
    <TriStateInput source="contractorPresent" />
    <TextInput source="contractorName" validate={shortText} />

    <Section title="vigie.sections.shelter" />
    <TriStateInput source="shelterOffered" />
    <NumberInput source="shelterBuses" min={0} step={1} validate={count} />
    <NumberInput source="peopleSheltered" min={0} step={1} validate={count} />

    <Section title="vigie.sections.notes" />
    <TriStateInput source="observationObstructed" />
    <TextInput source="description" multiline minRows={4} validate={longText} />
  </>
);
