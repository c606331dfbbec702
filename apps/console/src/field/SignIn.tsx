import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../auth/authApi';
import { loginOutcome, type LoginOutcome } from '../auth/loginOutcome';
import { signIn } from '../auth/session';
import type { Translate } from '../terrain/fieldContext';

const TOTP_FORMAT = /^\d{6}$/;

/** The message above the form, as the console's login page says it (`auth/LoginPage.tsx`). */
function outcomeMessage(outcome: LoginOutcome | null, translate: Translate): string | null {
  switch (outcome?.kind) {
    case undefined:
    case 'totp_required':
      return null;
    case 'invalid':
      return translate('vigie.auth.invalidCredentials');
    case 'too_many_attempts':
      return outcome.minutes === null
        ? translate('vigie.auth.tooManyAttempts')
        : translate('vigie.auth.tooManyAttemptsFor', { smart_count: outcome.minutes });
    case 'fields':
      return Object.keys(outcome.errors).some((field) => !['email', 'password', 'totp'].includes(field)) ||
        Object.keys(outcome.errors).length === 0
        ? outcome.message
        : null;
    case 'network':
      return translate('vigie.errors.network');
    case 'server':
      return translate('vigie.errors.server');
  }
}

/**
 * Email and password, then the 6-digit code when the account has a second factor (sent again with
 * the email and password: the API keeps no half-open session), without react-admin.
 */
export const SignIn = ({
  translate,
  onSignedIn,
}: {
  translate: Translate;
  onSignedIn: (user: SessionUser) => void;
}) => {
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<LoginOutcome | null>(null);
  const [totpFormatError, setTotpFormatError] = useState(false);
  const fieldError = (field: string) => (outcome?.kind === 'fields' ? outcome.errors[field] : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (step === 'totp' && !TOTP_FORMAT.test(totp.trim())) {
      setTotpFormatError(true);
      return;
    }
    setTotpFormatError(false);
    setPending(true);
    try {
      onSignedIn(
        await signIn(step === 'totp' ? { email, password, totp: totp.trim() } : { email, password }),
      );
    } catch (error) {
      const next = loginOutcome(error);
      if (next.kind === 'totp_required') {
        setOutcome(step === 'totp' ? { kind: 'invalid' } : null);
        setStep('totp');
      } else {
        setOutcome(next);
      }
      if (step === 'totp') setTotp('');
      setPending(false);
    }
  };

  const message = outcomeMessage(outcome, translate);
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 1 }}>
      <Paper
        component="form"
        onSubmit={submit}
        noValidate
        data-testid="field-sign-in"
        sx={{ p: 2, mt: { xs: 2, sm: 6 }, width: '100%', maxWidth: 400, boxSizing: 'border-box' }}
      >
        <Typography variant="h5" component="h1" align="center" sx={{ mb: 2 }}>
          {translate('vigie.field.title')}
        </Typography>
        {message ? (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {message}
          </Alert>
        ) : null}
        {step === 'password' ? (
          <>
            <TextField
              name="email"
              slotProps={{ htmlInput: { 'data-testid': 'field-sign-in-email' } }}
              type="email"
              label={translate('vigie.auth.email')}
              autoComplete="username"
              autoFocus
              required
              fullWidth
              margin="normal"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={Boolean(fieldError('email'))}
              helperText={fieldError('email')}
              disabled={pending}
            />
            <TextField
              name="password"
              slotProps={{ htmlInput: { 'data-testid': 'field-sign-in-password' } }}
              type="password"
              label={translate('vigie.auth.password')}
              autoComplete="current-password"
              required
              fullWidth
              margin="normal"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={Boolean(fieldError('password'))}
              helperText={fieldError('password')}
              disabled={pending}
            />
          </>
        ) : (
          <>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {translate('vigie.auth.totpPrompt')}
            </Typography>
            <TextField
              name="totp"
              label={translate('vigie.auth.totp')}
              autoComplete="one-time-code"
              autoFocus
              required
              fullWidth
              margin="normal"
              value={totp}
              onChange={(event) => setTotp(event.target.value.replace(/\s/g, ''))}
              error={totpFormatError || Boolean(fieldError('totp'))}
              helperText={totpFormatError ? translate('vigie.auth.totpFormat') : fieldError('totp')}
              disabled={pending}
              slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]*', maxLength: 6 } }}
            />
          </>
        )}
        <Button
          type="submit"
          variant="contained"
          fullWidth
          disabled={pending}
          data-testid="field-sign-in-submit"
          sx={{ mt: 2, minHeight: 56 }}
        >
          {translate('vigie.auth.signIn')}
        </Button>
        {step === 'totp' ? (
          <Button
            fullWidth
            disabled={pending}
            sx={{ mt: 1, minHeight: 48 }}
            onClick={() => {
              setStep('password');
              setTotp('');
              setOutcome(null);
              setTotpFormatError(false);
            }}
          >
            {translate('vigie.auth.back')}
          </Button>
        ) : null}
        <Button href="/" fullWidth sx={{ mt: 1, minHeight: 48 }}>
          {translate('vigie.field.console')}
        </Button>
      </Paper>
    </Box>
  );
};
