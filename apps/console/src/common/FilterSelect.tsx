import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import type { Vocabulary } from '@vigie/domain';
import { termKey } from './choices';

export interface FilterSelectProps {
  label: string;
  vocabulary: Vocabulary<string>;
  value: string | undefined;
  onChange: (value: string) => void;
  name: string;
}

/** A vocabulary filter outside a react-admin list (map pages); empty means "all". */
export const FilterSelect = ({ label, vocabulary, value, onChange, name }: FilterSelectProps) => {
  const translate = useTranslate();
  return (
    <TextField
      select
      label={translate(label)}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value)}
      name={name}
      fullWidth={false}
      sx={{ width: { xs: '100%', sm: 220 } }}
    >
      <MenuItem value="">
        <em>{translate('vigie.filters.all')}</em>
      </MenuItem>
      {vocabulary.codes.map((code) => (
        <MenuItem key={code} value={code}>
          {translate(termKey(vocabulary, code))}
        </MenuItem>
      ))}
    </TextField>
  );
};

export interface FilterDateProps {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  name: string;
}

/** A Paris local date (`YYYY-MM-DD`) filter outside a react-admin list. */
export const FilterDate = ({ label, value, onChange, name }: FilterDateProps) => {
  const translate = useTranslate();
  return (
    <TextField
      type="date"
      label={translate(label)}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value)}
      name={name}
      slotProps={{ inputLabel: { shrink: true } }}
      fullWidth={false}
      sx={{ width: { xs: '100%', sm: 180 } }}
    />
  );
};
