import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { authErrors } from './auth.errors';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';
import { acceptTotpCode } from './totp-steps';

/** What a signed-in user types to prove it is them, not only their session. */
export interface OwnCredentialProof {
  currentPassword?: string | null;
  /** The current code of their authenticator app, when they have one. */
  totp?: string | null;
}

/**
 * Re-authentication for changes of one's own credentials (password, second factor): a session alone
 * (a stolen cookie, a console left open) must not be enough to take the account over. Attempts
 * count against the sign-in limits of the account and the address, and failures are audited.
 */
@Injectable()
export class OwnCredentials {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  /**
   * Throws 400 naming the missing or wrong fields, 429 past the limits. `totpField` is the body field
   * that carries the code (`totp`, or `code` on the second-factor routes).
   */
  async assert(
    actor: Actor,
    proof: OwnCredentialProof,
    operation: string,
    totpField: 'totp' | 'code' = 'totp',
  ): Promise<void> {
    const [user] = (await this.dataSource.query(
      `SELECT email, password_hash, totp_secret, totp_enabled FROM users WHERE id = $1`,
      [actor.id],
    )) as { email: string; password_hash: string; totp_secret: string | null; totp_enabled: boolean }[];
    // The guard found this user a moment ago; users are never deleted.
    if (!user) throw new Error(`user ${actor.id} vanished`);
    const needsCode = user.totp_enabled && user.totp_secret !== null;
    const missing: Record<string, string> = {};
    if (!proof.currentPassword) missing.currentPassword = 'required: enter your current password';
    if (needsCode && !proof.totp)
      missing[totpField] = 'required: enter the current code of your authenticator app';
    if (Object.keys(missing).length > 0) throw authErrors.currentCredentialsRequired(missing);

    const email = user.email.toLowerCase();
    await this.throttle.assertAllowed(this.dataSource.manager, actor.ip, email);
    const passwordOk = await verifyPassword(user.password_hash, proof.currentPassword as string);
    // The code is only tried (and used up) once the password is right.
    const codeOk =
      passwordOk &&
      (!needsCode ||
        (await acceptTotpCode(
          this.dataSource.manager,
          actor.id,
          user.totp_secret as string,
          proof.totp as string,
        )));
    if (codeOk) return;

    await this.dataSource.transaction(async (manager) => {
      await this.throttle.record(manager, actor.ip, email, false);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'login_failed',
        entity: 'users',
        entityId: actor.id,
        context: {
          ip: actor.ip,
          sessionId: actor.sessionId,
          reason: passwordOk ? 'bad_totp' : 'bad_password',
          operation,
        },
      });
    });
    throw authErrors.currentCredentialsInvalid(
      needsCode ? ['currentPassword', totpField] : ['currentPassword'],
    );
  }
}
