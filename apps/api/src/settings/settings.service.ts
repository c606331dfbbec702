import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import type { SecuritySettings } from '../auth/security-settings';
import type { SecuritySettingsDto } from './dto/security-settings.dto';
import { settingsErrors } from './settings.errors';
import { SettingsRepository } from './settings.repository';

/** Application-wide settings an administrator changes at run time (`settings.manage`). */
@Injectable()
export class SettingsService {
  constructor(
    private readonly repository: SettingsRepository,
    private readonly audit: AuditService,
  ) {}

  async getSecurity(actor: Actor): Promise<SecuritySettings> {
    assertCan(actor, 'settings.manage');
    return this.repository.readSecurity();
  }

  /**
   * Turning the second factor on for privileged roles requires the admin doing it to have one:
   * otherwise their own session would at once be held to enrolment, the setting included.
   */
  async putSecurity(actor: Actor, dto: SecuritySettingsDto): Promise<SecuritySettings> {
    assertCan(actor, 'settings.manage');
    return this.repository.transaction(async (manager) => {
      await this.repository.lockSecurity(manager);
      const before = await this.repository.readSecurity(manager);
      const after: SecuritySettings = { ...before, totpRequiredForPrivileged: dto.totpRequiredForPrivileged };
      if (after.totpRequiredForPrivileged === before.totpRequiredForPrivileged) return before;
      if (after.totpRequiredForPrivileged && !(await this.repository.hasTotp(manager, actor.id))) {
        throw settingsErrors.ownTotpRequired();
      }
      await this.repository.writeSecurity(manager, after, actor.id);
      await this.repository.applyTotpRequirementToSessions(manager, after.totpRequiredForPrivileged);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'settings',
        entity: 'app_settings',
        entityId: 'security',
        diff: {
          totpRequiredForPrivileged: {
            before: before.totpRequiredForPrivileged,
            after: after.totpRequiredForPrivileged,
          },
        },
        context: { ip: actor.ip },
      });
      return after;
    });
  }
}
