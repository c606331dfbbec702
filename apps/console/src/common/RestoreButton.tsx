import RestoreFromTrashIcon from '@mui/icons-material/RestoreFromTrash';
import { useState } from 'react';
import {
  Button,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useResourceContext,
} from 'react-admin';
import type { VigieDataProvider } from '../dataProvider';

/** `POST /api/<resource>/:id/restore` for a record in the trash, for the roles that may delete. */
export const RestoreButton = () => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const { canAccess } = useCanAccess({ action: 'restore', resource, record });
  if (!record || !resource || record.deletedAt == null || !canAccess) return null;

  const restore = async () => {
    setPending(true);
    try {
      await dataProvider.restore(resource, { id: record.id });
      notify('vigie.actions.restored', { type: 'success' });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', {
        type: 'error',
      });
    } finally {
      setPending(false);
    }
  };
  return (
    <Button label="vigie.actions.restore" onClick={restore} disabled={pending} variant="contained">
      <RestoreFromTrashIcon />
    </Button>
  );
};
