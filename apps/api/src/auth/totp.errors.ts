import { DomainError } from '../common/domain-error';

export enum TotpErrorCode {
  InvalidCode = 'totp_invalid_code',
  NotEnrolling = 'totp_not_enrolling',
  AlreadyEnabled = 'totp_already_enabled',
  NotEnabled = 'totp_not_enabled',
  Mandatory = 'totp_mandatory',
}

export const totpErrors = {
  invalidCode: () =>
    new DomainError('invalid', TotpErrorCode.InvalidCode, 'The code does not match; enter the current code', {
      errors: { code: 'is not the current code of your authenticator app' },
    }),
  notEnrolling: () =>
    new DomainError(
      'conflict',
      TotpErrorCode.NotEnrolling,
      'No second factor is being set up: start the enrolment first',
    ),
  alreadyEnabled: () =>
    new DomainError(
      'conflict',
      TotpErrorCode.AlreadyEnabled,
      'A second factor is already set up; disable it before enrolling a new one',
    ),
  notEnabled: () =>
    new DomainError('conflict', TotpErrorCode.NotEnabled, 'No second factor is set up on this account'),
  mandatory: () =>
    new DomainError(
      'conflict',
      TotpErrorCode.Mandatory,
      'Your role must use a second factor: it cannot be disabled',
    ),
};
