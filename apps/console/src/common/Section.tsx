import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';

/** A heading between groups of inputs or fields, so a long form reads well on a phone. */
export const Section = ({ title }: { title: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="h6" component="h2" sx={{ mt: 2, mb: 0.5, width: '100%' }}>
      {translate(title)}
    </Typography>
  );
};
