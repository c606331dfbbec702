import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useNotify, useTranslate } from 'react-admin';
import type { NewKoboFeed } from '../imports/types';

/**
 * The feed's URL, shown this once (the API keeps only a hash of its token): a read-only field to
 * select, a copy button, and where it goes in KoboToolbox.
 */
export const NewFeedUrl = ({ feed, onDone }: { feed: NewKoboFeed; onDone: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const t = (key: string) => translate(`vigie.koboFeeds.url.${key}`);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(feed.url);
      notify('vigie.koboFeeds.url.copied', { type: 'success' });
    } catch {
      notify('vigie.koboFeeds.url.copyFailed', { type: 'warning' });
    }
  };
  return (
    <Stack spacing={2} data-testid="kobo-feed-url">
      <Typography variant="h6">
        {t('title')} — {feed.name}
      </Typography>
      <Alert severity="warning">{t('warning')}</Alert>
      <Typography variant="body2">{t('help')}</Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          fullWidth
          label={t('label')}
          value={feed.url}
          slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'kobo-feed-url-value' } }}
          onFocus={(event) => event.target.select()}
        />
        <Button
          variant="contained"
          startIcon={<ContentCopyIcon />}
          onClick={() => void copy()}
          sx={{ mt: 1 }}
        >
          {t('copy')}
        </Button>
      </Stack>
      <div>
        <Button variant="outlined" onClick={onDone}>
          {t('done')}
        </Button>
      </div>
    </Stack>
  );
};
