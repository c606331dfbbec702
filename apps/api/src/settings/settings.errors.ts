import { DomainError } from '../common/domain-error';

export enum SettingsErrorCode {
  OwnTotpRequired = 'settings_own_totp_required',
}

export const settingsErrors = {
  ownTotpRequired: () =>
    new DomainError(
      'conflict',
      SettingsErrorCode.OwnTotpRequired,
      'Set up your own second factor before making it mandatory',
      { errors: { totpRequiredForPrivileged: 'set up your own second factor first' } },
    ),
};
