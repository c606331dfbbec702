import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useDataProvider, useRedirect, useTranslate } from 'react-admin';
import { retryTransient } from '../api/hooks';
import type { VigieDataProvider } from '../dataProvider';
import type { NewKoboFeed } from '../imports/types';
import { NewFeedUrl } from './NewFeedUrl';

/**
 * « Nouveau flux » (`#/kobo-feeds/create`): a name and a saved mapping; then the URL to paste into
 * KoboToolbox, shown once, on this page only
 * (the answer is kept in no cache).
 */
export const KoboFeedCreate = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const [name, setName] = useState('');
  const [mappingId, setMappingId] = useState('');
  const [created, setCreated] = useState<NewKoboFeed | null>(null);
  const dataProvider = useDataProvider<VigieDataProvider>();
  const queryClient = useQueryClient();
  // Not react-admin's useCreate, which would keep the answer (and its secret URL) in its cache.
  const { mutate, isPending, error } = useMutation({
    mutationFn: async () =>
      (await dataProvider.create<NewKoboFeed>('kobo-feeds', { data: { name: name.trim(), mappingId } })).data,
    onSuccess: (feed) => {
      setCreated(feed);
      void queryClient.invalidateQueries({ queryKey: ['kobo-feeds', 'getList'] });
    },
  });
  const mappings = useQuery({
    queryKey: ['import-mappings', 'observations'],
    queryFn: ({ signal }) => dataProvider.getImportMappings({ kind: 'observations', signal }),
    retry: retryTransient,
  });
  const t = (key: string) => translate(`vigie.koboFeeds.create.${key}`);

  return (
    <Card sx={{ mt: 2, maxWidth: 800 }}>
      <Title title="vigie.koboFeeds.create.title" />
      <CardContent>
        {created ? (
          <NewFeedUrl feed={created} onDone={() => redirect('list', 'kobo-feeds')} />
        ) : (
          <Stack
            component="form"
            spacing={2}
            onSubmit={(event) => {
              event.preventDefault();
              mutate();
            }}
          >
            <Typography variant="h6">{t('title')}</Typography>
            <TextField
              required
              label={t('name')}
              value={name}
              onChange={(event) => setName(event.target.value)}
              slotProps={{ htmlInput: { maxLength: 500 } }}
            />
            <TextField
              select
              required
              label={t('mapping')}
              helperText={t('mappingHelp')}
              value={mappingId}
              onChange={(event) => setMappingId(event.target.value)}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              <option value="" />
              {(mappings.data ?? []).map((mapping) => (
                <option key={mapping.id} value={mapping.id}>
                  {mapping.name}
                </option>
              ))}
            </TextField>
            {mappings.data?.length === 0 ? <Alert severity="info">{t('noMapping')}</Alert> : null}
            {error ? (
              <Alert severity="error" role="alert">
                {translate(error.message, { _: error.message })}
              </Alert>
            ) : null}
            <div>
              <Button
                type="submit"
                variant="contained"
                disabled={isPending || name.trim() === '' || mappingId === ''}
              >
                {isPending ? t('creating') : t('submit')}
              </Button>
            </div>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
