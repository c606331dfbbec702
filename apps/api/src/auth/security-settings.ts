import type { EntityManager } from 'typeorm';

export interface SecuritySettings {
  /** When on, `admin` and `legal` accounts must use a second factor (TOTP). */
  totpRequiredForPrivileged: boolean;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = { totpRequiredForPrivileged: false };
export const SECURITY_SETTINGS_KEY = 'security';

export async function readSecuritySettings(manager: EntityManager): Promise<SecuritySettings> {
  const [row] = (await manager.query(`SELECT value FROM app_settings WHERE key = $1`, [
    SECURITY_SETTINGS_KEY,
  ])) as {
    value: Partial<SecuritySettings>;
  }[];
  return { ...DEFAULT_SECURITY_SETTINGS, ...(row?.value ?? {}) };
}
