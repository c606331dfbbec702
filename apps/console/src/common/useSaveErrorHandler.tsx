import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { HttpError, useCloseNotification, useNotify, useRefresh, useTranslate } from 'react-admin';

const ConflictNotification = ({ message }: { message: string }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const close = useCloseNotification();
  const reload = () => {
    close();
    refresh();
  };
  const reloadLabel = translate('vigie.actions.reload');
  return (
    <Alert
      severity="error"
      variant="filled"
      onClose={close}
      action={
        <Button color="inherit" size="small" variant="outlined" onClick={reload} aria-label={reloadLabel}>
          {reloadLabel}
        </Button>
      }
    >
      {translate(message)}
    </Alert>
  );
};

/**
 * `onError` for the edit forms (pessimistic mode). Field errors are shown by the form itself; a
 * stale version (409) gets a message that stays until dismissed, with a button that reloads the
 * record; anything else is notified.
 */
export function useSaveErrorHandler(): (error: unknown) => void {
  const notify = useNotify();
  return (error: unknown) => {
    if (error instanceof HttpError) {
      const fieldErrors = (error.body as { errors?: object } | null)?.errors;
      if (fieldErrors && Object.keys(fieldErrors).length > 0) return;
      if (error.status === 409) {
        notify(<ConflictNotification message={error.message} />, {
          type: 'error',
          autoHideDuration: null,
        });
        return;
      }
    }
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', {
      type: 'error',
    });
  };
}
