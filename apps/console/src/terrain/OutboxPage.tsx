import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip, { type ChipProps } from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Confirm, Title, useLocaleState, useNavigate, useTranslate } from './fieldContext';
import { formatParisDateTime } from '../common/parisTime';
import { discardEntry, retryEntry, useOutbox, type OutboxEntry, type OutboxState } from '../offline';
import { outboxEntryPath, TERRAIN_PATH } from './paths';
import { TOUCH_PX } from './widgets';

export const STATE_COLORS: Record<OutboxState, ChipProps['color']> = {
  waiting: 'default',
  sending: 'info',
  sent: 'success',
  refused: 'error',
  conflict: 'warning',
};

/** One entry of the outbox, with what the observer can do about it in its state. */
const EntryCard = ({ entry, onDiscard }: { entry: OutboxEntry; onDiscard: (entry: OutboxEntry) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const action = { minHeight: TOUCH_PX, flex: '1 1 auto' };
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5, mb: 1.5 }}
      data-testid={`outbox-entry-${entry.id}`}
      data-state={entry.state}
    >
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Typography sx={{ flex: '1 1 12em', fontWeight: 600, overflowWrap: 'anywhere' }}>
          {entry.label}
        </Typography>
        <Chip
          data-testid={`outbox-entry-${entry.id}-state`}
          color={STATE_COLORS[entry.state]}
          label={translate(`vigie.terrain.outbox.states.${entry.state}`)}
        />
      </Box>
      <Typography variant="body2" color="text.secondary">
        {translate('vigie.terrain.outbox.created', { date: formatParisDateTime(entry.createdAt, locale) })}
        {entry.attempts > 0
          ? ` · ${translate('vigie.terrain.outbox.attempts', { smart_count: entry.attempts })}`
          : ''}
      </Typography>
      {entry.state === 'waiting' && entry.nextAttemptAt ? (
        <Typography variant="body2" color="text.secondary">
          {translate('vigie.terrain.outbox.nextAttempt', {
            time: formatParisDateTime(new Date(entry.nextAttemptAt).toISOString(), locale).slice(-5),
          })}
        </Typography>
      ) : null}
      {entry.message && (entry.state === 'refused' || entry.state === 'waiting') ? (
        <Typography variant="body2" color={entry.state === 'refused' ? 'error' : 'text.secondary'}>
          {translate('vigie.terrain.outbox.serverSays', { message: entry.message })}
        </Typography>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
        {entry.state === 'waiting' ? (
          <Button
            variant="outlined"
            onClick={() => void retryEntry(entry.id)}
            data-testid={`outbox-entry-${entry.id}-send`}
            sx={action}
          >
            {translate('vigie.terrain.outbox.sendNow')}
          </Button>
        ) : null}
        {entry.state === 'refused' ? (
          <Button
            variant="contained"
            onClick={() => navigate(outboxEntryPath(entry.id))}
            data-testid={`outbox-entry-${entry.id}-fix`}
            sx={action}
          >
            {translate('vigie.terrain.outbox.fix')}
          </Button>
        ) : null}
        {entry.state === 'conflict' ? (
          <Button
            variant="contained"
            color="warning"
            onClick={() => navigate(outboxEntryPath(entry.id))}
            data-testid={`outbox-entry-${entry.id}-resolve`}
            sx={action}
          >
            {translate('vigie.terrain.outbox.resolve')}
          </Button>
        ) : null}
        {entry.state === 'waiting' || entry.state === 'refused' || entry.state === 'conflict' ? (
          <Button
            color="error"
            onClick={() => onDiscard(entry)}
            data-testid={`outbox-entry-${entry.id}-discard`}
            sx={action}
          >
            {translate('vigie.terrain.outbox.discard')}
          </Button>
        ) : null}
      </Box>
    </Paper>
  );
};

/** « Envoi en attente »: what is still on the device, and why. */
export const OutboxPage = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { entries, pending, online, signInNeeded } = useOutbox();
  const [discarding, setDiscarding] = useState<OutboxEntry | null>(null);
  return (
    <Box
      data-testid="outbox-page"
      sx={{ maxWidth: 600, mx: 'auto', px: { xs: 1.5, sm: 2 }, py: 2, width: '100%' }}
    >
      <Title title="vigie.terrain.outbox.title" />
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        {translate('vigie.terrain.outbox.title')}
      </Typography>
      <Typography data-testid="outbox-pending" data-pending={pending} sx={{ mb: 1 }}>
        {translate('vigie.terrain.outbox.pending', { smart_count: pending })}
        {' · '}
        {translate(online ? 'vigie.terrain.online' : 'vigie.terrain.offline')}
      </Typography>
      {signInNeeded ? (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="outbox-sign-in">
          {translate('vigie.offline.signInNeeded')}
        </Alert>
      ) : null}
      {entries.length === 0 ? (
        <Alert severity="success" data-testid="outbox-empty">
          {translate('vigie.terrain.outbox.empty')}
        </Alert>
      ) : (
        entries.map((entry) => <EntryCard key={entry.id} entry={entry} onDiscard={setDiscarding} />)
      )}
      <Button
        variant="outlined"
        fullWidth
        onClick={() => navigate(TERRAIN_PATH)}
        data-testid="outbox-terrain"
        sx={{ minHeight: TOUCH_PX, mt: 2 }}
      >
        {translate('vigie.terrain.title')}
      </Button>
      <Confirm
        isOpen={discarding !== null}
        title="vigie.terrain.outbox.discardConfirmTitle"
        content="vigie.terrain.outbox.discardConfirm"
        translateOptions={{ label: discarding?.label ?? '' }}
        onConfirm={() => {
          if (discarding) void discardEntry(discarding.id);
          setDiscarding(null);
        }}
        onClose={() => setDiscarding(null)}
      />
    </Box>
  );
};
