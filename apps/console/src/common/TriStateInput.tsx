import { SelectInput, type SelectInputProps } from 'react-admin';
import { fromTriStateOption, toTriStateOption, TRI_STATE_UNKNOWN } from './triState';

const YES_NO = [
  { id: 'true', name: 'vigie.triState.true' },
  { id: 'false', name: 'vigie.triState.false' },
];

/**
 * Oui / Non / Inconnu for a `boolean | null` field. "Inconnu" is the select's empty option, so a
 * field left alone is sent as null (not known), never as false.
 */
export const TriStateInput = (props: Omit<SelectInputProps, 'choices'>) => (
  <SelectInput
    choices={YES_NO}
    emptyValue={TRI_STATE_UNKNOWN}
    emptyText="vigie.triState.unknown"
    format={toTriStateOption}
    parse={fromTriStateOption}
    defaultValue={null}
    {...props}
  />
);
