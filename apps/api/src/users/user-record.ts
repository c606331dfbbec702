import type { Role } from '@vigie/domain';

/**
 * An account as the admin API shows it. Never the password hash nor the TOTP secret: the SQL that
 * builds it does not select them. (Belongs in `libs/domain` once the console reads it.)
 */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  /** Set only while the lock is in force; an expired lock reads as null. */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
}
