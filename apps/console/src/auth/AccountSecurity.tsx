import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import {
  HttpError,
  Title,
  useDataProvider,
  useGetIdentity,
  useNavigate,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { Role } from '@vigie/domain';
import type { TotpEnrolment, VigieDataProvider } from '../dataProvider';
import { AccessTokens } from './AccessTokens';
import type { VigieIdentity } from './authProvider';
import { ownCredentialErrors } from './ownCredentialErrors';
import { reloadUser } from './session';

const CODE_FORMAT = /^\d{6}$/;

/** The QR code as an image: the SVG comes from the server and is never inserted into the page. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** What to show under the inputs after a refusal; none of it when the failure is about something else. */
interface FieldErrors {
  code?: string;
  currentPassword?: string;
}

/** The messages under the inputs (translation keys or the server's words), or null. */
function fieldErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof HttpError)) return null;
  const body = error.body as { code?: unknown; errors?: Record<string, unknown> } | null;
  if (body?.code === 'totp_invalid_code') return { code: 'vigie.account.invalidCode' };
  const credentials = ownCredentialErrors(body, 'code');
  if (credentials) return credentials;
  const errors: FieldErrors = {};
  if (typeof body?.errors?.code === 'string') errors.code = body.errors.code;
  if (typeof body?.errors?.currentPassword === 'string') errors.currentPassword = body.errors.currentPassword;
  return Object.keys(errors).length > 0 ? errors : null;
}

/** The current password, asked before any change of one's own second factor. */
const CurrentPasswordInput = ({
  value,
  onChange,
  pending,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  pending: boolean;
  error: string | undefined;
}) => {
  const translate = useTranslate();
  return (
    <TextField
      name="currentPassword"
      type="password"
      label={translate('vigie.account.currentPassword')}
      autoComplete="current-password"
      required
      fullWidth
      margin="normal"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error !== undefined}
      helperText={
        error !== undefined ? translate(error, { _: error }) : translate('vigie.account.currentPasswordHelp')
      }
      disabled={pending}
    />
  );
};

/** "Activer": the current password first, so that a session alone cannot put another app on the account. */
const StartForm = ({
  pending,
  errors,
  disabled,
  onSubmit,
}: {
  pending: boolean;
  errors: FieldErrors;
  disabled: boolean;
  onSubmit: (currentPassword: string) => void;
}) => {
  const translate = useTranslate();
  const [currentPassword, setCurrentPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(currentPassword === '');
    if (currentPassword !== '') onSubmit(currentPassword);
  };
  return (
    <Box component="form" onSubmit={submit} noValidate sx={{ maxWidth: 360 }}>
      <CurrentPasswordInput
        value={currentPassword}
        onChange={setCurrentPassword}
        pending={pending}
        error={missing ? 'vigie.account.passwordRequired' : errors.currentPassword}
      />
      <MuiButton type="submit" variant="contained" disabled={pending || disabled} sx={{ minHeight: 44 }}>
        {translate('vigie.account.start')}
      </MuiButton>
    </Box>
  );
};

/** A 6-digit code input with its submit button; with the current password when `withPassword`. */
const CodeForm = ({
  submitLabel,
  pending,
  errors,
  withPassword = false,
  onSubmit,
}: {
  submitLabel: string;
  pending: boolean;
  errors: FieldErrors;
  withPassword?: boolean;
  onSubmit: (code: string, currentPassword: string) => void;
}) => {
  const translate = useTranslate();
  const [code, setCode] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [formatError, setFormatError] = useState(false);
  const [missingPassword, setMissingPassword] = useState(false);
  const error = errors.code ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const badFormat = !CODE_FORMAT.test(code);
    const noPassword = withPassword && currentPassword === '';
    setFormatError(badFormat);
    setMissingPassword(noPassword);
    if (badFormat || noPassword) return;
    onSubmit(code, currentPassword);
  };
  return (
    <Box component="form" onSubmit={submit} noValidate sx={{ maxWidth: 360 }}>
      {withPassword ? (
        <CurrentPasswordInput
          value={currentPassword}
          onChange={setCurrentPassword}
          pending={pending}
          error={missingPassword ? 'vigie.account.passwordRequired' : errors.currentPassword}
        />
      ) : null}
      <TextField
        name="code"
        label={translate('vigie.auth.totp')}
        autoComplete="one-time-code"
        required
        fullWidth
        margin="normal"
        value={code}
        onChange={(event) => setCode(event.target.value.replace(/\s/g, ''))}
        error={formatError || error !== null}
        helperText={
          formatError ? translate('vigie.auth.totpFormat') : error && translate(error, { _: error })
        }
        disabled={pending}
        slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]*', maxLength: 6 } }}
      />
      <MuiButton type="submit" variant="contained" disabled={pending} sx={{ minHeight: 44 }}>
        {translate(submitLabel)}
      </MuiButton>
    </Box>
  );
};

/**
 * "Sécurité du compte": set up a second factor (scan the QR code, or type the key, then confirm
 * with a code) or remove it. A role that requires one lands here after signing in, and may use
 * nothing else until it is done.
 */
export const AccountSecurity = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const { identity, refetch } = useGetIdentity();
  const user = identity as VigieIdentity | undefined;
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  const fail = (error: unknown) => {
    const shown = fieldErrors(error);
    if (shown) setErrors(shown);
    else notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };

  /** The account changed: read it again, and let every permission be asked again. */
  const accountChanged = async (wasRequired: boolean) => {
    await reloadUser();
    await refetch();
    refresh();
    if (wasRequired) navigate('/');
  };

  const start = async (currentPassword: string) => {
    setPending(true);
    setErrors({});
    try {
      setEnrolment(await dataProvider.enrolTotp({ currentPassword }));
    } catch (error) {
      fail(error);
    } finally {
      setPending(false);
    }
  };

  const verify = async (code: string) => {
    setPending(true);
    setErrors({});
    try {
      await dataProvider.verifyTotp({ code });
      setEnrolment(null);
      notify('vigie.account.enabled', { type: 'success' });
      await accountChanged(user?.totpEnrollmentRequired === true);
    } catch (error) {
      fail(error);
    } finally {
      setPending(false);
    }
  };

  const disable = async (code: string, currentPassword: string) => {
    setPending(true);
    setErrors({});
    try {
      await dataProvider.disableTotp({ code, currentPassword });
      notify('vigie.account.disabled', { type: 'success' });
      await accountChanged(false);
    } catch (error) {
      fail(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Card sx={{ mt: { xs: 0, sm: 1 }, maxWidth: 720 }}>
        <Title title="vigie.account.title" />
        <CardContent>
          <Typography variant="h6" component="h1" gutterBottom>
            {translate('vigie.account.totpHeading')}
          </Typography>
          {user?.totpEnrollmentRequired ? (
            <Alert severity="warning" sx={{ mb: 2 }}>
              {translate('vigie.account.enrolmentRequired')}
            </Alert>
          ) : null}

          {user?.totpEnabled ? (
            <Stack spacing={1}>
              <Alert severity="success">{translate('vigie.account.totpOn')}</Alert>
              <Typography variant="body2">{translate('vigie.account.disableHelp')}</Typography>
              <CodeForm
                submitLabel="vigie.account.disable"
                pending={pending}
                errors={errors}
                withPassword
                onSubmit={disable}
              />
            </Stack>
          ) : enrolment ? (
            <Stack spacing={1.5}>
              <Typography variant="body2">{translate('vigie.account.scan')}</Typography>
              <Box
                component="img"
                src={svgDataUrl(enrolment.qrCodeSvg)}
                alt={translate('vigie.account.qrAlt')}
                sx={{ width: 220, height: 220, bgcolor: '#fff', p: 1, border: 1, borderColor: 'divider' }}
              />
              <Typography variant="body2">{translate('vigie.account.secret')}</Typography>
              <Box
                component="code"
                data-testid="totp-secret"
                sx={{
                  fontSize: '1.1rem',
                  letterSpacing: '0.1em',
                  overflowWrap: 'anywhere',
                  userSelect: 'all',
                }}
              >
                {enrolment.secret}
              </Box>
              <Typography variant="body2">{translate('vigie.account.confirmHelp')}</Typography>
              <CodeForm
                submitLabel="vigie.account.verify"
                pending={pending}
                errors={errors}
                onSubmit={verify}
              />
            </Stack>
          ) : (
            <Stack spacing={1.5} sx={{ alignItems: 'flex-start' }}>
              <Typography variant="body2">{translate('vigie.account.totpOff')}</Typography>
              <StartForm pending={pending} errors={errors} disabled={!user} onSubmit={start} />
            </Stack>
          )}
        </CardContent>
      </Card>
      {user && !user.totpEnrollmentRequired ? (
        <AccessTokens role={user.role as Role} totpEnabled={user.totpEnabled} />
      ) : null}
    </>
  );
};
