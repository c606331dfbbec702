import Typography from '@mui/material/Typography';
import {
  CreateButton,
  Datagrid,
  FunctionField,
  List,
  TextField,
  TopToolbar,
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import type { KoboFeed } from '../imports/types';
import { RevokeFeedButton } from './RevokeFeedButton';

const KoboFeedListActions = () => (
  <TopToolbar>
    <CreateButton label="vigie.koboFeeds.newFeed" />
  </TopToolbar>
);

/** « Flux KoboToolbox » (`#/kobo-feeds`): each form's feed, what it received last, and its revocation. */
export const KoboFeedList = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const t = (key: string, options?: object) => translate(`vigie.koboFeeds.${key}`, options);
  return (
    <List
      title="vigie.koboFeeds.menu"
      sort={{ field: 'createdAt', order: 'DESC' }}
      actions={<KoboFeedListActions />}
    >
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
        {t('help')}
      </Typography>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="name" label="vigie.koboFeeds.columns.name" />
        <FunctionField<KoboFeed>
          label="vigie.koboFeeds.columns.mapping"
          sortable={false}
          render={(feed) => feed.mappingName ?? feed.mappingId}
        />
        <FunctionField<KoboFeed>
          source="createdAt"
          label="vigie.koboFeeds.columns.createdAt"
          render={(feed) => formatParisDateTime(feed.createdAt, locale)}
        />
        <FunctionField<KoboFeed>
          source="lastReceivedAt"
          label="vigie.koboFeeds.columns.lastReceivedAt"
          render={(feed) =>
            feed.lastReceivedAt ? formatParisDateTime(feed.lastReceivedAt, locale) : t('never')
          }
        />
        <FunctionField<KoboFeed>
          label="vigie.koboFeeds.columns.counts"
          sortable={false}
          render={(feed) =>
            t('counts', { accepted: feed.acceptedCount ?? 0, rejected: feed.rejectedCount ?? 0 })
          }
        />
        <FunctionField<KoboFeed>
          label="vigie.koboFeeds.columns.state"
          sortable={false}
          render={(feed) =>
            feed.revokedAt ? t('revoked', { date: formatParisDateTime(feed.revokedAt, locale) }) : t('active')
          }
        />
        <FunctionField<KoboFeed>
          label="vigie.koboFeeds.columns.actions"
          sortable={false}
          render={(feed) => <RevokeFeedButton feed={feed} />}
        />
      </Datagrid>
    </List>
  );
};
