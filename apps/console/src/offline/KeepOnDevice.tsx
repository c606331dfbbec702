import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState, type ReactNode } from 'react';
import { HttpError, useLocaleState, useNavigate, useNotify, useTranslate, type RaRecord } from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { OUTBOX_PATH } from '../terrain/paths';
import { offlineUpdate, serverUnreachable, type UpdateOperation } from './edit';
import { enqueue } from './outbox';
import type { OutboxResource } from './types';

/** What react-admin's `useUpdate` gives `onError` as its second argument. */
interface UpdateVariables {
  id?: RaRecord['id'];
  data?: Partial<RaRecord>;
  previousData?: RaRecord;
}

/** The `mutationOptions` of an edit form, and the dialog to render beside it. */
export interface KeepOnDevice {
  mutationOptions: {
    onError: (error: unknown, variables?: UpdateVariables) => void;
    /**
     * react-query pauses a mutation while the browser says it is offline, which would leave the
     * « Enregistrer » button spinning: the request is made, and fails at once, instead.
     */
    networkMode: 'always';
  };
  dialog: ReactNode;
}

/** The date a record's label shows: when the eviction started, when the incident happened. */
const WHEN_FIELD: Record<OutboxResource, string> = {
  observations: 'startedAt',
  incidents: 'occurredAt',
};

/** The edit to keep, or null (nothing changed, or a record without a version: saved online only). */
function keepable(
  resource: OutboxResource,
  id: string,
  data: Partial<RaRecord>,
  previousData: RaRecord,
): UpdateOperation | null {
  try {
    return offlineUpdate(resource, id, data, previousData);
  } catch {
    return null;
  }
}

/**
 * For the observation and incident edit forms: a save that cannot reach the server (offline, or
 * the API down behind its gateway) offers to keep the change on the device, as an outbox `update`
 * (the changed fields, the version the form was opened at, the record as fetched). The outbox
 * sends it when the network is back; a record changed meanwhile becomes a conflict the observer
 * settles field by field. Any other failure is shown as before (`useSaveErrorHandler`).
 */
export function useKeepOnDevice(resource: OutboxResource): KeepOnDevice {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const navigate = useNavigate();
  const onSaveError = useSaveErrorHandler();
  const [pending, setPending] = useState<{ operation: UpdateOperation; label: string } | null>(null);
  const [keeping, setKeeping] = useState(false);

  const onError = (error: unknown, variables?: UpdateVariables) => {
    const { id, data, previousData } = variables ?? {};
    if (
      error instanceof HttpError &&
      serverUnreachable(error.status) &&
      id !== undefined &&
      data !== undefined &&
      previousData !== undefined
    ) {
      const operation = keepable(resource, String(id), data, previousData);
      if (operation !== null) {
        const when = formatParisDateTime(previousData[WHEN_FIELD[resource]], locale);
        setPending({ operation, label: translate(`vigie.offline.editLabel.${resource}`, { when }) });
        return;
      }
    }
    onSaveError(error);
  };

  const keep = async () => {
    if (!pending) return;
    setKeeping(true);
    try {
      await enqueue({ id: pending.operation.id, operation: pending.operation, label: pending.label });
      setPending(null);
      notify('vigie.offline.kept', { type: 'info' });
      // Offline, the record's page could not be loaded: the outbox shows the change waiting.
      navigate(OUTBOX_PATH);
    } catch (error) {
      notify('vigie.offline.keepFailed', {
        type: 'error',
        messageArgs: { reason: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      setKeeping(false);
    }
  };

  const dialog = (
    <Dialog open={pending !== null} onClose={() => setPending(null)} data-testid="keep-on-device">
      <DialogTitle>{translate('vigie.offline.keepTitle')}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('vigie.offline.keepText')}</DialogContentText>
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={() => setPending(null)} data-testid="keep-on-device-cancel">
          {translate('vigie.offline.keepStay')}
        </Button>
        <Button
          variant="contained"
          onClick={() => void keep()}
          disabled={keeping}
          data-testid="keep-on-device-confirm"
        >
          {translate('vigie.offline.keepOnDevice')}
        </Button>
      </DialogActions>
    </Dialog>
  );

  return { mutationOptions: { onError, networkMode: 'always' }, dialog };
}
