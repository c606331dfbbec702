import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import type { Credentials } from './authApi';
import { loginOutcome, type LoginOutcome } from './loginOutcome';

/**
 * The sign-in form shared by the console's login page (`LoginPage.tsx`, through react-admin's
 * `useLogin`) and the light field app (`field/SignIn.tsx`, which must not load react-admin): this
 * module imports none of it, only MUI and React.
 */

/** react-admin's `useTranslate()` and the field app's `translate` both fit. */
export type SignInTranslate = (key: string, options?: Record<string, unknown>) => string;

const TOTP_FORMAT = /^\d{6}$/;

/** The message above the form for an outcome that is not about one field. */
function outcomeMessage(outcome: LoginOutcome | null, translate: SignInTranslate): string | null {
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
 * `send` signs in and resolves once signed in; it rejects with what `loginOutcome` reads. After a
 * success the form stays pending: the caller moves on to another screen.
 */
export function useSignInForm(send: (credentials: Credentials) => Promise<unknown>) {
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<LoginOutcome | null>(null);
  const [totpFormatError, setTotpFormatError] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (step === 'totp' && !TOTP_FORMAT.test(totp.trim())) {
      setTotpFormatError(true);
      return;
    }
    setTotpFormatError(false);
    setPending(true);
    try {
      await send(step === 'totp' ? { email, password, totp: totp.trim() } : { email, password });
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

  return {
    step,
    email,
    setEmail,
    password,
    setPassword,
    totp,
    /** Spaces are dropped as typed (a code copied as « 123 456 »). */
    setTotp: (value: string) => setTotp(value.replace(/\s/g, '')),
    pending,
    outcome,
    totpFormatError,
    submit,
    back,
  };
}

export type SignInFormState = ReturnType<typeof useSignInForm>;

/**
 * What goes inside the `<form onSubmit={form.submit}>`: the error above the fields, the fields of
 * the current step, the submit button and, at the code step, the way back.
 */
export const SignInFields = ({
  form,
  translate,
  testIdPrefix,
  submitHeight,
  backHeight,
  submitProgress = false,
}: {
  form: SignInFormState;
  translate: SignInTranslate;
  /** `<prefix>-email`, `<prefix>-password` and `<prefix>-submit` as `data-testid`s; none without it. */
  testIdPrefix?: string;
  /** Minimum height of the submit button, in px. */
  submitHeight: number;
  /** Minimum height of the back button, in px; the theme's own without it. */
  backHeight?: number;
  /** A spinner in the submit button while the attempt is under way. */
  submitProgress?: boolean;
}) => {
  const { step, pending, outcome, totpFormatError } = form;
  const fieldError = (field: string): string | undefined =>
    outcome?.kind === 'fields' ? outcome.errors[field] : undefined;
  const testId = (name: string) => (testIdPrefix === undefined ? undefined : `${testIdPrefix}-${name}`);
  /** The email or the password field, alike but for these. */
  const credentialField = (
    name: 'email' | 'password',
    value: string,
    onChange: (value: string) => void,
    autoComplete: string,
    autoFocus: boolean,
  ) => (
    <TextField
      name={name}
      slotProps={{ htmlInput: { 'data-testid': testId(name) } }}
      type={name}
      label={translate(`vigie.auth.${name}`)}
      autoComplete={autoComplete}
      autoFocus={autoFocus}
      required
      fullWidth
      margin="normal"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(fieldError(name))}
      helperText={fieldError(name)}
      disabled={pending}
    />
  );
  const message = outcomeMessage(outcome, translate);
  const signInLabel = translate('vigie.auth.signIn');

  return (
    <>
      {message ? (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {message}
        </Alert>
      ) : null}
      {step === 'password' ? (
        <>
          {credentialField('email', form.email, form.setEmail, 'username', true)}
          {credentialField('password', form.password, form.setPassword, 'current-password', false)}
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
            value={form.totp}
            onChange={(event) => form.setTotp(event.target.value)}
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
        data-testid={testId('submit')}
        startIcon={submitProgress && pending ? <CircularProgress size={18} color="inherit" /> : null}
        sx={{ mt: 2, minHeight: submitHeight }}
      >
        {signInLabel}
      </Button>
      {step === 'totp' ? (
        <Button fullWidth onClick={form.back} disabled={pending} sx={{ mt: 1, minHeight: backHeight }}>
          {translate('vigie.auth.back')}
        </Button>
      ) : null}
    </>
  );
};
