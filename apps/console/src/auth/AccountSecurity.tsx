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
import type { TotpEnrolment, VigieDataProvider } from '../dataProvider';
import type { VigieIdentity } from './authProvider';
import { reloadUser } from './session';

const CODE_FORMAT = /^\d{6}$/;

/** The QR code as an image: the SVG comes from the server and is never inserted into the page. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** The message under the code input, or null when the failure is about something else. */
function codeError(error: unknown): string | null {
  if (!(error instanceof HttpError)) return null;
  const body = error.body as { code?: unknown; errors?: Record<string, unknown> } | null;
  if (body?.code === 'totp_invalid_code') return 'vigie.account.invalidCode';
  return typeof body?.errors?.code === 'string' ? body.errors.code : null;
}

/** A 6-digit code input with its submit button. */
const CodeForm = ({
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (code: string) => void;
}) => {
  const translate = useTranslate();
  const [code, setCode] = useState('');
  const [formatError, setFormatError] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!CODE_FORMAT.test(code)) {
      setFormatError(true);
      return;
    }
    setFormatError(false);
    onSubmit(code);
  };
  return (
    <Box component="form" onSubmit={submit} noValidate sx={{ maxWidth: 360 }}>
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
  const [fieldError, setFieldError] = useState<string | null>(null);

  const fail = (error: unknown) => {
    const message = codeError(error);
    if (message) setFieldError(message);
    else notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };

  /** The account changed: read it again, and let every permission be asked again. */
  const accountChanged = async (wasRequired: boolean) => {
    await reloadUser();
    await refetch();
    refresh();
    if (wasRequired) navigate('/');
  };

  const start = async () => {
    setPending(true);
    setFieldError(null);
    try {
      setEnrolment(await dataProvider.enrolTotp());
    } catch (error) {
      fail(error);
    } finally {
      setPending(false);
    }
  };

  const verify = async (code: string) => {
    setPending(true);
    setFieldError(null);
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

  const disable = async (code: string) => {
    setPending(true);
    setFieldError(null);
    try {
      await dataProvider.disableTotp({ code });
      notify('vigie.account.disabled', { type: 'success' });
      await accountChanged(false);
    } catch (error) {
      fail(error);
    } finally {
      setPending(false);
    }
  };

  return (
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
              error={fieldError}
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
              sx={{ fontSize: '1.1rem', letterSpacing: '0.1em', overflowWrap: 'anywhere', userSelect: 'all' }}
            >
              {enrolment.secret}
            </Box>
            <Typography variant="body2">{translate('vigie.account.confirmHelp')}</Typography>
            <CodeForm
              submitLabel="vigie.account.verify"
              pending={pending}
              error={fieldError}
              onSubmit={verify}
            />
          </Stack>
        ) : (
          <Stack spacing={1.5} sx={{ alignItems: 'flex-start' }}>
            <Typography variant="body2">{translate('vigie.account.totpOff')}</Typography>
            <MuiButton variant="contained" onClick={start} disabled={pending || !user} sx={{ minHeight: 44 }}>
              {translate('vigie.account.start')}
            </MuiButton>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
