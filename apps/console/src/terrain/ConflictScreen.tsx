import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useLocaleState, useTranslate } from './fieldContext';
import { resolveConflict, type OutboxEntry } from '../offline';
import { chooseAll, differingFields, mergeChoices, myVersion, type Side } from './conflict';
import { fieldLabel, formatValue } from './display';
import { Columns, TOUCH_PX } from './widgets';

/**
 * Both versions of a record, field by field (only the fields that differ): the observer keeps
 * theirs or the server's for each, then the choice is sent with the server's current version.
 */
export const ConflictScreen = ({ entry, onDone }: { entry: OutboxEntry; onDone: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const resource = entry.operation.type === 'upload' ? 'attachments' : entry.operation.resource;
  const mine = useMemo(() => myVersion(entry), [entry]);
  const server = useMemo(() => entry.server ?? {}, [entry]);
  const differences = useMemo(() => differingFields(mine, server), [mine, server]);
  const [choices, setChoices] = useState<Record<string, Side>>(() => chooseAll(differences, 'mine'));
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const send = async () => {
    setSending(true);
    setFailure(null);
    try {
      await resolveConflict(entry.id, mergeChoices(mine, server, choices));
      onDone();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      setSending(false);
    }
  };

  const option = (field: string, side: Side, value: unknown) => {
    const chosen = (choices[field] ?? 'mine') === side;
    return (
      <Button
        variant={chosen ? 'contained' : 'outlined'}
        color={side === 'mine' ? 'primary' : 'secondary'}
        aria-pressed={chosen}
        onClick={() => setChoices((current) => ({ ...current, [field]: side }))}
        data-testid={`conflict-${field}-${side}`}
        sx={{
          minHeight: TOUCH_PX,
          flexDirection: 'column',
          alignItems: 'flex-start',
          textAlign: 'left',
          textTransform: 'none',
          width: '100%',
        }}
      >
        <Typography variant="caption" component="span" sx={{ opacity: 0.85 }}>
          {translate(
            side === 'mine' ? 'vigie.terrain.conflict.keepMine' : 'vigie.terrain.conflict.keepServer',
          )}
        </Typography>
        <Typography component="span" sx={{ overflowWrap: 'anywhere', fontWeight: 600 }}>
          {formatValue(field, value, translate, locale)}
        </Typography>
      </Button>
    );
  };

  return (
    <Box data-testid="conflict-screen">
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        {translate('vigie.terrain.conflict.title')}
      </Typography>
      <Typography sx={{ mb: 1, overflowWrap: 'anywhere' }}>{entry.label}</Typography>
      <Alert severity="warning" sx={{ mb: 2 }}>
        {translate('vigie.terrain.conflict.help')}
      </Alert>
      {differences.length === 0 ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('vigie.terrain.conflict.none')}
        </Alert>
      ) : (
        <Box sx={{ mb: 2 }}>
          <Columns columns={2}>
            <Button
              variant="outlined"
              onClick={() => setChoices(chooseAll(differences, 'mine'))}
              data-testid="conflict-all-mine"
              sx={{ minHeight: TOUCH_PX, textTransform: 'none' }}
            >
              {translate('vigie.terrain.conflict.keepAllMine')}
            </Button>
            <Button
              variant="outlined"
              color="secondary"
              onClick={() => setChoices(chooseAll(differences, 'server'))}
              data-testid="conflict-all-server"
              sx={{ minHeight: TOUCH_PX, textTransform: 'none' }}
            >
              {translate('vigie.terrain.conflict.keepAllServer')}
            </Button>
          </Columns>
        </Box>
      )}
      {differences.map(({ field, mine: mineValue, server: serverValue }) => (
        <Paper
          key={field}
          variant="outlined"
          sx={{ p: 1.5, mb: 1.5 }}
          data-testid={`conflict-field-${field}`}
          data-choice={choices[field] ?? 'mine'}
        >
          <Typography sx={{ fontWeight: 700, mb: 1 }}>{fieldLabel(resource, field, translate)}</Typography>
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
            <Box>
              <Typography variant="body2" color="text.secondary">
                {translate('vigie.terrain.conflict.mine')}
              </Typography>
              {option(field, 'mine', mineValue)}
            </Box>
            <Box>
              <Typography variant="body2" color="text.secondary">
                {translate('vigie.terrain.conflict.server')}
              </Typography>
              {option(field, 'server', serverValue)}
            </Box>
          </Box>
        </Paper>
      ))}
      {failure ? (
        <Alert severity="error" sx={{ mb: 1 }}>
          {failure}
        </Alert>
      ) : null}
      <Button
        variant="contained"
        fullWidth
        onClick={() => void send()}
        disabled={sending}
        data-testid="conflict-send"
        sx={{ minHeight: 64, fontSize: '1.1rem' }}
      >
        {translate('vigie.terrain.conflict.send')}
      </Button>
    </Box>
  );
};
