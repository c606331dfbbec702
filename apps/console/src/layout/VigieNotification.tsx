import { Notification } from 'react-admin';

/**
 * Notifications at the top: at the bottom of a phone screen they cover the form's Save button,
 * which is exactly what an observer taps again after a network error.
 */
export const VigieNotification = () => (
  <Notification anchorOrigin={{ vertical: 'top', horizontal: 'center' }} />
);
