import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { IMPORT_KINDS, type ImportKind } from '@vigie/domain';
import { useState } from 'react';
import { useDataProvider, useRedirect, useTranslate } from 'react-admin';
import type { VigieDataProvider } from '../dataProvider';
import { useImportCache } from './useImportCache';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Step 1: the file, the kind of records it holds, and for a workbook the sheet to read. The API
 * reads it at once (format, columns, samples, a suggested mapping); the wizard then goes on at the
 * import's own page, so that a reload finds it where it was.
 */
export const UploadStep = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const cacheImport = useImportCache();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<ImportKind>('observations');
  const [sheet, setSheet] = useState('');
  const upload = useMutation({
    mutationFn: (chosen: File) =>
      dataProvider.uploadImport({ file: chosen, fileName: chosen.name, kind, sheet }),
    onSuccess: (detail) => {
      cacheImport(detail);
      redirect('show', 'imports', detail.id);
    },
  });
  const t = (key: string) => translate(`vigie.imports.upload.${key}`);

  return (
    <Stack
      component="form"
      spacing={2}
      sx={{ maxWidth: 560 }}
      onSubmit={(event) => {
        event.preventDefault();
        if (file) upload.mutate(file);
      }}
    >
      <Typography variant="h6">{t('title')}</Typography>
      <Typography variant="body2" color="text.secondary">
        {t('help')}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" component="label" startIcon={<UploadFileIcon />}>
          {t('file')}
          <input
            hidden
            type="file"
            accept={ACCEPT}
            aria-label={t('file')}
            data-testid="import-file"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </Button>
        <Typography variant="body2" data-testid="import-file-name">
          {file ? file.name : t('noFile')}
        </Typography>
      </Stack>
      <TextField
        select
        label={translate('vigie.imports.kind')}
        value={kind}
        onChange={(event) => setKind(event.target.value as ImportKind)}
        slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'import-kind' } }}
      >
        {IMPORT_KINDS.map((code) => (
          <option key={code} value={code}>
            {translate(`vigie.imports.kinds.${code}`)}
          </option>
        ))}
      </TextField>
      <TextField
        label={t('sheet')}
        helperText={t('sheetHelp')}
        value={sheet}
        onChange={(event) => setSheet(event.target.value)}
      />
      {upload.error ? (
        <Alert severity="error" role="alert">
          {translate(upload.error.message, { _: upload.error.message })}
        </Alert>
      ) : null}
      <div>
        <Button type="submit" variant="contained" disabled={!file || upload.isPending}>
          {upload.isPending ? t('sending') : t('submit')}
        </Button>
      </div>
    </Stack>
  );
};
