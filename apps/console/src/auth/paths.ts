/** "Sécurité du compte": second factor set-up, from the user menu (and forced when the role needs it). */
export const ACCOUNT_SECURITY_PATH = '/account/security';

/** The admin's security settings (second factor mandatory for privileged roles). */
export const SECURITY_SETTINGS_PATH = '/settings/security';
