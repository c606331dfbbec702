import DownloadIcon from '@mui/icons-material/Download';
import ReplayIcon from '@mui/icons-material/Replay';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { ReportRecord } from '@vigie/domain';
import { reportPdfUrl } from '../dataProvider';

/**
 * Where a report's job stands: its status and progress, why it failed (with « Réessayer » when the
 * reader may retry it), and once done its PDF to download, its page count and its SHA-256. Shared
 * by a publication's page and a case's « Dossier » tab.
 */
export const ReportStatus = ({
  report,
  onRetry,
  retrying = false,
  testIds,
}: {
  report: ReportRecord;
  onRetry?: (id: string) => void;
  /** A retry is on its way: the button waits. */
  retrying?: boolean;
  /** `data-testid`s of the status line and the download link. */
  testIds: { status: string; download: string };
}) => {
  const translate = useTranslate();
  const t = (key: string, options?: Record<string, unknown>) =>
    translate(`vigie.publications.${key}`, options);
  return (
    <>
      <Typography variant="body2" data-testid={testIds.status}>
        {t(`status.${report.status}`)} · {t('progress', { progress: report.progress })}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={report.progress}
        aria-label={t('progress', { progress: report.progress })}
        color={report.status === 'failed' ? 'error' : report.status === 'done' ? 'success' : 'primary'}
        sx={{ my: 1, height: 8, borderRadius: 1 }}
      />
      {report.status === 'failed' ? (
        <Alert
          severity="error"
          action={
            onRetry ? (
              <Button
                color="inherit"
                size="small"
                disabled={retrying}
                onClick={() => onRetry(report.id)}
                startIcon={<ReplayIcon />}
              >
                {t('retry')}
              </Button>
            ) : undefined
          }
        >
          {t('failed', { error: report.error ?? '' })}
        </Alert>
      ) : null}
      {report.status === 'done' ? (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Button
            variant="contained"
            href={reportPdfUrl(report.id)}
            download
            startIcon={<DownloadIcon />}
            data-testid={testIds.download}
          >
            {t('download')}
          </Button>
          <Typography variant="body2">{t('pages', { smart_count: report.pageCount ?? 0 })}</Typography>
          <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            SHA-256 {report.sha256}
          </Typography>
        </Stack>
      ) : null}
    </>
  );
};
