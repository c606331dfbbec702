import { DateInput, maxLength, required, SelectInput, TextInput, regex } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { LEGAL_EVENT_KINDS, LEGAL_OUTCOMES, LIMITS } from '@vigie/domain';
import { vocabularyChoices } from '../../common/choices';
import { eventFieldsFor } from '../payload';

const label = (field: string) => `resources.legal-case-events.fields.${field}`;
const shortText = maxLength(LIMITS.shortText);
const longText = maxLength(LIMITS.longText);
const time = regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'vigie.legal.events.timeFormat');

/** An event of the chronology: its kind decides which of the other inputs apply. */
export const EventInputs = () => {
  const kind: unknown = useWatch({ name: 'kind' });
  const { decision, scheduled } = eventFieldsFor(kind);
  return (
    <>
      <SelectInput
        source="kind"
        label={label('kind')}
        choices={vocabularyChoices(LEGAL_EVENT_KINDS)}
        validate={required()}
      />
      <DateInput source="date" label={label('date')} validate={required()} />
      {scheduled ? (
        <TextInput
          source="time"
          label={label('time')}
          type="time"
          validate={time}
          helperText="vigie.legal.events.timeHelp"
          slotProps={{ inputLabel: { shrink: true } }}
        />
      ) : null}
      <TextInput source="title" label={label('title')} validate={[required(), shortText]} />
      <TextInput source="details" label={label('details')} multiline minRows={2} validate={longText} />
      {decision ? (
        <>
          <SelectInput
            source="outcome"
            label={label('outcome')}
            choices={vocabularyChoices(LEGAL_OUTCOMES)}
            emptyText="—"
          />
          <DateInput
            source="notifiedOn"
            label={label('notifiedOn')}
            helperText="vigie.legal.events.notifiedHelp"
          />
        </>
      ) : null}
      {scheduled ? (
        <>
          <TextInput source="room" label={label('room')} validate={shortText} />
          <TextInput source="judge" label={label('judge')} validate={shortText} />
        </>
      ) : null}
    </>
  );
};
