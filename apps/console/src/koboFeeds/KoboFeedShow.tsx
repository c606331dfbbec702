import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  ListButton,
  Loading,
  ShowBase,
  Title,
  TopToolbar,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import type { KoboFeed } from '../imports/types';
import { RevokeFeedButton } from './RevokeFeedButton';
import { SubmissionsTable } from './SubmissionsTable';

/** A feed (`#/kobo-feeds/:id/show`): what it is, and the submissions it received. */
export const KoboFeedShow = () => (
  <ShowBase>
    <FeedPage />
  </ShowBase>
);

const FeedPage = () => {
  const feed = useRecordContext<KoboFeed>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!feed) return <Loading />;
  const t = (key: string, options?: object) => translate(`vigie.koboFeeds.${key}`, options);
  return (
    <>
      <Title title={feed.name} />
      <TopToolbar>
        <ListButton />
        <RevokeFeedButton feed={feed} />
      </TopToolbar>
      <Card>
        <CardContent>
          <Stack spacing={3}>
            <div>
              <Typography variant="h5">{feed.name}</Typography>
              <Typography variant="body2" color="text.secondary">
                {t('columns.mapping')} : {feed.mappingName ?? feed.mappingId} · {t('columns.createdAt')} :{' '}
                {formatParisDateTime(feed.createdAt, locale)} · {t('columns.lastReceivedAt')} :{' '}
                {feed.lastReceivedAt ? formatParisDateTime(feed.lastReceivedAt, locale) : t('never')} ·{' '}
                {feed.revokedAt
                  ? t('revoked', { date: formatParisDateTime(feed.revokedAt, locale) })
                  : t('active')}
              </Typography>
            </div>
            <SubmissionsTable feedId={feed.id} />
          </Stack>
        </CardContent>
      </Card>
    </>
  );
};
