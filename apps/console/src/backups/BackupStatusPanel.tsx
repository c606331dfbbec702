import BackupIcon from '@mui/icons-material/Backup';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { BackupScheduleStatus, BackupStatus } from '@vigie/domain';
import {
  Button,
  HttpError,
  useDataProvider,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import type { VigieDataProvider } from '../dataProvider';
import { formatBytes } from '../evidence/format';

const T = 'vigie.backups';
export const BACKUP_STATUS_QUERY_KEY = ['backups', 'status'];

/** While a run is under way the page follows it; otherwise a minute is fresh enough. */
const refetchInterval = (status: BackupStatus | undefined) => (status?.running ? 2_000 : 60_000);

const Fact = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Box>
    <Typography variant="subtitle2" component="h3">
      {label}
    </Typography>
    <Typography variant="body2">{children}</Typography>
  </Box>
);

const ScheduleLine = ({ label, schedule }: { label: string; schedule: BackupScheduleStatus }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" data-configured={schedule.configured}>
      {translate(label, { cron: schedule.cron })} —{' '}
      {schedule.configured
        ? translate(`${T}.schedule.configured`)
        : translate(`${T}.schedule.notConfigured`, { missing: schedule.missing.join(', ') })}
    </Typography>
  );
};

/**
 * The top of « Sauvegardes »: the last backup (when, size, destination), the last successful drill,
 * warnings (stale, drill failed), recent failures with their reason, the schedule, and the button
 * that starts a backup now.
 */
export const BackupStatusPanel = () => {
  const dataProvider = useDataProvider<VigieDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const [locale] = useLocaleState();
  const status = useQuery({
    queryKey: BACKUP_STATUS_QUERY_KEY,
    queryFn: ({ signal }) => dataProvider.getBackupStatus({ signal }),
    refetchInterval: (query) => refetchInterval(query.state.data),
  });
  const run = useMutation({
    mutationFn: () => dataProvider.runBackup(),
    onSuccess: () => notify(`${T}.started`, { type: 'info' }),
    onError: (error) => {
      if (error instanceof HttpError && error.status === 409)
        notify(`${T}.alreadyRunning`, { type: 'warning' });
      else notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: BACKUP_STATUS_QUERY_KEY });
      refresh();
    },
  });
  // When a run ends, the list below shows how.
  const runningId = status.data?.running?.runId ?? null;
  const followed = useRef<string | null>(null);
  useEffect(() => {
    if (followed.current !== null && runningId !== followed.current) refresh();
    followed.current = runningId;
  }, [runningId, refresh]);
  const at = (value: string) => formatParisDateTime(value, locale);

  if (status.error) return <Alert severity="error">{translate(`${T}.loadError`)}</Alert>;
  if (!status.data) return <LinearProgress />;
  const { lastBackup, lastDrill, failures, running, schedule, stale, drillFailed } = status.data;
  return (
    <Card sx={{ mt: 1 }} data-testid="backup-status">
      <CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Typography variant="body2" color="text.secondary">
          {translate(`${T}.help`)}
        </Typography>
        {stale ? (
          <Alert severity="error" data-backup="stale">
            {translate(`${T}.stale`)}
          </Alert>
        ) : null}
        {drillFailed ? (
          <Alert severity="error" data-backup="drill-failed">
            {translate(`${T}.drillFailed`)}
          </Alert>
        ) : null}
        {!stale && !drillFailed ? (
          <Alert severity="success" data-backup="ok">
            {translate(`${T}.upToDate`)}
          </Alert>
        ) : null}
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
          <Fact label={translate(`${T}.lastBackup`)}>
            {lastBackup
              ? translate(`${T}.backupFacts`, {
                  at: at(lastBackup.at),
                  size: formatBytes(lastBackup.sizeBytes, locale),
                  destination: lastBackup.destination ?? '',
                })
              : translate(`${T}.never`)}
          </Fact>
          <Fact label={translate(`${T}.lastDrill`)}>
            {lastDrill
              ? translate(`${T}.drillFacts`, { at: at(lastDrill.at), backupId: lastDrill.backupId ?? '' })
              : translate(`${T}.never`)}
          </Fact>
        </Box>
        {failures.length > 0 ? (
          <Box>
            <Typography variant="subtitle2" component="h3">
              {translate(`${T}.failures`)}
            </Typography>
            <Box component="ul" sx={{ m: 0, pl: 3 }}>
              {failures.map((failure) => (
                <Typography component="li" variant="body2" key={failure.runId}>
                  {at(failure.at)} — {translate(`${T}.kinds.${failure.kind}`)} : {failure.error}
                </Typography>
              ))}
            </Box>
          </Box>
        ) : null}
        <Box>
          <Typography variant="subtitle2" component="h3">
            {translate(`${T}.schedule.title`)}
          </Typography>
          <ScheduleLine label={`${T}.schedule.backup`} schedule={schedule.backup} />
          <ScheduleLine label={`${T}.schedule.drill`} schedule={schedule.drill} />
        </Box>
        {running ? (
          <Box>
            <Typography variant="body2">
              {translate(running.kind === 'drill' ? `${T}.runningDrill` : `${T}.running`, {
                at: at(running.startedAt),
              })}
            </Typography>
            <LinearProgress />
          </Box>
        ) : null}
        <Box>
          <Button
            label={`${T}.runNow`}
            variant="contained"
            onClick={() => run.mutate()}
            disabled={run.isPending || running?.kind === 'backup'}
          >
            <BackupIcon />
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
};
