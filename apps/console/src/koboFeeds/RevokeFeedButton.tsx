import LinkOffIcon from '@mui/icons-material/LinkOff';
import Button from '@mui/material/Button';
import { useState } from 'react';
import { Confirm, useDelete, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { KoboFeed } from '../imports/types';

/** « Révoquer » (`DELETE /api/kobo-feeds/:id`): the feed stays listed, revoked; its URL stops working. */
export const RevokeFeedButton = ({ feed }: { feed: KoboFeed }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [remove, { isPending }] = useDelete();
  const [confirming, setConfirming] = useState(false);
  if (feed.revokedAt) return null;
  const revoke = () =>
    void remove(
      'kobo-feeds',
      { id: feed.id, previousData: feed },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setConfirming(false);
          notify('vigie.koboFeeds.revoke.done', { type: 'info' });
          refresh();
        },
        onError: (error) => {
          setConfirming(false);
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
        },
      },
    );
  return (
    <>
      <Button
        size="small"
        color="error"
        startIcon={<LinkOffIcon />}
        disabled={isPending}
        onClick={(event) => {
          event.stopPropagation();
          setConfirming(true);
        }}
      >
        {translate('vigie.koboFeeds.revoke.button')}
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="vigie.koboFeeds.revoke.title"
        titleTranslateOptions={{ name: feed.name }}
        content="vigie.koboFeeds.revoke.content"
        onConfirm={revoke}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};
