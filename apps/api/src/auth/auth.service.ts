import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIVILEGED_ROLES, type Role } from '@vigie/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { authErrors } from './auth.errors';
import type { LoginDto } from './dto/login.dto';
import { hashPassword, verifyPassword } from './passwords';
import { LOCK_AFTER_FAILURES, LOCK_MINUTES, LoginThrottle } from './login-throttle';
import { readSecuritySettings } from './security-settings';
import { newSessionToken } from './session-token';
import { SessionsRepository } from './sessions.repository';
import { acceptTotpCode } from './totp-steps';

/** What a client learns about the signed-in user. */
export interface SessionUserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  totpEnabled: boolean;
  /** The role requires a second factor and none is set up: only enrolment is allowed. */
  totpEnrollmentRequired: boolean;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: boolean;
}

/** Verified against when the email is unknown, so that both cases take the same time. */
let dummyHash: Promise<string> | null = null;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  /**
   * Signs in with email, password and (when enabled) a TOTP code. Every refusal says the same thing,
   * whether the email exists, the password is wrong or the account is locked.
   *
   * The lockout holds under parallel attempts: each attempt first claims one of the account's ten
   * tries in a single conditional UPDATE (counted as a failure until it succeeds), and only a claimed
   * attempt has its password checked. Sixty requests in flight at once get ten checks, not sixty. An
   * unknown email takes the same path (an UPDATE of no row, a hash checked), so neither the answer nor
   * its time tells whether the account exists.
   */
  async login(
    input: LoginDto,
    client: { ip: string; userAgent: string | null },
  ): Promise<{ token: string; user: SessionUserView }> {
    const email = input.email.trim().toLowerCase();
    await this.throttle.assertAllowed(this.dataSource.manager, client.ip, email);
    const user = await this.claimAttempt(email);
    const passwordOk = await verifyPassword(
      user?.password_hash ?? (await (dummyHash ??= hashPassword('x'.repeat(16)))),
      input.password,
    );

    if (!user || !user.active || !passwordOk) {
      const locked = user ? null : await this.lockedAccount(email);
      await this.fail(
        user ?? locked,
        email,
        client,
        locked ? 'locked' : !user ? 'unknown_email' : 'bad_password',
      );
      throw authErrors.invalidCredentials();
    }
    if (user.totp_enabled) {
      // A right password whose code is still to come is not a failure: its try is given back.
      if (!input.totp) {
        await this.releaseAttempt(user.id);
        throw authErrors.totpRequired();
      }
      if (!(await acceptTotpCode(this.dataSource.manager, user.id, user.totp_secret as string, input.totp))) {
        await this.fail(user, email, client, 'bad_totp');
        throw authErrors.invalidCredentials();
      }
    }

    return this.dataSource.transaction(async (manager) => {
      const settings = await readSecuritySettings(manager);
      const mfaPending =
        !user.totp_enabled && settings.totpRequiredForPrivileged && PRIVILEGED_ROLES.includes(user.role);
      const { token, tokenHash } = newSessionToken();
      const sessionId = await this.sessions.create(manager, {
        tokenHash,
        userId: user.id,
        mfaPending,
        ip: client.ip,
        userAgent: client.userAgent,
      });
      await manager.query(
        `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`,
        [user.id],
      );
      await this.throttle.record(manager, client.ip, email, true);
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'login',
        entity: 'users',
        entityId: user.id,
        context: { ip: client.ip, sessionId },
      });
      return {
        token,
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          totpEnabled: user.totp_enabled,
          totpEnrollmentRequired: mfaPending,
        },
      };
    });
  }

  async logout(actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(manager, actor.sessionId);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'logout',
        entity: 'users',
        entityId: actor.id,
        context: { ip: actor.ip, sessionId: actor.sessionId },
      });
    });
  }

  async me(actor: Actor): Promise<SessionUserView> {
    const [row] = (await this.dataSource.query(
      `SELECT u.totp_enabled, s.mfa_pending FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2`,
      [actor.id, actor.sessionId],
    )) as { totp_enabled: boolean; mfa_pending: boolean }[];
    return {
      id: actor.id,
      email: actor.email,
      name: actor.name,
      role: actor.role,
      totpEnabled: row?.totp_enabled ?? false,
      totpEnrollmentRequired: row?.mfa_pending ?? false,
    };
  }

  /**
   * Claims one try of the account: counts it as a failure in the same statement that checks the lock
   * (the tenth claim locks the account), so that concurrent attempts are serialised on the row and
   * never more than LOCK_AFTER_FAILURES passwords are checked. Null for an unknown or locked account.
   */
  private async claimAttempt(email: string): Promise<UserRow | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE users
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3)
                                  ELSE locked_until END
        WHERE lower(email) = $1 AND (locked_until IS NULL OR locked_until <= now())
       RETURNING id, email, name, role, active, password_hash, totp_secret, totp_enabled`,
      [email, LOCK_AFTER_FAILURES, LOCK_MINUTES],
    )) as [UserRow[], number];
    return rows[0] ?? null;
  }

  /** Gives back the try of an attempt whose password was right but whose code is still to come. */
  private async releaseAttempt(userId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE users SET failed_logins = greatest(failed_logins - 1, 0)
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())`,
      [userId],
    );
  }

  private async lockedAccount(email: string): Promise<UserRow | null> {
    const [user] = (await this.dataSource.query(
      `SELECT id, email, name, role, active, password_hash, totp_secret, totp_enabled
         FROM users WHERE lower(email) = $1 AND locked_until > now()`,
      [email],
    )) as UserRow[];
    return user ?? null;
  }

  /** Records the failure (already counted against the account by its claim) and audits it. */
  private async fail(
    user: UserRow | null,
    email: string,
    client: { ip: string },
    reason: 'unknown_email' | 'bad_password' | 'bad_totp' | 'locked',
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.throttle.record(manager, client.ip, email, false);
      await this.audit.record(manager, {
        actorId: user?.id ?? null,
        action: 'login_failed',
        entity: 'users',
        entityId: user?.id ?? null,
        context: { ip: client.ip, reason, ...(user ? {} : { email }) },
      });
    });
  }
}
