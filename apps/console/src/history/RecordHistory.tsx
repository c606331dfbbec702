import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import {
  useDataProvider,
  useLocaleState,
  useRecordContext,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import type { HistoryEntry, VigieDataProvider } from '../dataProvider';
import { actionLabel, describeChanges } from './changes';

/** The API gives at most this many changes at once; the newest are the ones people look for. */
const HISTORY_PAGE = 50;

interface HistoryState {
  entries: HistoryEntry[];
  error: unknown;
  isPending: boolean;
}

/** The changed fields of one entry: "Type : Expulsion → Dispersion" (just "Type : Expulsion" on creation). */
export const ChangeLines = ({
  resource,
  diff,
  action,
}: {
  resource: string;
  diff: unknown;
  action?: string;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lines = describeChanges(resource, diff, translate, locale, action);
  if (lines.length === 0) return null;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {lines.map((line) => (
        <Typography component="li" variant="body2" key={line.field} sx={{ overflowWrap: 'anywhere' }}>
          <strong>{line.label}</strong> :{' '}
          {line.before === null ? line.after : `${line.before} → ${line.after}`}
        </Typography>
      ))}
    </Box>
  );
};

/** Who changed what and when on the record of the show page, newest first (the "Historique" tab). */
export const RecordHistory = () => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [state, setState] = useState<HistoryState>({ entries: [], error: undefined, isPending: true });
  const id = record?.id;

  useEffect(() => {
    if (id === undefined || !resource) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, isPending: true }));
    dataProvider.getHistory(resource, { id, range: [0, HISTORY_PAGE], signal: controller.signal }).then(
      (entries) => setState({ entries, error: undefined, isPending: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ entries: [], error, isPending: false });
      },
    );
    return () => controller.abort();
    // The version changes with each save: the history then has a new entry.
  }, [dataProvider, resource, id, record?.version]);

  if (!resource) return null;
  if (state.isPending) return <LinearProgress sx={{ my: 2, width: '100%' }} />;
  if (state.error) {
    return (
      <Alert severity="error" sx={{ my: 1 }}>
        {translate('vigie.history.error')}
      </Alert>
    );
  }
  if (state.entries.length === 0) {
    return (
      <Typography variant="body2" sx={{ my: 2 }}>
        {translate('vigie.history.empty')}
      </Typography>
    );
  }
  return (
    <Box
      component="ol"
      aria-label={translate('vigie.tabs.history')}
      sx={{ listStyle: 'none', m: 0, p: 0, width: '100%' }}
    >
      {state.entries.map((entry) => (
        <Box
          component="li"
          key={entry.id}
          sx={{ py: 1.5, borderBottom: 1, borderColor: 'divider', '&:last-of-type': { borderBottom: 0 } }}
        >
          <Typography variant="subtitle2" component="p">
            {actionLabel(entry.action, translate, resource)}
            {' — '}
            <time dateTime={entry.at}>{formatParisDateTime(entry.at, locale)}</time>
            {' — '}
            {entry.actorName ?? translate('vigie.history.unknownActor')}
          </Typography>
          <ChangeLines resource={resource} diff={entry.diff} action={entry.action} />
        </Box>
      ))}
      {state.entries.length >= HISTORY_PAGE ? (
        <Typography component="li" variant="body2" color="text.secondary" sx={{ pt: 1 }}>
          {translate('vigie.history.truncated', { max: HISTORY_PAGE })}
        </Typography>
      ) : null}
    </Box>
  );
};
