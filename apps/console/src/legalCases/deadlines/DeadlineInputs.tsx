import {
  DateInput,
  maxLength,
  RadioButtonGroupInput,
  required,
  SelectInput,
  TextInput,
  useLocaleState,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { LIMITS } from '@vigie/domain';
import { useLegalRules } from '../../legalRules/useLegalRules';

const label = (field: string) => `resources.legal-deadlines.fields.${field}`;
const shortText = maxLength(LIMITS.shortText);
const longText = maxLength(LIMITS.longText);

const modeChoices = [
  { id: 'date', name: 'vigie.legal.deadlines.byDate' },
  { id: 'rule', name: 'vigie.legal.deadlines.byRule' },
];

/** The rules, named in the console's language with the text they cite. */
const RuleInput = () => {
  const [locale] = useLocaleState();
  const { data, isPending } = useLegalRules();
  const lang = locale === 'en' ? 'en' : 'fr';
  const choices = (data ?? []).map((rule) => ({
    id: rule.code,
    name: `${rule.title[lang]} (${rule.citation})`,
  }));
  return (
    <SelectInput
      source="rule"
      label={label('rule')}
      choices={choices}
      isPending={isPending}
      validate={required()}
      translateChoice={false}
      helperText="vigie.legal.deadlines.ruleHelp"
    />
  );
};

/**
 * A deadline added by hand: a due date and a title, or a rule and the day it runs from (the API
 * computes the due date and says how). `computed`: one made by the engine, whose date follows its
 * source, so that only its title and notes are offered.
 */
export const DeadlineInputs = ({
  mode,
  computed = false,
}: {
  mode: 'create' | 'edit';
  computed?: boolean;
}) => {
  const chosen: unknown = useWatch({ name: 'mode' });
  const byRule = chosen === 'rule';
  if (computed) {
    return (
      <>
        <TextInput source="title" label={label('title')} validate={[required(), shortText]} />
        <TextInput source="notes" label={label('notes')} multiline minRows={2} validate={longText} />
      </>
    );
  }
  return (
    <>
      {mode === 'create' ? (
        <RadioButtonGroupInput source="mode" label="vigie.legal.deadlines.mode" choices={modeChoices} row />
      ) : null}
      {byRule ? (
        <>
          <RuleInput />
          <DateInput
            source="startsOn"
            label={label('startsOn')}
            validate={required()}
            helperText="vigie.legal.deadlines.startsOnHelp"
          />
          <TextInput
            source="title"
            label={label('title')}
            validate={shortText}
            helperText="vigie.legal.deadlines.titleFromRule"
          />
        </>
      ) : (
        <>
          <TextInput source="title" label={label('title')} validate={[required(), shortText]} />
          <DateInput source="dueAt" label={label('dueAt')} validate={required()} />
        </>
      )}
      <TextInput source="notes" label={label('notes')} multiline minRows={2} validate={longText} />
    </>
  );
};
