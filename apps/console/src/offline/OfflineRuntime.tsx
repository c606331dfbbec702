import { useLogout, useTranslate } from 'react-admin';
import { DeviceDialogs } from './DeviceMenuItems';
import { OfflineMessages, useOfflineRuntime } from './OfflineMessages';

/**
 * The console's offline runtime (mounted once, in the layout): the sender and reference data
 * (`useOfflineRuntime`), the offline app's messages, and the user menu's confirmations (sign out,
 * wipe the device).
 */
export const OfflineRuntime = () => {
  const translate = useTranslate();
  const logout = useLogout();
  useOfflineRuntime();
  return (
    <>
      <DeviceDialogs />
      {/* The outbox stays on the device: a plain sign-out keeps it (only the menu's wipes). */}
      <OfflineMessages translate={translate} onSignInAgain={() => void logout()} />
    </>
  );
};
