import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Confirm, useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import type { VigieDataProvider } from '../dataProvider';

const FEED_QUERY_KEY = ['calendar-feed'] as const;

/** The same address for the calendar applications that open `webcal:` links (iPhone, Outlook). */
export function webcalUrl(url: string): string {
  return url.replace(/^https?:/, 'webcal:');
}

const Instructions = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 1 }}>
      {(['android', 'iphone'] as const).map((device) => (
        <Box key={device} sx={{ mt: 1 }}>
          <Typography variant="subtitle2" component="h3">
            {translate(`vigie.deadlines.feed.${device}.title`)}
          </Typography>
          <Typography variant="body2">{translate(`vigie.deadlines.feed.${device}.steps`)}</Typography>
        </Box>
      ))}
    </Box>
  );
};

/**
 * « S'abonner depuis mon agenda »: a secret address of the user's deadlines and hearings for a
 * calendar application. It is shown once, when made; making a new one or revoking it stops the
 * previous one. The state (since when, last fetched) comes from the API.
 */
export const CalendarFeed = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'renew' | 'revoke' | null>(null);
  const state = useQuery({
    queryKey: FEED_QUERY_KEY,
    queryFn: ({ signal }) => dataProvider.getCalendarFeed({ signal }),
  });
  const failed = (error: unknown) =>
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  const create = useMutation({
    mutationFn: () => dataProvider.createCalendarFeed(),
    onSuccess: (feed) => {
      setUrl(feed.url);
      queryClient.setQueryData(FEED_QUERY_KEY, {
        active: feed.active,
        createdAt: feed.createdAt,
        lastUsedAt: feed.lastUsedAt,
      });
    },
    onError: failed,
  });
  const revoke = useMutation({
    mutationFn: () => dataProvider.revokeCalendarFeed(),
    onSuccess: () => {
      setUrl(null);
      notify('vigie.deadlines.feed.revoked', { type: 'info' });
      void queryClient.invalidateQueries({ queryKey: FEED_QUERY_KEY });
    },
    onError: failed,
  });
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      notify('vigie.deadlines.feed.copied', { type: 'success' });
    } catch {
      notify('vigie.deadlines.feed.copyFailed', { type: 'warning' });
    }
  };
  const feed = state.data;
  const busy = create.isPending || revoke.isPending;

  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="calendar-feed" data-active={feed?.active ?? false}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {translate('vigie.deadlines.feed.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('vigie.deadlines.feed.help')}
        </Typography>
        {state.isPending ? <LinearProgress /> : null}
        {state.error ? <Alert severity="error">{translate('vigie.legal.loadError')}</Alert> : null}
        {feed?.active ? (
          <Typography variant="body2" data-testid="feed-state">
            {translate('vigie.deadlines.feed.activeSince', {
              date: formatParisDateTime(feed.createdAt, locale),
            })}{' '}
            {feed.lastUsedAt
              ? translate('vigie.deadlines.feed.lastUsed', {
                  date: formatParisDateTime(feed.lastUsedAt, locale),
                })
              : translate('vigie.deadlines.feed.neverUsed')}
          </Typography>
        ) : null}
        {url ? (
          <Alert severity="success" sx={{ mt: 1 }} data-testid="feed-url">
            <Typography variant="body2" sx={{ mb: 1 }}>
              {translate('vigie.deadlines.feed.shownOnce')}
            </Typography>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
              <TextField
                value={url}
                size="small"
                fullWidth
                label={translate('vigie.deadlines.feed.address')}
                slotProps={{ htmlInput: { readOnly: true, name: 'feedUrl' } }}
                onFocus={(event) => event.target.select()}
              />
              <Button
                aria-label={translate('vigie.deadlines.feed.copy')}
                variant="contained"
                startIcon={<ContentCopyIcon />}
                onClick={() => void copy()}
              >
                {translate('vigie.deadlines.feed.copy')}
              </Button>
              <Button href={webcalUrl(url)}>{translate('vigie.deadlines.feed.open')}</Button>
            </Stack>
            <Instructions />
            <Typography variant="body2" sx={{ mt: 1 }}>
              {translate('vigie.deadlines.feed.secret')}
            </Typography>
          </Alert>
        ) : null}
        <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap>
          {feed && !feed.active ? (
            <Button
              aria-label={translate('vigie.deadlines.feed.subscribe')}
              variant="contained"
              startIcon={<EventAvailableIcon />}
              disabled={busy}
              onClick={() => create.mutate()}
            >
              {translate('vigie.deadlines.feed.subscribe')}
            </Button>
          ) : null}
          {feed?.active ? (
            <>
              <Button
                aria-label={translate('vigie.deadlines.feed.renew')}
                startIcon={<RefreshIcon />}
                disabled={busy}
                onClick={() => setConfirming('renew')}
              >
                {translate('vigie.deadlines.feed.renew')}
              </Button>
              <Button
                aria-label={translate('vigie.deadlines.feed.revoke')}
                color="error"
                startIcon={<LinkOffIcon />}
                disabled={busy}
                onClick={() => setConfirming('revoke')}
              >
                {translate('vigie.deadlines.feed.revoke')}
              </Button>
            </>
          ) : null}
        </Stack>
        <Confirm
          isOpen={confirming !== null}
          title={
            confirming === 'revoke' ? 'vigie.deadlines.feed.revokeTitle' : 'vigie.deadlines.feed.renewTitle'
          }
          content={
            confirming === 'revoke'
              ? 'vigie.deadlines.feed.revokeContent'
              : 'vigie.deadlines.feed.renewContent'
          }
          onConfirm={() => {
            if (confirming === 'revoke') revoke.mutate();
            else create.mutate();
            setConfirming(null);
          }}
          onClose={() => setConfirming(null)}
        />
      </CardContent>
    </Card>
  );
};
