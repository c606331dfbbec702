import OutboxIcon from '@mui/icons-material/Outbox';
import Badge from '@mui/material/Badge';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useNavigate, usePermissions, useTranslate } from './fieldContext';
import { can, ROLES, type Role } from '@vigie/domain';
import { useOutbox } from '../offline';
import { OUTBOX_PATH } from './paths';
import { TOUCH_PX } from './widgets';

/** The roles that enter observations in the field, and so may have an outbox. */
export function mayCapture(permissions: unknown): boolean {
  return ROLES.has(permissions) && can(permissions as Role, 'observations.create');
}

/**
 * The app bar's outbox button: the number of entries still on the device, not yet sent. Shown only
 * to the roles that may capture in the field.
 */
export const OutboxBadge = () => {
  const { permissions } = usePermissions();
  if (!mayCapture(permissions)) return null;
  return <OutboxBadgeButton />;
};

const OutboxBadgeButton = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { pending } = useOutbox();
  const label = translate('vigie.terrain.outbox.badge', { smart_count: pending });
  return (
    <Tooltip title={label}>
      <IconButton
        color="inherit"
        aria-label={label}
        data-testid="outbox-badge"
        data-pending={pending}
        onClick={() => navigate(OUTBOX_PATH)}
        sx={{ width: 48, height: 48 }}
      >
        <Badge badgeContent={pending} color="error" max={99}>
          <OutboxIcon />
        </Badge>
      </IconButton>
    </Tooltip>
  );
};

/** The same count on the field screen, as a big button to the outbox. */
export const OutboxLink = ({ pending }: { pending: number }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  return (
    <Button
      variant="outlined"
      onClick={() => navigate(OUTBOX_PATH)}
      data-testid="terrain-outbox-link"
      data-pending={pending}
      startIcon={
        <Badge badgeContent={pending} color="error" max={99}>
          <OutboxIcon />
        </Badge>
      }
      sx={{ minHeight: TOUCH_PX, textTransform: 'none' }}
    >
      {translate('vigie.terrain.outbox.title')}
    </Button>
  );
};
