import LockOpenIcon from '@mui/icons-material/LockOpen';
import LockResetIcon from '@mui/icons-material/LockReset';
import PersonOffIcon from '@mui/icons-material/PersonOff';
import PhonelinkEraseIcon from '@mui/icons-material/PhonelinkErase';
import MuiButton from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent, type ReactElement } from 'react';
import {
  Button,
  Confirm,
  DeleteButton,
  HttpError,
  useDataProvider,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { PASSWORD_MIN_LENGTH } from '@vigie/domain';
import type { VigieIdentity } from '../auth/authProvider';
import type { VigieDataProvider } from '../dataProvider';
import { PASSWORD_RULES_KEY } from './passwordRules';

/** A sign-in lock still running. */
export function isLocked(lockedUntil: unknown, now: number = Date.now()): boolean {
  if (typeof lockedUntil !== 'string') return false;
  const until = Date.parse(lockedUntil);
  return !Number.isNaN(until) && until > now;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'ra.notification.http_error';
}

/** DELETE /api/users/:id deactivates the account (it is never deleted: the audit trail names it). */
export const DeactivateButton = () => {
  const record = useRecordContext();
  if (!record || record.active === false) return null;
  return (
    <DeleteButton
      label="vigie.users.deactivate"
      icon={<PersonOffIcon />}
      mutationMode="pessimistic"
      confirmTitle="vigie.users.deactivateTitle"
      confirmContent="vigie.users.deactivateContent"
      successMessage="vigie.users.deactivated"
      redirect="list"
    />
  );
};

/** A one-shot POST on the account, after confirmation, then the record is read again. */
const AccountActionButton = ({
  label,
  confirmTitle,
  confirmContent,
  done,
  icon,
  run,
}: {
  label: string;
  confirmTitle: string;
  confirmContent: string;
  done: string;
  icon: ReactElement;
  run: (dataProvider: VigieDataProvider, id: Identifier) => Promise<void>;
}) => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  if (!record) return null;

  const confirm = async () => {
    setPending(true);
    try {
      await run(dataProvider, record.id);
      notify(done, { type: 'success' });
      refresh();
    } catch (error) {
      notify(errorMessage(error), { type: 'error' });
    } finally {
      setPending(false);
      setOpen(false);
    }
  };
  return (
    <>
      <Button label={label} onClick={() => setOpen(true)} disabled={pending}>
        {icon}
      </Button>
      <Confirm
        isOpen={open}
        loading={pending}
        title={confirmTitle}
        content={confirmContent}
        translateOptions={{ name: String(record.name ?? '') }}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

/** "Déverrouiller": only while the account is locked after repeated failed sign-ins. */
export const UnlockButton = () => {
  const record = useRecordContext();
  if (!record || !isLocked(record.lockedUntil)) return null;
  return (
    <AccountActionButton
      label="vigie.users.unlock"
      confirmTitle="vigie.users.unlock"
      confirmContent="vigie.users.unlockContent"
      done="vigie.users.unlocked"
      icon={<LockOpenIcon />}
      run={(dataProvider, id) => dataProvider.unlockUser({ id })}
    />
  );
};

/**
 * "Réinitialiser la double authentification": for a lost phone; the user sets it up again. Not on
 * one's own account: that goes through « Sécurité du compte », with the password and a code.
 */
export const ResetTotpButton = () => {
  const record = useRecordContext();
  const { identity } = useGetIdentity();
  if (!record || record.totpEnabled !== true || record.id === identity?.id) return null;
  return (
    <AccountActionButton
      label="vigie.users.resetTotp"
      confirmTitle="vigie.users.resetTotp"
      confirmContent="vigie.users.resetTotpContent"
      done="vigie.users.totpReset"
      icon={<PhonelinkEraseIcon />}
      run={(dataProvider, id) => dataProvider.resetUserTotp({ id })}
    />
  );
};

/**
 * "Réinitialiser le mot de passe": the admin types a new one and gives it to the person. On one's
 * own account the current password (and a code, with a second factor) is asked too.
 */
export const ResetPasswordButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const me = identity as VigieIdentity | undefined;
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [proofError, setProofError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!record) return null;
  const own = me !== undefined && record.id === me.id;
  const needsCode = own && me.totpEnabled;

  const close = () => {
    setOpen(false);
    setPassword('');
    setCurrentPassword('');
    setTotp('');
    setFieldError(null);
    setProofError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) {
      setFieldError(translate('vigie.users.passwordTooShort', { min: PASSWORD_MIN_LENGTH }));
      return;
    }
    if (own && (currentPassword === '' || (needsCode && !/^\d{6}$/.test(totp)))) {
      setProofError(
        translate(currentPassword === '' ? 'vigie.account.passwordRequired' : 'vigie.account.codeRequired'),
      );
      return;
    }
    setPending(true);
    try {
      await dataProvider.resetUserPassword({
        id: record.id,
        password,
        ...(own ? { currentPassword } : {}),
        ...(needsCode ? { totp } : {}),
      });
      notify(own ? 'vigie.users.ownPasswordChanged' : 'vigie.users.passwordReset', { type: 'success' });
      close();
    } catch (error) {
      const body =
        error instanceof HttpError
          ? (error.body as { code?: unknown; errors?: Record<string, unknown> })
          : null;
      const errors = body?.errors;
      const message = typeof errors?.password === 'string' ? errors.password : null;
      if (body?.code === 'current_credentials_invalid')
        setProofError(translate('vigie.account.wrongCredentials'));
      else if (body?.code === 'current_credentials_required') {
        setProofError(
          translate(
            typeof errors?.currentPassword === 'string'
              ? 'vigie.account.passwordRequired'
              : 'vigie.account.codeRequired',
          ),
        );
      } else if (message) setFieldError(message);
      else notify(errorMessage(error), { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  const title = translate('vigie.users.resetPassword');
  return (
    <>
      <Button label="vigie.users.resetPassword" onClick={() => setOpen(true)}>
        <LockResetIcon />
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby="reset-password-title" fullWidth maxWidth="xs">
        <form onSubmit={submit} noValidate>
          <DialogTitle id="reset-password-title">{title}</DialogTitle>
          <DialogContent>
            <TextField
              name="password"
              type="password"
              label={translate('vigie.users.newPassword')}
              autoComplete="new-password"
              autoFocus
              required
              fullWidth
              margin="dense"
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
                setFieldError(null);
              }}
              error={fieldError !== null}
              helperText={fieldError ?? translate(PASSWORD_RULES_KEY, { min: PASSWORD_MIN_LENGTH })}
              disabled={pending}
            />
            {own ? (
              <TextField
                name="currentPassword"
                type="password"
                label={translate('vigie.account.currentPassword')}
                autoComplete="current-password"
                required
                fullWidth
                margin="dense"
                value={currentPassword}
                onChange={(event) => {
                  setCurrentPassword(event.target.value);
                  setProofError(null);
                }}
                error={proofError !== null}
                helperText={proofError ?? translate('vigie.account.currentPasswordHelp')}
                disabled={pending}
              />
            ) : null}
            {needsCode ? (
              <TextField
                name="totp"
                label={translate('vigie.auth.totp')}
                autoComplete="one-time-code"
                required
                fullWidth
                margin="dense"
                value={totp}
                onChange={(event) => {
                  setTotp(event.target.value.replace(/\s/g, ''));
                  setProofError(null);
                }}
                error={proofError !== null}
                disabled={pending}
                slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]*', maxLength: 6 } }}
              />
            ) : null}
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={close} disabled={pending}>
              {translate('ra.action.cancel')}
            </MuiButton>
            <MuiButton type="submit" variant="contained" disabled={pending}>
              {title}
            </MuiButton>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};
