import ShieldIcon from '@mui/icons-material/Shield';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { Link, UserMenu, useGetIdentity, useTranslate, useUserMenu } from 'react-admin';
import { ROLES } from '@vigie/domain';
import type { VigieIdentity } from '../auth/authProvider';
import { ACCOUNT_SECURITY_PATH } from '../auth/paths';
import { termKey } from '../common/choices';
import { LogoutItem, WipeDeviceItem } from '../offline/DeviceMenuItems';

/** The role's label from the ROLES vocabulary, in the console's language. */
export function useRoleLabel(): string | null {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const role = (identity as VigieIdentity | undefined)?.role;
  return role ? translate(termKey(ROLES, role)) : null;
}

/** Who is signed in, at the top of the menu (the app bar has no room for it on a phone). */
const IdentityHeader = () => {
  const { identity } = useGetIdentity();
  const roleLabel = useRoleLabel();
  const user = identity as VigieIdentity | undefined;
  if (!user) return null;
  return (
    <li aria-label={`${user.fullName} — ${roleLabel ?? ''}`} style={{ padding: '6px 16px 10px' }}>
      <Typography variant="subtitle2" component="p" data-testid="identity-name">
        {user.fullName}
      </Typography>
      <Typography variant="body2" component="p" color="text.secondary" data-testid="identity-role">
        {roleLabel}
      </Typography>
      <Typography variant="caption" component="p" color="text.secondary">
        {user.email}
      </Typography>
    </li>
  );
};

const AccountSecurityItem = () => {
  const translate = useTranslate();
  const userMenu = useUserMenu();
  return (
    <MenuItem component={Link} to={ACCOUNT_SECURITY_PATH} onClick={() => userMenu?.onClose()}>
      <ListItemIcon>
        <ShieldIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('vigie.account.title')}</ListItemText>
    </MenuItem>
  );
};

export const VigieUserMenu = () => (
  <UserMenu>
    <IdentityHeader />
    <Divider />
    <AccountSecurityItem />
    <WipeDeviceItem />
    <LogoutItem />
  </UserMenu>
);
