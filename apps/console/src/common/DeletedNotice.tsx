import Alert from '@mui/material/Alert';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatParisDateTime } from './parisTime';
import { RestoreButton } from './RestoreButton';

/** On the show page of a soft-deleted record: says so, with the "Restaurer" button. */
export const DeletedNotice = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record || record.deletedAt == null) return null;
  return (
    <Alert severity="warning" action={<RestoreButton />} sx={{ mb: 1 }}>
      {translate('vigie.trash.deletedRecord', {
        date: formatParisDateTime(record.deletedAt, locale),
      })}
    </Alert>
  );
};
