import Typography from '@mui/material/Typography';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';
import type { Vocabulary } from '@vigie/domain';
import { termKey } from './choices';

/** A list of vocabulary codes as their labels: "CRS, Police aux frontières". */
export const VocabularyListField = ({
  vocabulary,
  ...props
}: FieldProps & { vocabulary: Vocabulary<string> }) => {
  const value = useFieldValue(props);
  const translate = useTranslate();
  const codes = Array.isArray(value) ? value.filter((code): code is string => typeof code === 'string') : [];
  return (
    <Typography component="span" variant="body2">
      {codes.length === 0 ? '—' : codes.map((code) => translate(termKey(vocabulary, code))).join(', ')}
    </Typography>
  );
};
