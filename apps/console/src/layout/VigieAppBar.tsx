import Typography from '@mui/material/Typography';
import { AppBar, LoadingIndicator, TitlePortal } from 'react-admin';
import { OutboxBadge } from '../terrain';
import { LanguageSwitch } from './LanguageSwitch';
import { useRoleLabel, VigieUserMenu } from './VigieUserMenu';

/** The role next to the user's name (which the user menu button shows from a tablet up). */
const RoleLabel = () => {
  const roleLabel = useRoleLabel();
  if (!roleLabel) return null;
  return (
    <Typography
      variant="body2"
      data-testid="appbar-role"
      sx={{ display: { xs: 'none', sm: 'block' }, opacity: 0.85, mx: 0.5, whiteSpace: 'nowrap' }}
    >
      {roleLabel}
    </Typography>
  );
};

export const VigieAppBar = () => (
  <AppBar
    color="primary"
    userMenu={<VigieUserMenu />}
    toolbar={
      <>
        <OutboxBadge />
        <LanguageSwitch />
        <LoadingIndicator />
        <RoleLabel />
      </>
    }
  >
    <TitlePortal />
  </AppBar>
);
