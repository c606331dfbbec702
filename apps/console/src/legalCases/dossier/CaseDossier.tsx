import DownloadIcon from '@mui/icons-material/Download';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  useDataProvider,
  useGetList,
  useGetOne,
  useLocaleState,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { ReportRecord } from '@vigie/domain';
import { useCanReadRestricted } from '../../auth/useCanReadRestricted';
import { formatParisDateTime } from '../../common/parisTime';
import { reportPdfUrl, type VigieDataProvider } from '../../dataProvider';
import { isActive } from '../../publications/params';
import { ReportStatus } from '../../publications/ReportStatus';

const POLL_MS = 1000;

const followWhileActive = (report: ReportRecord | undefined) =>
  report && isActive(report) ? POLL_MS : false;

/** The dossier being generated: its progress, then its PDF. */
const CurrentDossier = ({ id }: { id: string }) => {
  const { data: report } = useGetOne<ReportRecord>(
    'reports',
    { id },
    { refetchInterval: (query) => followWhileActive(query.state.data) },
  );
  if (!report) return <LinearProgress />;
  return (
    <Card
      variant="outlined"
      data-testid="current-dossier"
      data-status={report.status}
      aria-live="polite"
      sx={{ mt: 2 }}
    >
      <CardContent>
        <ReportStatus report={report} testIds={{ status: 'dossier-status', download: 'download-dossier' }} />
      </CardContent>
    </Card>
  );
};

/**
 * « Dossier »: a PDF of the case (chronology, linked observations and incidents, map, exhibits
 * with their SHA-256), in French or English, with or without the restricted text; its progress,
 * its download, and the case's dossiers generated so far.
 */
export const CaseDossier = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const canReadRestricted = useCanReadRestricted();
  const [lang, setLang] = useState<'fr' | 'en'>(locale === 'en' ? 'en' : 'fr');
  const [includeRestricted, setIncludeRestricted] = useState(false);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const caseId = String(record?.id ?? '');
  const t = (key: string, options?: Record<string, unknown>) =>
    translate(`vigie.publications.${key}`, options);
  const list = useGetList<ReportRecord>(
    'reports',
    {
      filter: { kind: 'case-dossier', caseId },
      sort: { field: 'createdAt', order: 'DESC' },
      pagination: { page: 1, perPage: 50 },
    },
    {
      enabled: caseId !== '',
      refetchInterval: (query) => ((query.state.data?.data ?? []).some(isActive) ? 2000 : false),
    },
  );
  if (!record) return null;

  const generate = async () => {
    setSending(true);
    try {
      const report = await dataProvider.requestCaseDossier({
        caseId,
        lang,
        includeRestricted: canReadRestricted === true && includeRestricted,
      });
      setCurrentId(report.id);
      void list.refetch();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSending(false);
    }
  };

  return (
    <Box sx={{ width: '100%' }} data-testid="case-dossier">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('vigie.legal.dossier.help')}
      </Typography>
      <Box
        component="form"
        aria-label={translate('vigie.legal.dossier.generate')}
        onSubmit={(event) => {
          event.preventDefault();
          void generate();
        }}
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}
      >
        <TextField
          select
          size="small"
          id="dossier-lang"
          name="lang"
          label={t('lang')}
          value={lang}
          onChange={(event) => setLang(event.target.value === 'en' ? 'en' : 'fr')}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="fr">{t('langs.fr')}</MenuItem>
          <MenuItem value="en">{t('langs.en')}</MenuItem>
        </TextField>
        {canReadRestricted ? (
          <FormControlLabel
            control={
              <Checkbox
                name="includeRestricted"
                checked={includeRestricted}
                onChange={(event) => setIncludeRestricted(event.target.checked)}
              />
            }
            label={translate('vigie.legal.dossier.includeRestricted')}
          />
        ) : null}
        <Button
          aria-label={translate(sending ? 'vigie.publications.generating' : 'vigie.legal.dossier.generate')}
          type="submit"
          variant="contained"
          startIcon={<PictureAsPdfIcon />}
          disabled={sending}
        >
          {translate(sending ? 'vigie.publications.generating' : 'vigie.legal.dossier.generate')}
        </Button>
      </Box>
      {includeRestricted ? (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {translate('vigie.legal.dossier.restrictedWarning')}
        </Alert>
      ) : null}
      {currentId ? <CurrentDossier id={currentId} /> : null}
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>
        {translate('vigie.legal.dossier.history')}
      </Typography>
      {list.isPending ? <LinearProgress /> : null}
      {list.error ? <Alert severity="info">{translate('vigie.legal.dossier.listUnavailable')}</Alert> : null}
      {list.data && list.data.length === 0 ? (
        <Typography color="text.secondary">{translate('vigie.legal.dossier.none')}</Typography>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <Table size="small" data-testid="dossiers-table">
          <TableHead>
            <TableRow>
              {['createdAt', 'lang', 'status', 'pages', 'sha256', 'createdBy', 'actions'].map((column) => (
                <TableCell key={column}>{t(`columns.${column}`)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {list.data.map((report) => (
              <TableRow key={report.id} data-id={report.id} data-status={report.status}>
                <TableCell>{formatParisDateTime(report.createdAt, locale)}</TableCell>
                <TableCell>{report.lang.toUpperCase()}</TableCell>
                <TableCell title={report.error ?? undefined}>
                  {t(`status.${report.status}`)}
                  {isActive(report) ? ` (${report.progress} %)` : ''}
                </TableCell>
                <TableCell>{report.pageCount ?? ''}</TableCell>
                <TableCell title={report.sha256 ?? undefined} sx={{ fontFamily: 'monospace' }}>
                  {report.sha256 ? `${report.sha256.slice(0, 12)}…` : ''}
                </TableCell>
                <TableCell>{report.createdByName ?? t('unknownUser')}</TableCell>
                <TableCell>
                  {report.status === 'done' ? (
                    <Button size="small" href={reportPdfUrl(report.id)} download startIcon={<DownloadIcon />}>
                      PDF
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Box>
  );
};
