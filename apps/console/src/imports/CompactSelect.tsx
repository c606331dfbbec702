import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import NativeSelect from '@mui/material/NativeSelect';
import type { ReactNode } from 'react';

/**
 * A compact native select labelled for assistive technology and tests (its visible label is the
 * table cell beside it). Native: a mapping has dozens of lines of a hundred options each.
 */
export const CompactSelect = ({
  label,
  value,
  onChange,
  error,
  testId,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  testId?: string;
  children: ReactNode;
}) => (
  <FormControl size="small" error={error !== undefined} fullWidth>
    <NativeSelect
      value={value}
      onChange={(event) => onChange(event.target.value)}
      inputProps={{ 'aria-label': label, ...(testId ? { 'data-testid': testId } : {}) }}
    >
      {children}
    </NativeSelect>
    {error !== undefined ? <FormHelperText>{error}</FormHelperText> : null}
  </FormControl>
);
