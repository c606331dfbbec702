import Box from '@mui/material/Box';
import type { SxProps, Theme } from '@mui/material/styles';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatLocalDate } from '../common/localDate';
import { parisToday } from '@vigie/domain';
import { deadlineUrgency, urgencyClass, type Urgency } from './urgency';

/** Overdue in red, due within a week on amber: the same look in every list and on the calendar. */
export const URGENCY_SX: Readonly<Record<Urgency, SxProps<Theme>>> = {
  overdue: { bgcolor: 'error.main', color: 'error.contrastText', fontWeight: 700 },
  soon: { bgcolor: 'warning.light', color: 'warning.contrastText', fontWeight: 700 },
  later: {},
  available: { bgcolor: 'info.light', color: 'info.contrastText', fontWeight: 700 },
  closed: { color: 'text.secondary', textDecoration: 'line-through' },
};

export interface DueDateProps {
  date: string | null | undefined;
  /** The deadline's status; a case's next due date is always an open deadline's. */
  status?: string;
  /** A time limit, or the first day an act becomes possible (never overdue). */
  nature?: 'deadline' | 'earliest';
  /** Paris today; computed when not given. */
  today?: string;
}

/**
 * A due date, marked by how pressing it is: « En retard » in red, « Dans les 7 jours » highlighted.
 * The words are there as well as the colour, for those who do not see it.
 */
export const DueDate = ({ date, status = 'open', nature = 'deadline', today }: DueDateProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!date) return <span>—</span>;
  const urgency = deadlineUrgency({ status, dueAt: date, nature }, today ?? parisToday());
  const note =
    urgency === 'overdue' || urgency === 'soon' || urgency === 'available'
      ? translate(`vigie.deadlines.urgency.${urgency}`)
      : null;
  return (
    <Box
      component="span"
      className={urgencyClass(urgency)}
      data-urgency={urgency}
      sx={{ px: 0.75, py: 0.25, borderRadius: 1, whiteSpace: 'nowrap', ...URGENCY_SX[urgency] }}
    >
      <time dateTime={date}>{formatLocalDate(date, locale)}</time>
      {note ? ` · ${note}` : ''}
    </Box>
  );
};

/** The due date of the record in context (`dueAt` of a deadline, `nextDueAt` of a case). */
export const DueDateField = ({ source }: { source: string }) => {
  const record = useRecordContext();
  if (!record) return null;
  const value = record[source];
  const ofDeadline = source === 'dueAt';
  const status = ofDeadline && typeof record.status === 'string' ? record.status : 'open';
  const nature = ofDeadline && record.nature === 'earliest' ? 'earliest' : 'deadline';
  return <DueDate date={typeof value === 'string' ? value : null} status={status} nature={nature} />;
};
