import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import { retryTransient } from '../api/hooks';
import { FieldErrorList } from '../common/FieldErrorList';
import { FixedPagePagination } from '../common/FixedPagePagination';
import { formatParisDateTime } from '../common/parisTime';
import type { VigieDataProvider } from '../dataProvider';
import type { KoboSubmission, KoboSubmissionStatus } from '../imports/types';

const PER_PAGE = 50;
const ALL = 'all';

/** The submissions a feed received (`GET /api/kobo-feeds/:id/submissions`), refused ones with why. */
export const SubmissionsTable = ({ feedId }: { feedId: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [status, setStatus] = useState<KoboSubmissionStatus | typeof ALL>(ALL);
  const [page, setPage] = useState(0);
  const { data, error } = useQuery({
    queryKey: ['kobo-feeds', 'submissions', feedId, status, page],
    queryFn: ({ signal }) =>
      dataProvider.getKoboSubmissions({
        id: feedId,
        status: status === ALL ? null : status,
        range: [page * PER_PAGE, (page + 1) * PER_PAGE],
        signal,
      }),
    placeholderData: keepPreviousData,
    retry: retryTransient,
  });
  const t = (key: string) => translate(`vigie.koboFeeds.submissions.${key}`);
  const message = error instanceof Error ? error.message : null;

  return (
    <Box>
      <Typography variant="h6" sx={{ mb: 1 }}>
        {t('title')}
      </Typography>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={status}
        onChange={(_event, value: KoboSubmissionStatus | typeof ALL | null) => {
          if (!value) return;
          setStatus(value);
          setPage(0);
        }}
      >
        <ToggleButton value={ALL}>{t('all')}</ToggleButton>
        <ToggleButton value="accepted">{t('accepted')}</ToggleButton>
        <ToggleButton value="rejected">{t('rejected')}</ToggleButton>
      </ToggleButtonGroup>
      {message ? (
        <Typography color="error" role="alert" sx={{ mt: 1 }}>
          {translate(message, { _: message })}
        </Typography>
      ) : null}
      <Table size="small" aria-label={t('title')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('receivedAt')}</TableCell>
            <TableCell>{t('uuid')}</TableCell>
            <TableCell>{t('status')}</TableCell>
            <TableCell>{t('observation')}</TableCell>
            <TableCell>{t('reason')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data?.data.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5}>{t('none')}</TableCell>
            </TableRow>
          ) : null}
          {data?.data.map((submission, index) => (
            <SubmissionLine
              key={submission.id ?? submission.uuid ?? index}
              submission={submission}
              locale={locale}
            />
          ))}
        </TableBody>
      </Table>
      <FixedPagePagination count={data?.total ?? 0} page={page} perPage={PER_PAGE} onPageChange={setPage} />
    </Box>
  );
};

const SubmissionLine = ({ submission, locale }: { submission: KoboSubmission; locale: string }) => {
  const translate = useTranslate();
  return (
    <TableRow data-testid="kobo-submission" data-status={submission.status}>
      <TableCell>{formatParisDateTime(submission.receivedAt, locale)}</TableCell>
      <TableCell sx={{ fontFamily: 'monospace' }}>{submission.uuid ?? ''}</TableCell>
      <TableCell sx={{ color: submission.status === 'rejected' ? 'error.main' : undefined }}>
        {translate(`vigie.koboFeeds.submissions.${submission.status}`)}
      </TableCell>
      <TableCell>
        {submission.observationId ? (
          <Link to={`/observations/${encodeURIComponent(submission.observationId)}/show`}>
            {submission.observationId.slice(0, 8)}
          </Link>
        ) : null}
      </TableCell>
      <TableCell>
        <FieldErrorList errors={submission.errors} />
      </TableCell>
    </TableRow>
  );
};
