import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/Edit';
import RestoreFromTrashIcon from '@mui/icons-material/RestoreFromTrash';
import Button from '@mui/material/Button';
import { useState } from 'react';
import {
  Confirm,
  useDataProvider,
  useDelete,
  useNotify,
  useRefresh,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import type { VigieDataProvider } from '../dataProvider';

/** Edit, delete (after a confirmation) or restore one record of a case's sub-resource. */
export const CaseRecordActions = ({
  resource,
  record,
  onEdit,
  canDelete = true,
  messages,
}: {
  resource: string;
  record: RaRecord;
  onEdit?: () => void;
  canDelete?: boolean;
  /** Translation keys: the confirmation's title and text, what is said once done, the buttons. */
  messages: {
    confirmTitle: string;
    confirmContent: string;
    deleted: string;
    restored: string;
    deleteLabel?: string;
    restoreLabel?: string;
  };
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [remove] = useDelete();
  const failed = (error: unknown) =>
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });

  if (record.deletedAt != null) {
    const restore = async () => {
      setPending(true);
      try {
        await dataProvider.restore(resource, { id: record.id });
        notify(messages.restored, { type: 'success' });
        refresh();
      } catch (error) {
        failed(error);
      } finally {
        setPending(false);
      }
    };
    return (
      <Button
        aria-label={translate(messages.restoreLabel ?? 'vigie.actions.restore')}
        size="small"
        startIcon={<RestoreFromTrashIcon />}
        onClick={() => void restore()}
        disabled={pending}
      >
        {translate(messages.restoreLabel ?? 'vigie.actions.restore')}
      </Button>
    );
  }

  const confirmDelete = () => {
    setConfirming(false);
    void remove(
      resource,
      { id: record.id, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify(messages.deleted, { type: 'info' });
          refresh();
        },
        onError: failed,
      },
    );
  };
  return (
    <>
      {onEdit ? (
        <Button
          aria-label={translate('ra.action.edit')}
          size="small"
          startIcon={<EditIcon />}
          onClick={onEdit}
        >
          {translate('ra.action.edit')}
        </Button>
      ) : null}
      {canDelete ? (
        <Button
          aria-label={translate(messages.deleteLabel ?? 'ra.action.delete')}
          size="small"
          color="error"
          startIcon={<DeleteIcon />}
          onClick={() => setConfirming(true)}
        >
          {translate(messages.deleteLabel ?? 'ra.action.delete')}
        </Button>
      ) : null}
      <Confirm
        isOpen={confirming}
        title={messages.confirmTitle}
        content={messages.confirmContent}
        onConfirm={confirmDelete}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};
