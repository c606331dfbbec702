import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { authErrors } from './auth.errors';

/** Account lockout: this many failures in a row lock the account for LOCK_MINUTES. */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MINUTES = 15;
const WINDOW_MINUTES = 15;

/**
 * Login rate limits kept in PostgreSQL (any API process sees the same counts): failures per
 * address, and attempts per account, over a sliding window.
 */
@Injectable()
export class LoginThrottle {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async assertAllowed(manager: EntityManager, ip: string, email: string): Promise<void> {
    const [row] = (await manager.query(
      `SELECT count(*) FILTER (WHERE ip = $1 AND NOT success)::int AS ip_failures,
              count(*) FILTER (WHERE email = $2)::int AS account_attempts
         FROM login_attempts
        WHERE at > now() - make_interval(mins => $3) AND (ip = $1 OR email = $2)`,
      [ip, email, WINDOW_MINUTES],
    )) as { ip_failures: number; account_attempts: number }[];
    if (
      (row?.ip_failures ?? 0) >= this.config.VIGIE_LOGIN_MAX_FAILURES_PER_IP ||
      (row?.account_attempts ?? 0) >= this.config.VIGIE_LOGIN_MAX_ATTEMPTS_PER_ACCOUNT
    ) {
      throw authErrors.tooManyAttempts(WINDOW_MINUTES * 60);
    }
  }

  async record(manager: EntityManager, ip: string, email: string, success: boolean): Promise<void> {
    await manager.query(`INSERT INTO login_attempts (ip, email, success) VALUES ($1, $2, $3)`, [
      ip,
      email,
      success,
    ]);
  }
}
