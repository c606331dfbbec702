import Typography from '@mui/material/Typography';
import { useLocaleState, useTranslate } from 'react-admin';
import { DEADLINE_STATUSES, type DeadlineRecord } from '@vigie/domain';
import { termKey } from '../../common/choices';
import { formatParisDateTime } from '../../common/parisTime';

/** « Fait le 04/05/2026 14:03 par Marie Durand »: when a deadline was closed, and by whom. */
export const ClosedInfo = ({ deadline }: { deadline: DeadlineRecord }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (deadline.status === 'open' || deadline.closedAt === null) return null;
  const status = translate(termKey(DEADLINE_STATUSES, deadline.status));
  const date = formatParisDateTime(deadline.closedAt, locale);
  const name = deadline.closedByName;
  return (
    <Typography variant="body2" color="text.secondary" data-testid="deadline-closed">
      {name
        ? translate('vigie.legal.deadlines.closedBy', { status, date, name })
        : translate('vigie.legal.deadlines.closedOn', { status, date })}
      {deadline.cancelReason === 'source_removed'
        ? ` — ${translate('vigie.legal.deadlines.sourceRemoved')}`
        : ''}
    </Typography>
  );
};
