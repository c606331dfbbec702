import { describe, expect, it } from 'vitest';
import { ownCredentialErrors } from './ownCredentialErrors';

describe('ownCredentialErrors', () => {
  it('puts one message under both inputs for wrong credentials, under the form’s own code field', () => {
    const body = { code: 'current_credentials_invalid', errors: { currentPassword: 'x', totp: 'x' } };
    expect(ownCredentialErrors(body, 'totp')).toEqual({
      currentPassword: 'vigie.account.wrongCredentials',
      totp: 'vigie.account.wrongCredentials',
    });
    expect(ownCredentialErrors({ ...body, errors: { currentPassword: 'x' } }, 'code')).toEqual({
      currentPassword: 'vigie.account.wrongCredentials',
    });
  });

  it('asks for what is missing, and only that', () => {
    expect(
      ownCredentialErrors({ code: 'current_credentials_required', errors: { code: 'required' } }, 'code'),
    ).toEqual({ code: 'vigie.account.codeRequired' });
    expect(
      ownCredentialErrors(
        { code: 'current_credentials_required', errors: { currentPassword: 'required' } },
        'totp',
      ),
    ).toEqual({ currentPassword: 'vigie.account.passwordRequired' });
  });

  it('leaves any other answer to the form', () => {
    expect(ownCredentialErrors({ code: 'validation_failed', errors: { name: 'x' } }, 'totp')).toBeNull();
    expect(ownCredentialErrors(null, 'code')).toBeNull();
  });
});
