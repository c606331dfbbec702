import LockIcon from '@mui/icons-material/Lock';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { Login, useLogin, useTranslate } from 'react-admin';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { loginOutcome, type LoginOutcome } from './loginOutcome';

type Step = 'password' | 'totp';

const TOTP_FORMAT = /^\d{6}$/;

/** The message above the form for an outcome that is not about one field. */
function outcomeMessage(
  outcome: LoginOutcome | null,
  translate: ReturnType<typeof useTranslate>,
): string | null {
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
 * Email and password, then — when the account has a second factor — the 6-digit code, sent again
 * with the email and password (the API keeps no half-open session between the two steps).
 */
const LoginForm = () => {
  const translate = useTranslate();
  const login = useLogin();
  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<LoginOutcome | null>(null);
  const [totpFormatError, setTotpFormatError] = useState(false);

  const fieldError = (field: string): string | undefined =>
    outcome?.kind === 'fields' ? outcome.errors[field] : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (step === 'totp' && !TOTP_FORMAT.test(totp.trim())) {
      setTotpFormatError(true);
      return;
    }
    setTotpFormatError(false);
    setPending(true);
    try {
      await login(step === 'totp' ? { email, password, totp: totp.trim() } : { email, password });
    } catch (error) {
      const next = loginOutcome(error);
      if (next.kind === 'totp_required') {
        if (step === 'totp') {
          // A code was sent and still "required": it was refused.
          setOutcome({ kind: 'invalid' });
        } else {
          setStep('totp');
          setOutcome(null);
        }
      } else {
        setOutcome(next);
      }
      if (step === 'totp') setTotp('');
      setPending(false);
    }
  };

  const back = () => {
    setStep('password');
    setTotp('');
    setOutcome(null);
    setTotpFormatError(false);
  };

  const message = outcomeMessage(outcome, translate);
  const signInLabel = translate('vigie.auth.signIn');

  return (
    <CardContent component="form" onSubmit={submit} noValidate sx={{ width: { xs: '100%', sm: 360 } }}>
      <Typography variant="h5" component="h1" align="center" sx={{ mb: 2 }}>
        {translate('vigie.appName')}
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
        aria-label={signInLabel}
        startIcon={pending ? <CircularProgress size={18} color="inherit" /> : null}
        sx={{ mt: 2, minHeight: 44 }}
      >
        {signInLabel}
      </Button>
      {step === 'totp' ? (
        <Button fullWidth onClick={back} disabled={pending} sx={{ mt: 1 }}>
          {translate('vigie.auth.back')}
        </Button>
      ) : null}
      <Box sx={{ display: 'flex', justifyContent: 'center', mt: 2, color: 'text.primary' }}>
        <LanguageSwitch tone="light" />
      </Box>
    </CardContent>
  );
};

/** react-admin's login frame (it sends a user already signed in to the home page), with our form. */
export const LoginPage = () => (
  <Login
    avatarIcon={<LockIcon />}
    sx={{
      backgroundImage: 'radial-gradient(circle at 50% 14em, #2e6b5e 0%, #1b3a4b 60%, #10242f 100%)',
      '& .RaLogin-card': { mt: { xs: 2, sm: '6em' }, mx: 1, maxWidth: '100%' },
    }}
  >
    <LoginForm />
  </Login>
);
