import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { AREAS, isDate, parisMonth, type ComparisonPeriods, type StatsSummary } from '@vigie/domain';
import { Title, useLocaleState, useLocation, useNavigate, useTranslate } from 'react-admin';
import { termKey } from '../common/choices';
import { changeOf, formatChange, pointChange, type Change } from '../stats/change';
import { recentMonths, seriesInterval } from '../stats/choices';
import { useStatsSeries, useStatsSummary, type StatsFilter } from '../stats/useStats';
import { BarChart } from './BarChart';
import { readChoice, searchOf } from './choice';
import { CommuneMap } from './CommuneMap';
import { COUNT_FIGURES, SHARE_FIGURES } from './figures';
import { formatDay, formatMonth, formatPercent, formatPeriod, numberFormat } from './format';

const CHART_TITLE = { day: 'perDay', week: 'perWeek', month: 'perMonth' } as const;

export const Dashboard = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const location = useLocation();
  const navigate = useNavigate();
  const choice = readChoice(location.search);
  const format = numberFormat(locale);
  const t = (key: string, options?: Record<string, unknown>) => translate(`vigie.dashboard.${key}`, options);

  const go = (values: Record<string, string | null>) =>
    navigate({ pathname: location.pathname, search: searchOf(values) }, { replace: true });
  const areaParam = choice.area;

  const filter: StatsFilter = { ...choice.period, area: choice.area };
  const interval = seriesInterval(choice.period);
  // One request: the period's figures, the periods the API compares it with, and their figures.
  const summary = useStatsSummary(filter, { compare: true });
  const series = useStatsSeries(filter, interval, 'evictions');
  const current = summary.data ?? null;
  const before = current?.comparisons?.previous ?? null;
  const yearAgo = current?.comparisons?.yearBefore ?? null;

  // Sixty months up to now, or up to the month shown when it is later (planned test data, typos).
  const latest = parisMonth();
  const months = recentMonths(choice.month > latest ? choice.month : latest, 60);
  if (!months.includes(choice.month)) months.push(choice.month);
  const words = { new: t('new'), points: t('points') };
  const error = summary.error ?? series.error;

  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title="vigie.dashboard.title" />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { md: 'center' } }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={choice.mode}
          aria-label={t('period')}
          sx={{ whiteSpace: 'nowrap' }}
          onChange={(_event, mode: 'month' | 'custom' | null) => {
            if (mode === 'custom') go({ from: choice.period.from, to: choice.period.to, area: areaParam });
            if (mode === 'month') go({ month: choice.month, area: areaParam });
          }}
        >
          <ToggleButton value="month">{t('month')}</ToggleButton>
          <ToggleButton value="custom">{t('custom')}</ToggleButton>
        </ToggleButtonGroup>
        {choice.mode === 'month' ? (
          <TextField
            select
            size="small"
            label={t('month')}
            value={choice.month}
            onChange={(event) => go({ month: event.target.value, area: areaParam })}
            sx={{ minWidth: 200 }}
            id="dashboard-month"
            name="month"
          >
            {months.map((month) => (
              <MenuItem key={month} value={month}>
                {formatMonth(month, locale)}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <Stack direction="row" spacing={1}>
            <DateField
              label={t('from')}
              name="from"
              value={
                choice.valid ? choice.period.from : (new URLSearchParams(location.search).get('from') ?? '')
              }
              onChange={(from) =>
                go({ from, to: new URLSearchParams(location.search).get('to'), area: areaParam })
              }
            />
            <DateField
              label={t('to')}
              name="to"
              value={choice.valid ? choice.period.to : (new URLSearchParams(location.search).get('to') ?? '')}
              onChange={(to) =>
                go({ from: new URLSearchParams(location.search).get('from'), to, area: areaParam })
              }
            />
          </Stack>
        )}
        <TextField
          select
          size="small"
          label={t('area')}
          value={choice.area ?? 'all'}
          onChange={(event) =>
            go({
              ...(choice.mode === 'month'
                ? { month: choice.month }
                : Object.fromEntries(new URLSearchParams(location.search))),
              area: event.target.value === 'all' ? null : event.target.value,
            })
          }
          sx={{ minWidth: 200 }}
          id="dashboard-area"
          name="area"
        >
          <MenuItem value="all">{t('allAreas')}</MenuItem>
          {AREAS.codes.map((code) => (
            <MenuItem key={code} value={code}>
              {translate(termKey(AREAS, code))}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {choice.valid ? null : (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('invalidPeriod')}
        </Alert>
      )}
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {t('error', {
            message: translate(error.message, { _: error.message }),
          })}
        </Alert>
      ) : null}
      <ComparedPeriods periods={current?.periods ?? null} locale={locale} t={t} />
      {summary.isPending ? <LinearProgress aria-label={t('loading')} sx={{ mb: 1 }} /> : null}
      <Box
        data-testid="key-figures"
        data-from={current?.from}
        data-to={current?.to}
        data-area={current ? (current.area ?? 'all') : undefined}
        aria-busy={summary.isPending}
        sx={{
          display: 'grid',
          gap: 1.5,
          gridTemplateColumns: { xs: 'repeat(2, 1fr)', sm: 'repeat(3, 1fr)', lg: 'repeat(5, 1fr)' },
          mb: 2,
        }}
      >
        {current
          ? COUNT_FIGURES.map(([name, read]) => {
              const value = read(current);
              const old = before ? read(before) : null;
              const yearBefore = yearAgo ? read(yearAgo) : null;
              return (
                <FigureCard
                  key={name}
                  name={name}
                  title={t(`figures.${name}`)}
                  value={value}
                  display={format(value)}
                  change={old === null ? null : changeOf(value, old)}
                  changeText={(change) => formatChange(change, locale, words)}
                  previous={old === null ? null : t('previous', { value: format(old) })}
                  previousValue={old}
                  yearBefore={yearBefore === null ? null : t('yearBefore', { value: format(yearBefore) })}
                  yearBeforeValue={yearBefore}
                />
              );
            })
          : null}
        {current
          ? SHARE_FIGURES.map((name) => {
              const share = current.shares[name];
              const old = before ? before.shares[name] : null;
              const yearBefore = yearAgo ? yearAgo.shares[name] : null;
              const percent = formatPercent(share.ofKnown, locale);
              return (
                <FigureCard
                  key={name}
                  name={name}
                  title={t(`figures.${name}`)}
                  value={share.count}
                  display={percent ?? '—'}
                  detail={
                    percent === null
                      ? t('unknownShare')
                      : t('ofKnown', { count: format(share.count), known: format(share.known) })
                  }
                  change={old ? pointChange(share.ofKnown, old.ofKnown) : null}
                  changeText={(change) => formatChange(change, locale, words, 'points')}
                  previous={old ? t('previous', { value: formatPercent(old.ofKnown, locale) ?? '—' }) : null}
                  yearBefore={
                    yearBefore
                      ? t('yearBefore', { value: formatPercent(yearBefore.ofKnown, locale) ?? '—' })
                      : null
                  }
                />
              );
            })
          : null}
      </Box>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 2 }}>
        {t('minimum')}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              {t(CHART_TITLE[interval])}
            </Typography>
            {series.data && series.data.from === filter.from && series.data.to === filter.to ? (
              <BarChart
                format={format}
                label={t('chartLabel', {
                  title: t(CHART_TITLE[interval]),
                  from: formatDay(series.data.from, locale),
                  to: formatDay(series.data.to, locale),
                  total: format(series.data.total),
                  max: format(Math.max(0, ...series.data.buckets.map((bucket) => bucket.value))),
                })}
                bars={series.data.buckets.map((bucket) => ({
                  label:
                    interval === 'month'
                      ? formatMonth(bucket.period, locale)
                      : formatDay(bucket.start, locale, { year: undefined }),
                  value: bucket.value,
                }))}
              />
            ) : null}
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('perCommune')}
            </Typography>
            {current ? <CommuneTable summary={current} format={format} t={t} /> : null}
          </CardContent>
        </Card>
      </Box>
      <Card variant="outlined" sx={{ mt: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {t('map')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {t('mapHelp')}
          </Typography>
          <CommuneMap counts={current?.evictions.byCommune ?? []} label={t('map')} format={format} />
        </CardContent>
      </Card>
    </Box>
  );
};

/**
 * The period shown and the periods it is compared with, as the statistics API chose them (the
 * same as a publication on the same period prints).
 */
const ComparedPeriods = ({
  periods,
  locale,
  t,
}: {
  periods: ComparisonPeriods | null;
  locale: string;
  t: (key: string, options?: Record<string, unknown>) => string;
}) => {
  if (!periods) return <Box sx={{ mb: 1, minHeight: 20 }} />;
  const { current, previous, yearBefore } = periods;
  const ends = (period: { from: string; to: string }) => `${period.from}/${period.to}`;
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      sx={{ mb: 1 }}
      data-testid="comparison-periods"
      data-current={ends(current)}
      data-previous={ends(previous)}
      data-year-before={yearBefore ? ends(yearBefore) : undefined}
    >
      <Box component="span" data-testid="period-current" sx={{ fontWeight: 500 }}>
        {formatPeriod(current, locale)}
      </Box>
      {' · '}
      <span data-testid="period-previous">
        {t('previousPeriod', { period: formatPeriod(previous, locale) })}
      </span>
      {yearBefore ? (
        <>
          {' · '}
          <span data-testid="period-year-before">
            {t('yearBeforePeriod', { period: formatPeriod(yearBefore, locale) })}
          </span>
        </>
      ) : null}
    </Typography>
  );
};

const DateField = ({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}) => (
  <TextField
    type="date"
    size="small"
    label={label}
    name={name}
    value={value}
    onChange={(event) => {
      if (isDate(event.target.value)) onChange(event.target.value);
    }}
    slotProps={{ inputLabel: { shrink: true } }}
  />
);

const FigureCard = ({
  name,
  title,
  value,
  display,
  detail,
  change,
  changeText,
  previous,
  previousValue,
  yearBefore,
  yearBeforeValue,
}: {
  name: string;
  title: string;
  value: number;
  display: string;
  detail?: string;
  change: Change | null;
  changeText: (change: Change) => string;
  previous: string | null;
  /** The raw figures of the compared periods, for a reader of the page's markup (the tests). */
  previousValue?: number | null;
  yearBefore: string | null;
  yearBeforeValue?: number | null;
}) => (
  <Card
    variant="outlined"
    data-testid={`figure-${name}`}
    data-value={value}
    data-previous={previousValue ?? undefined}
    data-year-before={yearBeforeValue ?? undefined}
  >
    <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
      <Typography variant="body2" color="text.secondary" component="h3">
        {title}
      </Typography>
      <Typography variant="h5" component="p" data-testid="value">
        {display}
      </Typography>
      {detail ? (
        <Typography variant="caption" color="text.secondary" component="p">
          {detail}
        </Typography>
      ) : null}
      {change ? (
        <Typography variant="caption" component="p" title={previous ?? undefined} data-testid="change">
          {changeText(change)}
          {previous ? <Box component="span" sx={{ color: 'text.secondary' }}>{` · ${previous}`}</Box> : null}
        </Typography>
      ) : null}
      {yearBefore ? (
        <Typography variant="caption" color="text.secondary" component="p" data-testid="year-before">
          {yearBefore}
        </Typography>
      ) : null}
    </CardContent>
  </Card>
);

const CommuneTable = ({
  summary,
  format,
  t,
}: {
  summary: StatsSummary;
  format: (n: number) => string;
  t: (key: string) => string;
}) => {
  const rows = summary.evictions.byCommune;
  if (rows.length === 0 && summary.evictions.outsideAreas === 0) {
    return <Typography color="text.secondary">{t('noEviction')}</Typography>;
  }
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <Table size="small" data-testid="commune-table">
      <TableHead>
        <TableRow>
          <TableCell>{t('commune')}</TableCell>
          <TableCell align="right">{t('count')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.code} data-code={row.code}>
            <TableCell>{row.name}</TableCell>
            <TableCell align="right">
              <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 1 }}>
                <Box
                  aria-hidden
                  sx={{
                    height: 8,
                    width: `${(row.count / max) * 80}px`,
                    bgcolor: 'primary.main',
                    borderRadius: 1,
                  }}
                />
                {format(row.count)}
              </Box>
            </TableCell>
          </TableRow>
        ))}
        {summary.area === null && summary.evictions.outsideAreas > 0 ? (
          <TableRow>
            <TableCell>{t('outsideAreas')}</TableCell>
            <TableCell align="right">{format(summary.evictions.outsideAreas)}</TableCell>
          </TableRow>
        ) : null}
      </TableBody>
    </Table>
  );
};
