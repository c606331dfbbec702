/**
 * The messages under the current-password and code inputs when the API refused one's own
 * credentials (`current_credentials_invalid` / `_required`, the re-authentication every change of
 * one's own account or token asks for), or null for any other answer. `codeField` is the name the
 * form's request gives the second-factor code (`code`, `totp`). A wrong password and a wrong code
 * get one message: the API does not say which.
 */
export function ownCredentialErrors<C extends string>(
  body: { code?: unknown; errors?: Record<string, unknown> } | null,
  codeField: C,
): Partial<Record<'currentPassword' | C, string>> | null {
  const named = (field: string) => typeof body?.errors?.[field] === 'string';
  if (body?.code === 'current_credentials_invalid') {
    return {
      currentPassword: 'vigie.account.wrongCredentials',
      ...(named(codeField) ? { [codeField]: 'vigie.account.wrongCredentials' } : {}),
    } as Partial<Record<'currentPassword' | C, string>>;
  }
  if (body?.code === 'current_credentials_required') {
    return {
      ...(named('currentPassword') ? { currentPassword: 'vigie.account.passwordRequired' } : {}),
      ...(named(codeField) ? { [codeField]: 'vigie.account.codeRequired' } : {}),
    } as Partial<Record<'currentPassword' | C, string>>;
  }
  return null;
}
