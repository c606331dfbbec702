import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import ExitIcon from '@mui/icons-material/PowerSettingsNew';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import { useSyncExternalStore } from 'react';
import { Confirm, useLogout, useNotify, useTranslate, useUserMenu } from 'react-admin';
import { clearOnLogout, unsentCount, wipeDevice } from './wipe';

/**
 * The question the user menu asks before signing out or wiping the device. The dialog is drawn by
 * `DeviceDialogs` in the layout, not inside the menu: the menu closes first (two stacked modals
 * leave the page hidden from screen readers).
 */
type Question = { kind: 'logout'; unsent: number } | { kind: 'wipe' } | null;

let question: Question = null;
const listeners = new Set<() => void>();

function ask(next: Question): void {
  question = next;
  for (const listener of listeners) listener();
}

function useQuestion(): Question {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => question,
  );
}

/**
 * « Déconnexion » that leaves nothing of the user on the phone: drafts, reference data, cached
 * identity and (after saying how many and asking) the entries not sent yet. The automatic sign-out
 * of an ended session does not come here: it keeps the outbox for the next sign-in.
 */
export const LogoutItem = () => {
  const translate = useTranslate();
  const logout = useLogout();
  const userMenu = useUserMenu();

  const onClick = async () => {
    const count = await unsentCount().catch(() => 0);
    userMenu?.onClose();
    if (count > 0) {
      ask({ kind: 'logout', unsent: count });
    } else {
      await clearOnLogout().catch(() => undefined);
      await logout();
    }
  };

  return (
    <MenuItem onClick={() => void onClick()}>
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
        ask({ kind: 'wipe' });
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
  const translate = useTranslate();
  const logout = useLogout();
  const notify = useNotify();
  const current = useQuestion();
  const close = () => ask(null);

  const signOut = async () => {
    close();
    await clearOnLogout().catch(() => undefined);
    await logout();
  };
  const wipe = async () => {
    close();
    await wipeDevice();
    notify('vigie.offline.wiped', { type: 'info' });
    await logout();
  };

  return (
    <>
      <Confirm
        isOpen={current?.kind === 'logout'}
        title="vigie.offline.logoutTitle"
        content={translate('vigie.offline.logoutUnsent', {
          smart_count: current?.kind === 'logout' ? current.unsent : 0,
        })}
        confirm="vigie.offline.logoutAnyway"
        cancel="vigie.offline.cancel"
        confirmColor="warning"
        onConfirm={() => void signOut()}
        onClose={close}
      />
      <Confirm
        isOpen={current?.kind === 'wipe'}
        title="vigie.offline.wipeTitle"
        content="vigie.offline.wipeText"
        confirm="vigie.offline.wipeConfirm"
        cancel="vigie.offline.cancel"
        confirmColor="warning"
        onConfirm={() => void wipe()}
        onClose={close}
      />
    </>
  );
};
