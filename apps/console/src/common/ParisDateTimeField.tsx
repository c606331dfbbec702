import Typography from '@mui/material/Typography';
import { useFieldValue, useLocaleState, type FieldProps } from 'react-admin';
import { formatParisDateTime } from './parisTime';

/** A timestamp shown in Paris time, whatever the device's time zone (DESIGN §1.5). */
export const ParisDateTimeField = (props: FieldProps) => {
  const value = useFieldValue(props);
  const [locale] = useLocaleState();
  const text = formatParisDateTime(value, locale);
  return (
    <Typography component="span" variant="body2">
      {text === '' ? (props.emptyText ?? '') : <time dateTime={String(value)}>{text}</time>}
    </Typography>
  );
};
