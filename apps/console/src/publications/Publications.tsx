import DownloadIcon from '@mui/icons-material/Download';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import ReplayIcon from '@mui/icons-material/Replay';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { AREAS, type Area, type LegalCaseRecord, type ReportRecord } from '@vigie/domain';
import { useEffect, useState } from 'react';
import {
  Link,
  Title,
  useCanAccess,
  useGetList,
  useGetManyAggregate,
  useLocaleState,
  useNotify,
  useTranslate,
  type TranslateFunction,
} from 'react-admin';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';
import { formatDay, formatMonth } from '../dashboard/format';
import { caseTabPath } from '../legalCases';
import { caseLabel } from '../legalCases/LegalCaseTitle';
import { parisMonth, recentMonths } from '../stats/period';
import { getReport, pdfUrl, requestReport, retryReport } from './api';
import { ReportStatus } from './ReportStatus';
import {
  defaultForm,
  isActive,
  periodKind,
  previewUrl,
  REPORT_KINDS,
  REPORT_LANGS,
  reportRequest,
  type ReportForm,
} from './params';

const POLL_MS = 500;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Publications (issue 5): pick a kind, a period, an area and a language; preview the document;
 * generate it (a job: the page follows its progress); download it; and the list of past ones.
 */
export const Publications = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const { canAccess: canCreate } = useCanAccess({ resource: 'reports', action: 'create' });
  const t = (key: string, options?: Record<string, unknown>) =>
    translate(`vigie.publications.${key}`, options);

  const [form, setForm] = useState<ReportForm>(() => defaultForm(locale));
  const [current, setCurrent] = useState<ReportRecord | null>(null);
  const [sending, setSending] = useState(false);
  const request = reportRequest(form);

  const list = useGetList<ReportRecord>('reports', {
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  const { refetch } = list;
  const anyActive = (list.data ?? []).some(isActive);

  // Follows the requested report until it is done or failed, then refreshes the list.
  const currentId = current?.id;
  const currentActive = current ? isActive(current) : false;
  useEffect(() => {
    if (!currentId || !currentActive) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      getReport(currentId, controller.signal).then(
        (report) => {
          setCurrent(report);
          if (!isActive(report)) void refetch();
        },
        (error: unknown) => {
          if (!controller.signal.aborted) notify(errorMessage(error), { type: 'error' });
        },
      );
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [currentId, currentActive, current, refetch, notify]);

  // Reports queued by someone else (or before a reload) move on in the list too.
  useEffect(() => {
    if (!anyActive) return undefined;
    const timer = setInterval(() => void refetch(), 2000);
    return () => clearInterval(timer);
  }, [anyActive, refetch]);

  const generate = async () => {
    if (!request) return;
    setSending(true);
    try {
      const report = await requestReport(request);
      setCurrent(report);
      void refetch();
    } catch (error) {
      notify(errorMessage(error), { type: 'error' });
    } finally {
      setSending(false);
    }
  };

  const retry = async (id: string) => {
    try {
      const report = await retryReport(id);
      setCurrent(report);
      notify(t('retried'), { type: 'info' });
      void refetch();
    } catch (error) {
      notify(errorMessage(error), { type: 'error' });
    }
  };

  const update = (change: Partial<ReportForm>) => setForm((previous) => ({ ...previous, ...change }));
  const thisYear = Number(parisMonth().slice(0, 4));
  const years = Array.from({ length: 11 }, (_, index) => thisYear - index);
  const months = recentMonths(parisMonth(), 36);

  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title="vigie.publications.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('help')}
      </Typography>
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {t('newReport')}
          </Typography>
          <Box
            component="form"
            aria-label={t('newReport')}
            onSubmit={(event) => {
              event.preventDefault();
              void generate();
            }}
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', md: 'repeat(4, 1fr)' },
              alignItems: 'start',
            }}
          >
            <TextField
              select
              size="small"
              label={t('kind')}
              value={form.kind}
              onChange={(event) => update({ kind: event.target.value as ReportForm['kind'] })}
              id="report-kind"
              name="kind"
            >
              {REPORT_KINDS.map((kind) => (
                <MenuItem key={kind} value={kind}>
                  {t(`kinds.${kind}`)}
                </MenuItem>
              ))}
            </TextField>
            {form.kind === 'monthly-note' ? (
              <TextField
                select
                size="small"
                label={t('month')}
                value={form.month}
                onChange={(event) => update({ month: event.target.value })}
                id="report-month"
                name="month"
              >
                {months.map((month) => (
                  <MenuItem key={month} value={month}>
                    {formatMonth(month, locale)}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
            {form.kind === 'annual-report' ? (
              <TextField
                select
                size="small"
                id="report-year"
                name="year"
                label={t('year')}
                value={form.year}
                onChange={(event) => update({ year: Number(event.target.value) })}
              >
                {years.map((year) => (
                  <MenuItem key={year} value={year}>
                    {year}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
            {form.kind === 'press-release' ? (
              <Stack direction="row" spacing={1}>
                <TextField
                  type="date"
                  size="small"
                  name="from"
                  label={t('from')}
                  value={form.from}
                  onChange={(event) => update({ from: event.target.value })}
                  slotProps={{ inputLabel: { shrink: true } }}
                  fullWidth
                />
                <TextField
                  type="date"
                  size="small"
                  name="to"
                  label={t('to')}
                  value={form.to}
                  onChange={(event) => update({ to: event.target.value })}
                  slotProps={{ inputLabel: { shrink: true } }}
                  fullWidth
                />
              </Stack>
            ) : null}
            <TextField
              select
              size="small"
              id="report-area"
              name="area"
              label={t('area')}
              value={form.area ?? 'all'}
              onChange={(event) =>
                update({ area: event.target.value === 'all' ? null : (event.target.value as Area) })
              }
            >
              <MenuItem value="all">{t('allAreas')}</MenuItem>
              {AREAS.codes.map((code) => (
                <MenuItem key={code} value={code}>
                  {translate(termKey(AREAS, code))}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              id="report-lang"
              name="lang"
              label={t('lang')}
              value={form.lang}
              onChange={(event) => update({ lang: event.target.value as ReportForm['lang'] })}
            >
              {REPORT_LANGS.map((lang) => (
                <MenuItem key={lang} value={lang}>
                  {t(`langs.${lang}`)}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction="row" spacing={1} sx={{ gridColumn: '1 / -1', flexWrap: 'wrap' }}>
              <Button
                variant="outlined"
                startIcon={<OpenInNewIcon />}
                href={request ? previewUrl(request) : '#'}
                disabled={!request}
                target="_blank"
                rel="noopener"
                title={t('previewHelp')}
              >
                {t('preview')}
              </Button>
              {canCreate ? (
                <Button
                  type="submit"
                  variant="contained"
                  startIcon={<PictureAsPdfIcon />}
                  disabled={!request || sending}
                >
                  {sending ? t('generating') : t('generate')}
                </Button>
              ) : null}
            </Stack>
          </Box>
          {request ? null : (
            <Alert severity="warning" sx={{ mt: 2 }}>
              {t('invalidPeriod')}
            </Alert>
          )}
          {canCreate === false ? (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
              {t('readOnly')}
            </Typography>
          ) : null}
        </CardContent>
      </Card>
      {current ? (
        <CurrentReport report={current} t={t} translate={translate} locale={locale} onRetry={retry} />
      ) : null}
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>
        {t('history')}
      </Typography>
      {list.error ? <Alert severity="error">{t('loadError')}</Alert> : null}
      {list.isPending ? <LinearProgress /> : null}
      {list.data && list.data.length === 0 ? (
        <Typography color="text.secondary">{t('empty')}</Typography>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <TableContainer>
          <Table size="small" data-testid="reports-table">
            <TableHead>
              <TableRow>
                {[
                  'kind',
                  'period',
                  'area',
                  'lang',
                  'status',
                  'pages',
                  'sha256',
                  'createdBy',
                  'createdAt',
                  'actions',
                ].map((column) => (
                  <TableCell key={column}>{t(`columns.${column}`)}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {list.data.map((report) => (
                <TableRow key={report.id} data-id={report.id} data-status={report.status}>
                  <TableCell>{t(`kinds.${report.kind}`)}</TableCell>
                  <TableCell>
                    <ReportSubject report={report} locale={locale} />
                  </TableCell>
                  <TableCell>
                    {report.area ? translate(termKey(AREAS, report.area)) : t('allAreas')}
                  </TableCell>
                  <TableCell>{report.lang.toUpperCase()}</TableCell>
                  <TableCell title={report.error ?? undefined}>
                    {t(`status.${report.status}`)}
                    {isActive(report) ? ` (${report.progress} %)` : ''}
                  </TableCell>
                  <TableCell>{report.pageCount ?? ''}</TableCell>
                  <TableCell title={report.sha256 ?? undefined} sx={{ fontFamily: 'monospace' }}>
                    {report.sha256 ? `${report.sha256.slice(0, 12)}…` : ''}
                  </TableCell>
                  <TableCell data-testid="created-by">{report.createdByName ?? t('unknownUser')}</TableCell>
                  <TableCell>{formatParisDateTime(report.createdAt, locale)}</TableCell>
                  <TableCell>
                    {report.status === 'done' ? (
                      <Button size="small" href={pdfUrl(report.id)} download startIcon={<DownloadIcon />}>
                        PDF
                      </Button>
                    ) : null}
                    {report.status === 'failed' && canCreate ? (
                      <Button size="small" onClick={() => void retry(report.id)} startIcon={<ReplayIcon />}>
                        {t('retry')}
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      ) : null}
    </Box>
  );
};

function periodText(report: Pick<ReportRecord, 'from' | 'to'>, locale: string): string {
  if (report.from === null || report.to === null) return '';
  const period = { from: report.from, to: report.to };
  const named = periodKind(period);
  if (named && 'month' in named) return formatMonth(named.month, locale);
  if (named && 'year' in named) return named.year;
  return `${formatDay(period.from, locale)} – ${formatDay(period.to, locale)}`;
}

/**
 * What a report covers: its period, or for a case dossier its case (a link, for the roles that
 * read cases; the others never see another case's name).
 */
const ReportSubject = ({ report, locale }: { report: ReportRecord; locale: string }) => {
  const { canAccess } = useCanAccess({ resource: 'legal-cases', action: 'show' });
  const caseId = report.kind === 'case-dossier' ? report.caseId : null;
  const { data } = useGetManyAggregate<LegalCaseRecord>(
    'legal-cases',
    { ids: caseId ? [caseId] : [] },
    { enabled: caseId !== null && canAccess === true },
  );
  if (report.kind !== 'case-dossier') return <>{periodText(report, locale)}</>;
  const item = data?.[0];
  if (!caseId || !item) return <>—</>;
  return <Link to={caseTabPath(caseId, 'dossier')}>{caseLabel(item)}</Link>;
};

const CurrentReport = ({
  report,
  t,
  translate,
  locale,
  onRetry,
}: {
  report: ReportRecord;
  t: (key: string, options?: Record<string, unknown>) => string;
  translate: TranslateFunction;
  locale: string;
  onRetry: (id: string) => Promise<void>;
}) => (
  <Card variant="outlined" data-testid="current-report" data-status={report.status} aria-live="polite">
    <CardContent>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('current')} — {t(`kinds.${report.kind}`)}, <ReportSubject report={report} locale={locale} />,{' '}
        {report.area ? translate(termKey(AREAS, report.area)) : t('allAreas')}, {report.lang.toUpperCase()}
      </Typography>
      <ReportStatus
        report={report}
        onRetry={onRetry}
        testIds={{ status: 'current-status', download: 'download-pdf' }}
      />
    </CardContent>
  </Card>
);
