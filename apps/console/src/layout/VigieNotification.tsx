import { Notification } from 'react-admin';

/**
 * On a phone the form toolbar sticks to the bottom of the screen: notifications are raised above
 * it, so that they never cover the Save button an observer taps again after a network error.
 */
export const VigieNotification = () => <Notification sx={{ bottom: { xs: 88, sm: 24 } }} />;
