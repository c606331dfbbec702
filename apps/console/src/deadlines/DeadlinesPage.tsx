import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import DownloadIcon from '@mui/icons-material/Download';
import ViewListIcon from '@mui/icons-material/ViewList';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { Title, useStore, useTranslate } from 'react-admin';
import { URGENCY_SX } from './DueDate';
import { CalendarFeed } from './CalendarFeed';
import { DeadlineCalendar } from './DeadlineCalendar';
import { DeadlineList } from './DeadlineList';
import { urgencyClass } from './urgency';

type View = 'list' | 'calendar';

/** The highlights, said in words next to their colours. */
const UrgencyLegend = () => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
      {(['overdue', 'soon', 'available'] as const).map((urgency) => (
        <Box
          key={urgency}
          component="span"
          className={urgencyClass(urgency)}
          sx={{ px: 0.75, py: 0.25, borderRadius: 1, fontSize: '0.8rem', ...URGENCY_SX[urgency] }}
        >
          {translate(`vigie.deadlines.legend.${urgency}`)}
        </Box>
      ))}
    </Stack>
  );
};

/**
 * « Échéances » (DESIGN §3 deadlines), the legal team's home page: every case's deadlines as a
 * list or a month calendar, the iCalendar download and the subscription from a phone's calendar.
 */
export const DeadlinesPage = () => {
  const translate = useTranslate();
  const [view, setView] = useStore<View>('deadlines.view', 'list');
  return (
    <Box sx={{ pb: 2 }} data-testid="deadlines-page" data-view={view}>
      <Title title="vigie.deadlines.title" />
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'center' }, mt: 1, mb: 1, flexWrap: 'wrap' }}
        useFlexGap
      >
        <ToggleButtonGroup
          exclusive
          size="small"
          value={view}
          aria-label={translate('vigie.deadlines.view')}
          onChange={(_event, next: View | null) => {
            if (next) setView(next);
          }}
        >
          <ToggleButton value="list" aria-label={translate('vigie.deadlines.list')}>
            <ViewListIcon fontSize="small" sx={{ mr: 0.5 }} />
            {translate('vigie.deadlines.list')}
          </ToggleButton>
          <ToggleButton value="calendar" aria-label={translate('vigie.deadlines.calendar')}>
            <CalendarMonthIcon fontSize="small" sx={{ mr: 0.5 }} />
            {translate('vigie.deadlines.calendar')}
          </ToggleButton>
        </ToggleButtonGroup>
        <UrgencyLegend />
        <Button
          aria-label={translate('vigie.deadlines.downloadIcs')}
          startIcon={<DownloadIcon />}
          href="/api/deadlines.ics"
          download
          sx={{ ml: { sm: 'auto' } }}
        >
          {translate('vigie.deadlines.downloadIcs')}
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('vigie.deadlines.help')}
      </Typography>
      {view === 'calendar' ? <DeadlineCalendar /> : <DeadlineList />}
      <CalendarFeed />
    </Box>
  );
};
