import Typography from '@mui/material/Typography';
import { useFieldValue, useLocaleState, type FieldProps } from 'react-admin';
import { formatLocalDate } from './localDate';

/** A Paris local date (`YYYY-MM-DD`) as `04/05/2026`. */
export const LocalDateField = (props: FieldProps) => {
  const value = useFieldValue(props);
  const [locale] = useLocaleState();
  const text = formatLocalDate(value, locale);
  return (
    <Typography component="span" variant="body2">
      {text === '' ? (props.emptyText ?? '') : <time dateTime={String(value)}>{text}</time>}
    </Typography>
  );
};
