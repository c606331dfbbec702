import Alert from '@mui/material/Alert';
import { Link, useCreatePath, useRecordContext, useTranslate } from 'react-admin';

/** On an observation merged into another: says so, with a link to the one that was kept. */
export const MergedNotice = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const mergedIntoId: unknown = record?.mergedIntoId;
  if (typeof mergedIntoId !== 'string' || mergedIntoId === '') return null;
  return (
    <Alert
      severity="info"
      sx={{ mb: 1, width: '100%', boxSizing: 'border-box' }}
      data-merged-into={mergedIntoId}
    >
      {translate('vigie.duplicates.mergedInto')}
      <Link to={createPath({ resource: 'observations', id: mergedIntoId, type: 'show' })}>
        {translate('vigie.duplicates.mergedLink')}
      </Link>
    </Alert>
  );
};
