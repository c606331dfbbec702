import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import ExitIcon from '@mui/icons-material/PowerSettingsNew';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { SessionUser } from '../auth/authApi';
import { DeviceDialogs, startSignOut, startWipe } from '../offline/deviceActions';
import { useFieldEnvironment } from '../terrain/fieldContext';

/** Thumb-sized, as the rest of the field app. */
const ITEM_SX = { minHeight: 48 } as const;

/**
 * The field app's user menu: who is signed in, « Se déconnecter » (saying first how many entries
 * are unsent) and « Effacer les données de l'appareil », with the console's questions and sequence
 * (`offline/deviceActions.tsx`). `signOut` ends the session and shows the sign-in screen.
 */
export const DeviceMenu = ({
  user,
  signOut,
  onWiped,
}: {
  user: SessionUser;
  signOut: () => Promise<void>;
  onWiped: () => void;
}) => {
  const { translate, Confirm } = useFieldEnvironment();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const close = () => setAnchor(null);

  return (
    <>
      <IconButton
        color="inherit"
        sx={{ width: 48, height: 48 }}
        aria-label={user.name}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
        data-testid="field-user-menu"
      >
        <AccountCircleIcon />
      </IconButton>
      <Menu id={menuId} anchorEl={anchor} open={anchor !== null} onClose={close}>
        <li style={{ padding: '6px 16px 10px' }}>
          <Typography variant="subtitle2" component="p">
            {user.name}
          </Typography>
          <Typography variant="caption" component="p" color="text.secondary">
            {user.email}
          </Typography>
        </li>
        <Divider />
        <MenuItem
          sx={ITEM_SX}
          onClick={() => {
            close();
            startWipe();
          }}
          data-testid="field-wipe"
        >
          <ListItemIcon>
            <DeleteForeverIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>{translate('vigie.offline.wipe')}</ListItemText>
        </MenuItem>
        <MenuItem sx={ITEM_SX} onClick={() => void startSignOut(signOut, close)} data-testid="field-sign-out">
          <ListItemIcon>
            <ExitIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>{translate('vigie.field.signOut')}</ListItemText>
        </MenuItem>
      </Menu>
      <DeviceDialogs Confirm={Confirm} signOut={signOut} onWiped={onWiped} />
    </>
  );
};
