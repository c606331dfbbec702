import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { Link, useGetList, useLocaleState, useStore, useTranslate } from 'react-admin';
import { parisMonth, parisToday, type DeadlineRecord } from '@vigie/domain';
import { intlLocale } from '../common/parisTime';
import { formatLocalDateLong } from '../common/localDate';
import { formatMonth } from '../dashboard/format';
import { caseTabPath } from '../legalCases';
import { URGENCY_SX } from './DueDate';
import { byDay, gridPeriod, monthGrid, shiftMonth } from './calendarGrid';
import { deadlineUrgency, urgencyClass } from './urgency';

/** Monday to Sunday, in the console's language (1–7 January 2024 was a Monday to a Sunday). */
function weekdayNames(lang: string): string[] {
  const format = new Intl.DateTimeFormat(intlLocale(lang), { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, index) => format.format(new Date(Date.UTC(2024, 0, 1 + index, 12))));
}

const DeadlineChip = ({ deadline, today }: { deadline: DeadlineRecord; today: string }) => {
  const urgency = deadlineUrgency(deadline, today);
  return (
    <Box
      component={Link}
      to={caseTabPath(deadline.caseId, 'deadlines')}
      className={urgencyClass(urgency)}
      data-urgency={urgency}
      data-deadline-id={deadline.id}
      title={`${deadline.caseReference} — ${deadline.caseTitle} : ${deadline.title}`}
      sx={{
        mt: 0.5,
        px: 0.5,
        py: 0.25,
        borderRadius: 0.5,
        fontSize: '0.75rem',
        lineHeight: 1.3,
        // Two lines at most: the reference and the start of the title; the whole in the tooltip.
        overflow: 'hidden',
        display: '-webkit-box',
        WebkitLineClamp: 2,
        WebkitBoxOrient: 'vertical',
        overflowWrap: 'anywhere',
        textDecoration: 'none',
        color: 'text.primary',
        bgcolor: 'action.hover',
        ...URGENCY_SX[urgency],
      }}
    >
      <strong>{deadline.caseReference}</strong> {deadline.title}
    </Box>
  );
};

/**
 * A month of deadlines: each on its last day, overdue ones in red, those of the coming week
 * highlighted (Paris time, today included). A deadline opens its case's « Échéances » tab.
 */
export const DeadlineCalendar = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const today = parisToday();
  const [month, setMonth] = useState(parisMonth());
  const [openOnly, setOpenOnly] = useStore('deadlines.calendar.openOnly', true);
  const weeks = useMemo(() => monthGrid(month, today), [month, today]);
  const period = gridPeriod(weeks);
  const { data, isPending, error } = useGetList<DeadlineRecord>('deadlines', {
    filter: { dueAt_gte: period.from, dueAt_lte: period.to, ...(openOnly ? { status: 'open' } : {}) },
    sort: { field: 'dueAt', order: 'ASC' },
    pagination: { page: 1, perPage: 1000 },
  });
  const days = useMemo(() => byDay(data ?? [], (deadline) => deadline.dueAt), [data]);
  const names = weekdayNames(locale);

  return (
    <Card data-testid="deadline-calendar" data-month={month}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }} useFlexGap>
          <IconButton
            onClick={() => setMonth(shiftMonth(month, -1))}
            aria-label={translate('vigie.deadlines.previousMonth')}
          >
            <ChevronLeftIcon />
          </IconButton>
          <Typography
            variant="h6"
            component="h2"
            sx={{ minWidth: 180, textAlign: 'center' }}
            aria-live="polite"
          >
            {formatMonth(month, locale)}
          </Typography>
          <IconButton
            onClick={() => setMonth(shiftMonth(month, 1))}
            aria-label={translate('vigie.deadlines.nextMonth')}
          >
            <ChevronRightIcon />
          </IconButton>
          <Button
            aria-label={translate('vigie.deadlines.thisMonth')}
            size="small"
            onClick={() => setMonth(parisMonth())}
            disabled={month === parisMonth()}
          >
            {translate('vigie.deadlines.thisMonth')}
          </Button>
          <FormControlLabel
            sx={{ ml: 'auto' }}
            control={
              <Switch
                size="small"
                checked={openOnly}
                onChange={(event) => setOpenOnly(event.target.checked)}
              />
            }
            label={translate('vigie.deadlines.openOnly')}
          />
        </Stack>
        {isPending ? <LinearProgress /> : null}
        {error ? <Alert severity="error">{translate('vigie.legal.loadError')}</Alert> : null}
        <Box
          role="grid"
          aria-label={formatMonth(month, locale)}
          sx={{
            display: 'grid',
            gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
            borderTop: 1,
            borderLeft: 1,
            borderColor: 'divider',
          }}
        >
          {names.map((name) => (
            <Box
              key={name}
              role="columnheader"
              sx={{
                p: 0.5,
                borderRight: 1,
                borderBottom: 1,
                borderColor: 'divider',
                fontWeight: 600,
                fontSize: '0.8rem',
                textAlign: 'center',
              }}
            >
              {name}
            </Box>
          ))}
          {weeks.flat().map((day) => (
            <Box
              key={day.date}
              role="gridcell"
              data-date={day.date}
              aria-label={formatLocalDateLong(day.date, locale)}
              sx={{
                minHeight: { xs: 64, md: 104 },
                p: 0.5,
                borderRight: 1,
                borderBottom: 1,
                borderColor: 'divider',
                minWidth: 0,
                bgcolor: day.inMonth
                  ? day.weekend
                    ? 'action.hover'
                    : 'background.paper'
                  : 'action.disabledBackground',
                outline: day.isToday ? '2px solid' : 'none',
                outlineColor: 'primary.main',
                outlineOffset: '-2px',
              }}
            >
              <Typography
                variant="caption"
                component="div"
                sx={{
                  fontWeight: day.isToday ? 700 : 400,
                  color: day.inMonth ? 'text.primary' : 'text.disabled',
                }}
              >
                {Number(day.date.slice(8))}
              </Typography>
              {(days.get(day.date) ?? []).map((deadline) => (
                <DeadlineChip key={deadline.id} deadline={deadline} today={today} />
              ))}
            </Box>
          ))}
        </Box>
        <MonthAgenda
          deadlines={(data ?? []).filter((deadline) => deadline.dueAt.startsWith(month))}
          today={today}
        />
      </CardContent>
    </Card>
  );
};

/** On a phone the grid is narrow: the month's deadlines are listed under it, day by day. */
const MonthAgenda = ({ deadlines, today }: { deadlines: DeadlineRecord[]; today: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Box component="ul" sx={{ display: { xs: 'block', md: 'none' }, m: 0, mt: 2, p: 0 }}>
      {deadlines.length === 0 ? (
        <Typography component="li" variant="body2" color="text.secondary" sx={{ listStyle: 'none' }}>
          {translate('vigie.deadlines.noneThisMonth')}
        </Typography>
      ) : null}
      {deadlines.map((deadline) => (
        <Box
          component="li"
          key={deadline.id}
          sx={{ listStyle: 'none', py: 0.75, borderBottom: 1, borderColor: 'divider' }}
        >
          <Typography variant="caption" component="div" color="text.secondary">
            {formatLocalDateLong(deadline.dueAt, locale)}
          </Typography>
          <DeadlineChip deadline={deadline} today={today} />
        </Box>
      ))}
    </Box>
  );
};
