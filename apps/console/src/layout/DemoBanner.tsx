import Alert from '@mui/material/Alert';
import { useTranslate } from 'react-admin';
import { useMeta } from '../api/hooks';

/** On every page while the database holds the synthetic demo data set. */
export const DemoBanner = () => {
  const { demoData } = useMeta();
  const translate = useTranslate();
  if (!demoData) return null;
  return (
    <Alert
      severity="warning"
      variant="filled"
      role="status"
      sx={{ borderRadius: 0, mb: 1, fontWeight: 'bold' }}
    >
      {translate('vigie.demo.banner')}
    </Alert>
  );
};
