import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ImportRecord } from '@vigie/domain';
import { Link, useLocaleState, useTranslate } from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import { Counts } from './Counts';
import { UndoImportButton } from './UndoImportButton';

/** What a committed (or undone) import did, with the way back to the history and the undo. */
export const ImportResultView = ({ record }: { record: ImportRecord }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const t = (key: string, options?: object) => translate(`vigie.imports.commit.${key}`, options);
  return (
    <Stack spacing={2} data-testid="import-result" data-status={record.status}>
      <Typography variant="h6">{t('result')}</Typography>
      {record.committedAt ? (
        <Typography variant="body2">
          {t('committedAt', { date: formatParisDateTime(record.committedAt, locale) })}
        </Typography>
      ) : null}
      {record.result ? (
        <Counts
          // In this order, whatever the order of the API's keys.
          counts={{
            created: record.result.created,
            updated: record.result.updated,
            unchanged: record.result.unchanged,
            skipped: record.result.skipped,
          }}
          labels="vigie.imports.commit.resultCounts"
          testIdPrefix="result"
        />
      ) : null}
      {record.asValidated ? <Typography variant="body2">{t('asValidatedDone')}</Typography> : null}
      {record.undoneAt ? (
        <Alert severity="warning">
          {t('undoneAt', { date: formatParisDateTime(record.undoneAt, locale) })}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={2}>
        <Button component={Link} to="/imports" variant="outlined">
          {t('toHistory')}
        </Button>
        <UndoImportButton record={record} />
      </Stack>
    </Stack>
  );
};
