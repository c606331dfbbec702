import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useEffect } from 'react';
import { applyUpdate, useUpdateWaiting } from './pwa';
import { refreshReferenceData } from './reference';
import { startSender } from './sender';
import { useOutbox } from './useOutbox';

/** How often an open app refreshes the sites and communes it keeps for offline use. */
const REFERENCE_REFRESH_MS = 30 * 60 * 1000;

/**
 * What runs while someone is signed in, in the console (`OfflineRuntime`) and in the light field
 * app (`field/FieldApp.tsx`) alike: the outbox's sender, and the reference data kept fresh (at
 * start, when the network comes back, every half hour). No react-admin here: the field app has none.
 */
export function useOfflineRuntime(): void {
  useEffect(() => {
    const stop = startSender();
    const refresh = () => void refreshReferenceData();
    refresh();
    const interval = setInterval(refresh, REFERENCE_REFRESH_MS);
    window.addEventListener('online', refresh);
    return () => {
      stop();
      clearInterval(interval);
      window.removeEventListener('online', refresh);
    };
  }, []);
}

/**
 * The two messages the offline app may need to say: a new version is waiting (applied only when
 * the user accepts, so a half-filled form is not reloaded away), or the session ended while entries
 * were waiting to be sent (sign in again: the outbox stays on the device).
 */
export const OfflineMessages = ({
  translate,
  onSignInAgain,
  signInAgainTestId,
}: {
  translate: (key: string) => string;
  onSignInAgain: () => void;
  signInAgainTestId?: string;
}) => {
  const updateWaiting = useUpdateWaiting();
  const { signInNeeded } = useOutbox();
  return (
    <>
      <Snackbar
        open={updateWaiting}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        message={translate('vigie.offline.updateAvailable')}
        action={
          <Button color="secondary" size="large" onClick={() => void applyUpdate()}>
            {translate('vigie.offline.update')}
          </Button>
        }
      />
      <Snackbar
        open={signInNeeded && !updateWaiting}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        message={translate('vigie.offline.signInNeeded')}
        action={
          <Button color="secondary" size="large" onClick={onSignInAgain} data-testid={signInAgainTestId}>
            {translate('vigie.offline.signIn')}
          </Button>
        }
      />
    </>
  );
};
