import Typography from '@mui/material/Typography';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';
import { toTriStateOption } from './triState';

/** Oui / Non / Inconnu for a `boolean | null` field. */
export const TriStateField = (props: FieldProps) => {
  const value = useFieldValue(props);
  const translate = useTranslate();
  return (
    <Typography component="span" variant="body2">
      {translate(`vigie.triState.${toTriStateOption(value)}`)}
    </Typography>
  );
};
