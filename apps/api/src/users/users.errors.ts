import { DomainError } from '../common/domain-error';

export enum UserErrorCode {
  EmailTaken = 'user_email_taken',
  SelfDeactivation = 'user_self_deactivation',
  SelfDemotion = 'user_self_demotion',
  LastAdmin = 'user_last_admin',
  RequiredField = 'user_required_field',
}

export const userErrors = {
  emailTaken: () =>
    new DomainError('conflict', UserErrorCode.EmailTaken, 'Another account already uses this email', {
      errors: { email: 'is already used by another account' },
    }),
  selfDeactivation: () =>
    new DomainError(
      'conflict',
      UserErrorCode.SelfDeactivation,
      'You cannot deactivate your own account; ask another administrator',
      { errors: { active: 'cannot deactivate your own account' } },
    ),
  selfDemotion: () =>
    new DomainError(
      'conflict',
      UserErrorCode.SelfDemotion,
      'You cannot remove your own administrator role; ask another administrator',
      { errors: { role: 'cannot remove your own administrator role' } },
    ),
  lastAdmin: (field: 'role' | 'active') =>
    new DomainError('conflict', UserErrorCode.LastAdmin, 'At least one active administrator must remain', {
      errors: { [field]: 'the last active administrator must remain' },
    }),
  requiredFields: (fields: string[]) =>
    new DomainError(
      'invalid',
      UserErrorCode.RequiredField,
      `These fields cannot be null: ${fields.join(', ')}`,
      { errors: Object.fromEntries(fields.map((field) => [field, 'must not be null'])) },
    ),
};
