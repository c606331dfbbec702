import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

type Part = 'events' | 'deadlines';

/** « Afficher les … supprimés »: the switch that shows a case part's trash. */
export const ShowDeletedSwitch = ({
  part,
  checked,
  onChange,
}: {
  part: Part;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) => {
  const translate = useTranslate();
  return (
    <FormControlLabel
      control={<Switch size="small" checked={checked} onChange={(event) => onChange(event.target.checked)} />}
      label={translate(`vigie.legal.${part}.showDeleted`)}
    />
  );
};

interface Loaded<R> {
  data?: R[];
  isPending: boolean;
  error: unknown;
}

/**
 * A case's events or deadlines as a tab shows them: loading, error, « none yet », the live ones
 * (`renderItem(record, false)`), then, when asked, the deleted ones (`renderItem(record, true)`).
 */
export function CasePartsView<R extends { id: string | number }>({
  part,
  listLabel,
  ordered,
  live,
  deleted,
  showDeleted,
  deletedTestId,
  renderItem,
}: {
  part: Part;
  listLabel: string;
  /** A chronology is an ordered list; deadlines are not. */
  ordered: boolean;
  live: Loaded<R>;
  deleted: Loaded<R>;
  showDeleted: boolean;
  deletedTestId?: string;
  renderItem: (record: R, deleted: boolean) => ReactNode;
}) {
  const translate = useTranslate();
  const list = ordered ? 'ol' : 'ul';
  return (
    <>
      {live.isPending ? <LinearProgress /> : null}
      {live.error ? <Alert severity="error">{translate('vigie.legal.loadError')}</Alert> : null}
      {live.data && live.data.length === 0 ? (
        <Typography color="text.secondary">{translate(`vigie.legal.${part}.empty`)}</Typography>
      ) : null}
      <Box component={list} sx={{ m: 0, p: 0 }} aria-label={listLabel}>
        {(live.data ?? []).map((record) => renderItem(record, false))}
      </Box>
      {showDeleted ? (
        <Box sx={{ mt: 2 }} data-testid={deletedTestId}>
          <Typography variant="subtitle1" component="h3">
            {translate(`vigie.legal.${part}.deletedTitle`)}
          </Typography>
          {deleted.data && deleted.data.length === 0 ? (
            <Typography color="text.secondary">{translate(`vigie.legal.${part}.deletedEmpty`)}</Typography>
          ) : null}
          <Box component={list} sx={{ m: 0, p: 0 }}>
            {(deleted.data ?? []).map((record) => renderItem(record, true))}
          </Box>
        </Box>
      ) : null}
    </>
  );
}
