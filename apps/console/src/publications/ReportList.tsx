import DownloadIcon from '@mui/icons-material/Download';
import ReplayIcon from '@mui/icons-material/Replay';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { AREAS, type ReportRecord } from '@vigie/domain';
import {
  CreateButton,
  Datagrid,
  FunctionField,
  List,
  SelectInput,
  TopToolbar,
  useCanAccess,
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';
import { reportPdfUrl } from '../dataProvider';
import { isActive, REPORT_KINDS, REPORT_STATUSES } from './params';
import { ReportSubject } from './ReportSubject';
import { useMayRetry, useRetryReport } from './useRetryReport';

/** Reports queued by someone else (or before a reload) move on in the list too. */
const LIST_FOLLOW_MS = 2000;

const reportFilters = [
  <SelectInput
    key="kind"
    source="kind"
    label="vigie.publications.kind"
    choices={REPORT_KINDS.map((kind) => ({ id: kind, name: `vigie.publications.kinds.${kind}` }))}
    alwaysOn
  />,
  <SelectInput
    key="status"
    source="status"
    label="vigie.publications.columns.status"
    choices={REPORT_STATUSES.map((status) => ({ id: status, name: `vigie.publications.status.${status}` }))}
    alwaysOn
  />,
];

/** Roles that read the publications without generating any are told so, rather than left guessing. */
const ReportListActions = () => {
  const translate = useTranslate();
  const { canAccess, isPending } = useCanAccess({ resource: 'reports', action: 'create' });
  return (
    <TopToolbar sx={{ alignItems: 'center' }}>
      {!isPending && canAccess === false ? (
        <Typography variant="body2" color="text.secondary">
          {translate('vigie.publications.readOnly')}
        </Typography>
      ) : null}
      <CreateButton label="vigie.publications.newReport" />
    </TopToolbar>
  );
};

/** Each action of a row, without opening the row. */
const stop = (event: { stopPropagation: () => void }) => event.stopPropagation();

const ReportActions = ({ report, canRetry }: { report: ReportRecord; canRetry: boolean }) => {
  const translate = useTranslate();
  const { retry, isPending } = useRetryReport();
  if (report.status === 'done') {
    return (
      <Button
        size="small"
        href={reportPdfUrl(report.id)}
        download
        onClick={stop}
        startIcon={<DownloadIcon />}
        aria-label={translate('vigie.publications.download')}
      >
        PDF
      </Button>
    );
  }
  if (report.status === 'failed' && canRetry) {
    return (
      <Button
        size="small"
        disabled={isPending}
        onClick={(event) => {
          stop(event);
          retry(report.id);
        }}
        startIcon={<ReplayIcon />}
      >
        {translate('vigie.publications.retry')}
      </Button>
    );
  }
  return null;
};

/**
 * « Publications »: every generated document, newest first, with where its job stands; a row opens
 * the report (its progress, its PDF). Followed every two seconds while one is queued or rendering.
 */
export const ReportList = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const mayRetry = useMayRetry();
  const t = (key: string, options?: Record<string, unknown>) =>
    translate(`vigie.publications.${key}`, options);
  return (
    <List
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      filters={reportFilters}
      actions={<ReportListActions />}
      queryOptions={{
        refetchInterval: (query) =>
          (query.state.data?.data ?? []).some((report) => isActive(report as ReportRecord))
            ? LIST_FOLLOW_MS
            : false,
      }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
        {t('help')}
      </Typography>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <FunctionField<ReportRecord>
          source="kind"
          label="vigie.publications.columns.kind"
          render={(report) => t(`kinds.${report.kind}`)}
        />
        <FunctionField<ReportRecord>
          source="from"
          label="vigie.publications.columns.period"
          render={(report) => <ReportSubject report={report} locale={locale} />}
        />
        <FunctionField<ReportRecord>
          label="vigie.publications.columns.area"
          sortable={false}
          render={(report) => (report.area ? translate(termKey(AREAS, report.area)) : t('allAreas'))}
        />
        <FunctionField<ReportRecord>
          label="vigie.publications.columns.lang"
          sortable={false}
          render={(report) => report.lang.toUpperCase()}
        />
        <FunctionField<ReportRecord>
          source="status"
          label="vigie.publications.columns.status"
          render={(report) => (
            <Box
              component="span"
              data-testid="report-status"
              data-id={report.id}
              data-status={report.status}
              title={report.error ?? undefined}
            >
              {t(`status.${report.status}`)}
              {isActive(report) ? ` (${report.progress} %)` : ''}
            </Box>
          )}
        />
        <FunctionField<ReportRecord>
          label="vigie.publications.columns.pages"
          sortable={false}
          render={(report) => report.pageCount ?? ''}
        />
        <FunctionField<ReportRecord>
          label="vigie.publications.columns.sha256"
          sortable={false}
          render={(report) => (
            <Box component="span" title={report.sha256 ?? undefined} sx={{ fontFamily: 'monospace' }}>
              {report.sha256 ? `${report.sha256.slice(0, 12)}…` : ''}
            </Box>
          )}
        />
        <FunctionField<ReportRecord>
          label="vigie.publications.columns.createdBy"
          sortable={false}
          render={(report) => report.createdByName ?? t('unknownUser')}
        />
        <FunctionField<ReportRecord>
          source="createdAt"
          label="vigie.publications.columns.createdAt"
          render={(report) => formatParisDateTime(report.createdAt, locale)}
        />
        <FunctionField<ReportRecord>
          label="vigie.publications.columns.actions"
          sortable={false}
          render={(report) => <ReportActions report={report} canRetry={mayRetry(report)} />}
        />
      </Datagrid>
    </List>
  );
};
