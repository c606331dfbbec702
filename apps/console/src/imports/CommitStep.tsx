import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import type { ImportRecord, ImportSummary } from '@vigie/domain';
import { useState } from 'react';
import { useDataProvider, useNotify, usePermissions, useTranslate } from 'react-admin';
import type { VigieDataProvider } from '../dataProvider';
import { ImportResultView } from './ImportResultView';
import { useImportCache } from './useImportCache';

/**
 * Step 4: the import itself, all or nothing. With rejected rows the API refuses unless they are
 * skipped, so the button waits for « Ignorer les lignes rejetées ». Importing as validated (no
 * review) is for administrators only, as the API enforces.
 */
export const CommitStep = ({
  record,
  summary,
  onBack,
}: {
  record: ImportRecord;
  summary: ImportSummary | null;
  onBack: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const cacheImport = useImportCache();
  const { permissions } = usePermissions();
  const [skipRejected, setSkipRejected] = useState(false);
  const [asValidated, setAsValidated] = useState(false);
  const commit = useMutation({
    mutationFn: () =>
      dataProvider.commitImport({
        id: record.id,
        skipRejected,
        asValidated: permissions === 'admin' && asValidated,
      }),
    onSuccess: (committed) => {
      cacheImport(committed);
      notify('vigie.imports.commit.done', { type: 'success' });
    },
  });
  const t = (key: string, options?: object) => translate(`vigie.imports.commit.${key}`, options);

  if (record.status === 'committed' || record.status === 'undone')
    return <ImportResultView record={record} />;

  const rejected = summary?.rejected ?? 0;
  const blocked = rejected > 0 && !skipRejected;
  return (
    <Stack spacing={2} sx={{ maxWidth: 720 }}>
      <Typography variant="h6">{t('title')}</Typography>
      <Typography variant="body2" color="text.secondary">
        {t('help')}
      </Typography>
      {rejected > 0 ? (
        <>
          <FormControlLabel
            control={
              <Checkbox checked={skipRejected} onChange={(event) => setSkipRejected(event.target.checked)} />
            }
            label={t('skipRejected', { smart_count: rejected })}
          />
          {blocked ? <Alert severity="warning">{t('skipRequired')}</Alert> : null}
        </>
      ) : null}
      {permissions === 'admin' ? (
        <FormControlLabel
          control={
            <Checkbox checked={asValidated} onChange={(event) => setAsValidated(event.target.checked)} />
          }
          label={t('asValidated')}
        />
      ) : null}
      {commit.error ? (
        <Alert severity="error" role="alert">
          {translate(commit.error.message, { _: commit.error.message })}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={2}>
        <Button onClick={onBack}>{t('back')}</Button>
        <Button
          variant="contained"
          disabled={blocked || commit.isPending}
          onClick={() => commit.mutate()}
          data-testid="import-commit"
        >
          {commit.isPending ? t('importing') : t('submit')}
        </Button>
      </Stack>
    </Stack>
  );
};
