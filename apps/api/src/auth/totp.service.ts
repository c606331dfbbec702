import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIVILEGED_ROLES } from '@vigie/domain';
import { toString as qrCodeToString } from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { LoginThrottle } from './login-throttle';
import { OwnCredentials } from './own-credentials';
import { readSecuritySettings } from './security-settings';
import { SessionsRepository } from './sessions.repository';
import { newTotpSecret, totpUri } from './totp';
import { totpErrors } from './totp.errors';
import { acceptTotpCode } from './totp-steps';

/** What an authenticator app needs, shown once while enrolling. */
export interface TotpEnrolment {
  /** Base32, for typing into the app by hand. */
  secret: string;
  otpauthUrl: string;
  /** The QR code of `otpauthUrl`, an SVG document the console can inline. */
  qrCodeSvg: string;
}

export interface TotpStatus {
  totpEnabled: boolean;
}

interface TotpState {
  totp_secret: string | null;
  totp_enabled: boolean;
}

/**
 * The signed-in user's own second factor: enrol (a pending secret, with the current password),
 * verify (turns it on and lets a session waiting for it through), disable (with the current password
 * and a current code, unless the role requires it). Wrong codes count against the sign-in limits of
 * the account and the address, and a code is accepted once.
 */
@Injectable()
export class TotpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly ownCredentials: OwnCredentials,
  ) {}

  /**
   * A new pending secret, replacing any earlier pending one. Refused while a factor is on, and without
   * the current password: otherwise whoever holds a session could put their own authenticator on the
   * owner's account.
   */
  async enrol(actor: Actor, currentPassword: string | undefined): Promise<TotpEnrolment> {
    if ((await this.state(this.dataSource.manager, actor.id)).totp_enabled) throw totpErrors.alreadyEnabled();
    await this.ownCredentials.assert(actor, { currentPassword }, 'totp_enrol');
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (manager) => {
      const state = await this.state(manager, actor.id, true);
      if (state.totp_enabled) throw totpErrors.alreadyEnabled();
      // A new secret's codes are not replays of the old one's.
      await manager.query(`UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1`, [
        actor.id,
        secret,
      ]);
    });
    const otpauthUrl = totpUri(actor.email, secret);
    return { secret, otpauthUrl, qrCodeSvg: await qrCodeToString(otpauthUrl, { type: 'svg', margin: 2 }) };
  }

  /** Turns the pending secret on once the user proves their app computes the same codes. */
  async verify(actor: Actor, code: string): Promise<TotpStatus> {
    await this.throttle.assertAllowed(this.dataSource.manager, actor.ip, actor.email.toLowerCase());
    const result = await this.dataSource.transaction(async (manager) => {
      const state = await this.state(manager, actor.id, true);
      if (state.totp_enabled) throw totpErrors.alreadyEnabled();
      if (state.totp_secret === null) throw totpErrors.notEnrolling();
      if (!(await acceptTotpCode(manager, actor.id, state.totp_secret, code))) return null;
      await manager.query(
        `UPDATE users SET totp_enabled = true, updated_by = $1, updated_at = now(), version = version + 1
          WHERE id = $1`,
        [actor.id],
      );
      await this.sessions.completeMfa(manager, actor.sessionId);
      await this.record(manager, actor, 'totp_enabled', true);
      return { totpEnabled: true };
    });
    if (result === null) {
      await this.wrongCode(actor, 'totp_verify');
      throw totpErrors.invalidCode();
    }
    return result;
  }

  async disable(actor: Actor, proof: { code: string; currentPassword?: string }): Promise<TotpStatus> {
    const current = await this.state(this.dataSource.manager, actor.id);
    if (!current.totp_enabled || current.totp_secret === null) throw totpErrors.notEnabled();
    const settings = await readSecuritySettings(this.dataSource.manager);
    if (settings.totpRequiredForPrivileged && PRIVILEGED_ROLES.includes(actor.role)) {
      throw totpErrors.mandatory();
    }
    // A session alone must not be enough to remove the factor that protects the account.
    await this.ownCredentials.assert(
      actor,
      { currentPassword: proof.currentPassword, totp: proof.code },
      'totp_disable',
      'code',
    );
    return this.dataSource.transaction(async (manager) => {
      const state = await this.state(manager, actor.id, true);
      if (!state.totp_enabled) throw totpErrors.notEnabled();
      await manager.query(
        `UPDATE users
            SET totp_secret = NULL, totp_enabled = false, updated_by = $1, updated_at = now(),
                version = version + 1
          WHERE id = $1`,
        [actor.id],
      );
      await this.record(manager, actor, 'totp_disabled', false);
      return { totpEnabled: false };
    });
  }

  private async state(manager: EntityManager, userId: string, lock = false): Promise<TotpState> {
    const [state] = (await manager.query(
      `SELECT totp_secret, totp_enabled FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [userId],
    )) as TotpState[];
    // The guard found this user a moment ago; users are never deleted.
    if (!state) throw new Error(`user ${userId} vanished`);
    return state;
  }

  /** A wrong code counts against the limits and is audited, outside the rolled-back change. */
  private async wrongCode(actor: Actor, operation: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.throttle.record(manager, actor.ip, actor.email.toLowerCase(), false);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'login_failed',
        entity: 'users',
        entityId: actor.id,
        context: { ip: actor.ip, sessionId: actor.sessionId, reason: 'bad_totp', operation },
      });
    });
  }

  private record(
    manager: EntityManager,
    actor: Actor,
    action: 'totp_enabled' | 'totp_disabled',
    enabled: boolean,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      action,
      entity: 'users',
      entityId: actor.id,
      diff: { totpEnabled: { before: !enabled, after: enabled } },
      context: { ip: actor.ip, sessionId: actor.sessionId },
    });
  }
}
