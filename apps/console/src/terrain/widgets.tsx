import AddIcon from '@mui/icons-material/Add';
import RemoveIcon from '@mui/icons-material/Remove';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslate } from './fieldContext';
import { COUNT_BOUNDS, parseCount, stepCount, type CountBounds } from './stepper';

/**
 * Controls of the field screen, made for one thumb and gloves: every target at least 48 px tall
 * (WCAG 2.5.5 asks 44), spaced so that a glove does not press two at once.
 */
export const TOUCH_PX = 56;

const GAP_PX = 8;

/**
 * Children side by side in equal columns, wrapping to the next line. Flex rather than a grid on
 * purpose: a grid's `fr` columns are as wide as their longest label when the layout measures its
 * smallest width, which made the page wider than a 360 px phone; a wrapping flex row is only as
 * wide as its longest word.
 */
export const Columns = ({ columns, children }: { columns: number; children: ReactNode }) => (
  <Box
    sx={{
      display: 'flex',
      flexWrap: 'wrap',
      gap: `${GAP_PX}px`,
      '& > *': {
        flex: `1 1 calc((100% - ${(columns - 1) * GAP_PX}px) / ${columns})`,
        maxWidth: `calc((100% - ${(columns - 1) * GAP_PX}px) / ${columns})`,
        minWidth: 0,
      },
    }}
  >
    {children}
  </Box>
);

export const SectionTitle = ({ children }: { children: ReactNode }) => (
  <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1, fontSize: '1.1rem' }}>
    {children}
  </Typography>
);

/** A field's error under it: a translation key of ours, or the server's own words. */
export const FieldError = ({ error, testId }: { error?: string; testId?: string }) => {
  const translate = useTranslate();
  if (!error) return null;
  return (
    <FormHelperText error sx={{ fontSize: '0.95rem' }} data-testid={testId}>
      {translate(error, { _: error })}
    </FormHelperText>
  );
};

export interface StepperProps {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  testId: string;
  bounds?: CountBounds;
  error?: string;
}

/** − [count] +: the count can also be typed (a crowd of 200 is not 200 taps). */
export const Stepper = ({ label, value, onChange, testId, bounds = COUNT_BOUNDS, error }: StepperProps) => {
  const translate = useTranslate();
  const button = { width: TOUCH_PX, height: TOUCH_PX, border: 1, borderColor: 'divider', flex: 'none' };
  return (
    <Box sx={{ mb: 1.5 }} data-testid={testId}>
      <Typography component="label" htmlFor={`${testId}-value`} sx={{ display: 'block', mb: 0.5 }}>
        {label}
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <IconButton
          aria-label={translate('vigie.terrain.minus', { label })}
          data-testid={`${testId}-minus`}
          onClick={() => onChange(stepCount(value, -1, bounds))}
          disabled={value === null || value <= bounds.min}
          sx={button}
        >
          <RemoveIcon fontSize="large" />
        </IconButton>
        <Box
          component="input"
          id={`${testId}-value`}
          data-testid={`${testId}-value`}
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="off"
          placeholder={translate('vigie.terrain.unknownCount')}
          value={value === null ? '' : String(value)}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange(parseCount(event.target.value, value, bounds))
          }
          sx={{
            width: 0,
            flex: 1,
            minWidth: 56,
            height: TOUCH_PX,
            boxSizing: 'border-box',
            textAlign: 'center',
            fontSize: '1.5rem',
            border: 1,
            borderColor: error ? 'error.main' : 'divider',
            borderRadius: 1,
            bgcolor: 'background.paper',
            color: 'text.primary',
          }}
        />
        <IconButton
          aria-label={translate('vigie.terrain.plus', { label })}
          data-testid={`${testId}-plus`}
          onClick={() => onChange(stepCount(value, 1, bounds))}
          disabled={value !== null && value >= bounds.max}
          color="primary"
          sx={button}
        >
          <AddIcon fontSize="large" />
        </IconButton>
      </Box>
      <FieldError error={error} />
    </Box>
  );
};

export interface ChoiceButtonsProps<V> {
  label: string;
  value: V;
  options: readonly { value: V; label: string; key: string }[];
  onChange: (value: V) => void;
  testId: string;
  columns?: number;
  error?: string;
}

/** A choice among a few, as big buttons side by side (the chosen one filled). */
export function ChoiceButtons<V>({
  label,
  value,
  options,
  onChange,
  testId,
  columns = options.length,
  error,
}: ChoiceButtonsProps<V>) {
  return (
    <Box role="group" aria-label={label} sx={{ mb: 1.5 }} data-testid={testId}>
      <Typography sx={{ mb: 0.5 }}>{label}</Typography>
      <Columns columns={columns}>
        {options.map((option) => {
          const chosen = option.value === value;
          return (
            <Button
              key={option.key}
              data-testid={`${testId}-${option.key}`}
              variant={chosen ? 'contained' : 'outlined'}
              aria-pressed={chosen}
              onClick={() => onChange(option.value)}
              sx={{ minHeight: TOUCH_PX, textTransform: 'none', fontSize: '1rem', lineHeight: 1.2 }}
            >
              {option.label}
            </Button>
          );
        })}
      </Columns>
      <FieldError error={error} />
    </Box>
  );
}

/** Yes / No / Unknown as three big buttons; "unknown" is null (not known), never false. */
export const TriStateButtons = ({
  label,
  value,
  onChange,
  testId,
  error,
}: {
  label: string;
  value: boolean | null;
  onChange: (value: boolean | null) => void;
  testId: string;
  error?: string;
}) => {
  const translate = useTranslate();
  return (
    <ChoiceButtons<boolean | null>
      label={label}
      value={value}
      onChange={onChange}
      testId={testId}
      error={error}
      options={[
        { value: true, key: 'yes', label: translate('vigie.terrain.yes') },
        { value: false, key: 'no', label: translate('vigie.terrain.no') },
        { value: null, key: 'unknown', label: translate('vigie.terrain.unknown') },
      ]}
    />
  );
};

/** A big native select: the phone opens its own full-screen picker, easy with gloves. */
export const BigSelect = ({
  label,
  value,
  options,
  onChange,
  testId,
  placeholder,
  error,
}: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  testId: string;
  placeholder?: string;
  error?: string;
}) => (
  <Box sx={{ mb: 1.5 }}>
    <Typography component="label" htmlFor={testId} sx={{ display: 'block', mb: 0.5 }}>
      {label}
    </Typography>
    <Box
      component="select"
      id={testId}
      data-testid={testId}
      value={value}
      onChange={(event: React.ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
      sx={{
        width: '100%',
        minHeight: TOUCH_PX,
        fontSize: '1rem',
        px: 1,
        border: 1,
        borderColor: error ? 'error.main' : 'divider',
        borderRadius: 1,
        bgcolor: 'background.paper',
        color: 'text.primary',
      }}
    >
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </Box>
    <FieldError error={error} />
  </Box>
);
