import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { AREAS, type ReportRecord } from '@vigie/domain';
import { Show, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';
import { FOLLOW_MS, isActive } from './params';
import { ReportStatus } from './ReportStatus';
import { periodText, ReportSubject } from './ReportSubject';
import { useMayRetry, useRetryReport } from './useRetryReport';

/** The page title: `Note mensuelle — mars 2025`. */
const ReportTitle = () => {
  const report = useRecordContext<ReportRecord>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!report?.kind) return null;
  const kind = translate(`vigie.publications.kinds.${report.kind}`);
  const period = periodText(report, locale);
  return <>{period ? `${kind} — ${period}` : kind}</>;
};

const ReportDetails = () => {
  const report = useRecordContext<ReportRecord>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const mayRetry = useMayRetry();
  const { retry, isPending } = useRetryReport();
  // An empty record: a 401 signed the user out, and react-admin is on its way to the login page.
  if (!report?.status) return null;
  const t = (key: string, options?: Record<string, unknown>) =>
    translate(`vigie.publications.${key}`, options);
  const at = (value: string | null) => (value ? formatParisDateTime(value, locale) : '—');
  return (
    <Card
      variant="outlined"
      data-testid="current-report"
      data-status={report.status}
      aria-live="polite"
      sx={{ m: { xs: 1, sm: 2 } }}
    >
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {t(`kinds.${report.kind}`)}, <ReportSubject report={report} locale={locale} />
          {report.kind === 'case-dossier'
            ? ''
            : `, ${report.area ? translate(termKey(AREAS, report.area)) : t('allAreas')}`}
          , {report.lang.toUpperCase()}
        </Typography>
        <ReportStatus
          report={report}
          onRetry={mayRetry(report) ? retry : undefined}
          retrying={isPending}
          testIds={{ status: 'current-status', download: 'download-pdf' }}
        />
        <Table size="small" sx={{ mt: 2, maxWidth: 640 }} data-testid="report-details">
          <TableBody>
            <Row label={t('columns.createdBy')} value={report.createdByName ?? t('unknownUser')} />
            <Row label={t('columns.createdAt')} value={at(report.createdAt)} />
            <Row label={t('startedAt')} value={at(report.startedAt)} />
            <Row label={t('finishedAt')} value={at(report.finishedAt)} />
            <Row label={t('attempts')} value={String(report.attempts)} />
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
};

const Row = ({ label, value }: { label: string; value: string }) => (
  <TableRow>
    <TableCell component="th" scope="row" sx={{ width: 200, color: 'text.secondary' }}>
      {label}
    </TableCell>
    <TableCell>{value}</TableCell>
  </TableRow>
);

/** One report: its job followed twice a second while queued or rendering, then its PDF. */
export const ReportShow = () => (
  <Show
    title={<ReportTitle />}
    queryOptions={{
      refetchInterval: (query) => {
        const report = query.state.data as ReportRecord | undefined;
        return report?.status && isActive(report) ? FOLLOW_MS : false;
      },
    }}
  >
    <ReportDetails />
  </Show>
);
