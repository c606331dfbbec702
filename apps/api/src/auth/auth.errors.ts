import { DomainError } from '../common/domain-error';

export enum AuthErrorCode {
  NotAuthenticated = 'not_authenticated',
  Forbidden = 'forbidden',
  InvalidCredentials = 'invalid_credentials',
  TotpRequired = 'totp_required',
  TotpEnrollmentRequired = 'totp_enrollment_required',
  TooManyAttempts = 'too_many_attempts',
  CrossOrigin = 'cross_origin',
  NoPermissionDeclared = 'no_permission_declared',
  CurrentCredentialsRequired = 'current_credentials_required',
  CurrentCredentialsInvalid = 'current_credentials_invalid',
}

/** Same message whether the email exists, the password is wrong or the account is locked. */
const INVALID_CREDENTIALS = 'Invalid email, password or code';

export const authErrors = {
  notAuthenticated: () =>
    new DomainError('unauthenticated', AuthErrorCode.NotAuthenticated, 'Sign in to use this API'),
  forbidden: (what = 'this action') =>
    new DomainError('forbidden', AuthErrorCode.Forbidden, `Your role does not allow ${what}`),
  invalidCredentials: () =>
    new DomainError('unauthenticated', AuthErrorCode.InvalidCredentials, INVALID_CREDENTIALS),
  totpRequired: () =>
    new DomainError(
      'unauthenticated',
      AuthErrorCode.TotpRequired,
      'Enter the code of your authenticator app',
      {
        errors: { totp: 'required' },
      },
    ),
  totpEnrollmentRequired: () =>
    new DomainError(
      'forbidden',
      AuthErrorCode.TotpEnrollmentRequired,
      'Your role requires a second factor: set up an authenticator app first',
    ),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new DomainError(
      'rate_limited',
      AuthErrorCode.TooManyAttempts,
      'Too many sign-in attempts; try again later',
      {
        retryAfterSeconds,
      },
    ),
  crossOrigin: () =>
    new DomainError(
      'forbidden',
      AuthErrorCode.CrossOrigin,
      'Cross-origin request refused (Origin does not match)',
    ),
  /** A change of one's own credentials without the proofs it needs (field → what to enter). */
  currentCredentialsRequired: (errors: Record<string, string>) =>
    new DomainError(
      'invalid',
      AuthErrorCode.CurrentCredentialsRequired,
      `Changing your own credentials needs ${Object.keys(errors).join(' and ')}`,
      { errors },
    ),
  /** One answer whichever proof is wrong, so that a stolen session cannot test passwords one by one. */
  currentCredentialsInvalid: (fields: string[]) =>
    new DomainError(
      'invalid',
      AuthErrorCode.CurrentCredentialsInvalid,
      'Your current password or code is wrong',
      {
        errors: Object.fromEntries(fields.map((field) => [field, 'your current password or code is wrong'])),
      },
    ),
  noPermissionDeclared: () =>
    new DomainError('forbidden', AuthErrorCode.NoPermissionDeclared, 'This endpoint declares no permission'),
};
