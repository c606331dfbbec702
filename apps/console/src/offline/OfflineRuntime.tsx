import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useEffect } from 'react';
import { useLogout, useTranslate } from 'react-admin';
import { DeviceDialogs } from './DeviceMenuItems';
import { applyUpdate, useUpdateWaiting } from './pwa';
import { refreshReferenceData } from './reference';
import { startSender } from './sender';
import { useOutbox } from './useOutbox';

/** How often an open app refreshes the sites and communes it keeps for offline use. */
const REFERENCE_REFRESH_MS = 30 * 60 * 1000;

/**
 * What runs while someone is signed in (mounted once, in the layout): the outbox's sender, the
 * reference data kept fresh (at start, when the network comes back, every half hour), and the two
 * messages the offline app may need to say: a new version is waiting, or the session ended while
 * entries were waiting to be sent; and the user menu's confirmations (sign out, wipe the device).
 */
export const OfflineRuntime = () => {
  const translate = useTranslate();
  const logout = useLogout();
  const updateWaiting = useUpdateWaiting();
  const { signInNeeded } = useOutbox();

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

  return (
    <>
      <DeviceDialogs />
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
          // The outbox stays on the device: a plain sign-out keeps it (only the menu's wipes).
          <Button color="secondary" size="large" onClick={() => void logout()}>
            {translate('vigie.offline.signIn')}
          </Button>
        }
      />
    </>
  );
};
