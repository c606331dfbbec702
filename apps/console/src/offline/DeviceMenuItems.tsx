import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import ExitIcon from '@mui/icons-material/PowerSettingsNew';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import { Confirm, useLogout, useNotify, useTranslate, useUserMenu } from 'react-admin';
import { DeviceDialogs as SharedDeviceDialogs, startSignOut, startWipe } from './deviceActions';

/**
 * The console's user-menu items for signing out and wiping the device, over react-admin. What they
 * ask and do is `deviceActions.tsx`, shared with the light field app (`src/field/`).
 */

/** « Déconnexion » that leaves nothing of the user on the phone (asks first about unsent entries). */
export const LogoutItem = () => {
  const translate = useTranslate();
  const logout = useLogout();
  const userMenu = useUserMenu();
  return (
    <MenuItem
      onClick={() =>
        void startSignOut(
          () => logout(),
          () => userMenu?.onClose(),
        )
      }
    >
      <ListItemIcon>
        <ExitIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('ra.auth.logout')}</ListItemText>
    </MenuItem>
  );
};

/** « Effacer les données de l'appareil »: for a lost, lent or shared phone; then signs out. */
export const WipeDeviceItem = () => {
  const translate = useTranslate();
  const userMenu = useUserMenu();
  return (
    <MenuItem
      onClick={() => {
        userMenu?.onClose();
        startWipe();
      }}
    >
      <ListItemIcon>
        <DeleteForeverIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('vigie.offline.wipe')}</ListItemText>
    </MenuItem>
  );
};

/** The confirmations of the two items above (mounted once, in the layout). */
export const DeviceDialogs = () => {
  const logout = useLogout();
  const notify = useNotify();
  return (
    <SharedDeviceDialogs
      Confirm={Confirm}
      signOut={() => logout()}
      onWiped={() => notify('vigie.offline.wiped', { type: 'info' })}
    />
  );
};
