import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIVILEGED_ROLES } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import {
  readSecuritySettings,
  SECURITY_SETTINGS_KEY,
  type SecuritySettings,
} from '../auth/security-settings';

@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  readSecurity(manager: EntityManager = this.dataSource.manager): Promise<SecuritySettings> {
    return readSecuritySettings(manager);
  }

  /** Serialises changes of the security settings, so that the audit diff's "before" is exact. */
  async lockSecurity(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('app_settings:' || $1))`, [
      SECURITY_SETTINGS_KEY,
    ]);
  }

  async writeSecurity(manager: EntityManager, value: SecuritySettings, actorId: string): Promise<void> {
    await manager.query(
      `INSERT INTO app_settings (key, value, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [SECURITY_SETTINGS_KEY, JSON.stringify(value), actorId],
    );
  }

  async hasTotp(manager: EntityManager, userId: string): Promise<boolean> {
    const rows: { totp_enabled: boolean }[] = await manager.query(
      `SELECT totp_enabled FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0]?.totp_enabled ?? false;
  }

  /**
   * Makes the rule apply to live sessions at once rather than at the next sign-in: privileged users
   * without a second factor are held to enrolment when it turns on, and let go when it turns off.
   */
  async applyTotpRequirementToSessions(manager: EntityManager, required: boolean): Promise<void> {
    if (required) {
      await manager.query(
        `UPDATE sessions s SET mfa_pending = true
           FROM users u
          WHERE u.id = s.user_id AND s.revoked_at IS NULL AND NOT s.mfa_pending
            AND u.role = ANY($1::text[]) AND NOT u.totp_enabled`,
        [PRIVILEGED_ROLES],
      );
    } else {
      await manager.query(`UPDATE sessions SET mfa_pending = false WHERE mfa_pending AND revoked_at IS NULL`);
    }
  }
}
