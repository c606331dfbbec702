import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIVILEGED_ROLES } from '@vigie/domain';
import { toString as qrCodeToString } from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { readSecuritySettings } from './security-settings';
import { SessionsRepository } from './sessions.repository';
import { newTotpSecret, totpUri, verifyTotp } from './totp';
import { totpErrors } from './totp.errors';

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
 * The signed-in user's own second factor: enrol (a pending secret), verify (turns it on and lets
 * a session waiting for it through), disable (with a current code, unless the role requires it).
 */
@Injectable()
export class TotpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new pending secret, replacing any earlier pending one. Refused while a factor is on: otherwise
   * whoever holds a session could swap the owner's authenticator for their own.
   */
  async enrol(actor: Actor): Promise<TotpEnrolment> {
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (manager) => {
      const state = await this.lockState(manager, actor.id);
      if (state.totp_enabled) throw totpErrors.alreadyEnabled();
      await manager.query(`UPDATE users SET totp_secret = $2 WHERE id = $1`, [actor.id, secret]);
    });
    const otpauthUrl = totpUri(actor.email, secret);
    return { secret, otpauthUrl, qrCodeSvg: await qrCodeToString(otpauthUrl, { type: 'svg', margin: 2 }) };
  }

  /** Turns the pending secret on once the user proves their app computes the same codes. */
  async verify(actor: Actor, code: string): Promise<TotpStatus> {
    return this.dataSource.transaction(async (manager) => {
      const state = await this.lockState(manager, actor.id);
      if (state.totp_enabled) throw totpErrors.alreadyEnabled();
      if (state.totp_secret === null) throw totpErrors.notEnrolling();
      if (!(await verifyTotp(state.totp_secret, code))) throw totpErrors.invalidCode();
      await manager.query(
        `UPDATE users SET totp_enabled = true, updated_by = $1, updated_at = now(), version = version + 1
          WHERE id = $1`,
        [actor.id],
      );
      await this.sessions.completeMfa(manager, actor.sessionId);
      await this.record(manager, actor, 'totp_enabled', true);
      return { totpEnabled: true };
    });
  }

  async disable(actor: Actor, code: string): Promise<TotpStatus> {
    return this.dataSource.transaction(async (manager) => {
      const state = await this.lockState(manager, actor.id);
      if (!state.totp_enabled || state.totp_secret === null) throw totpErrors.notEnabled();
      const settings = await readSecuritySettings(manager);
      if (settings.totpRequiredForPrivileged && PRIVILEGED_ROLES.includes(actor.role)) {
        throw totpErrors.mandatory();
      }
      // A session alone must not be enough to remove the factor that protects the account.
      if (!(await verifyTotp(state.totp_secret, code))) throw totpErrors.invalidCode();
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

  private async lockState(manager: EntityManager, userId: string): Promise<TotpState> {
    const [state] = (await manager.query(
      `SELECT totp_secret, totp_enabled FROM users WHERE id = $1 FOR UPDATE`,
      [userId],
    )) as TotpState[];
    // The guard found this user a moment ago; users are never deleted.
    if (!state) throw new Error(`user ${userId} vanished`);
    return state;
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
