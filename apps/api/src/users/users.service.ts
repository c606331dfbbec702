import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, diffRecords, type AuditAction } from '../audit/audit.service';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { assertPasswordAllowed } from '../auth/password-policy';
import { OwnCredentials, type OwnCredentialProof } from '../auth/own-credentials';
import { hashPassword } from '../auth/passwords';
import { SessionsRepository } from '../auth/sessions.repository';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import type { PatchUserDto } from './dto/patch-user.dto';
import type { ResetPasswordDto } from './dto/reset-password.dto';
import type { CreateUserDto, ReplaceUserDto } from './dto/user-input.dto';
import type { UserRecord } from './user-record';
import { userErrors } from './users.errors';
import { USER_LIST_SPEC } from './users.list-spec';
import { type LockedUser, UsersRepository, type UserValues } from './users.repository';

const LABEL = 'User';
const ENTITY = 'users';

/** What the audit diff says about a password: that it changed, never the value nor its hash. */
export const PASSWORD_CHANGED = '[changed]';

/** The fields an administrator edits; the audit diff compares these. */
function editable(record: UserRecord | LockedUser): Record<string, unknown> {
  return { email: record.email, name: record.name, role: record.role, active: record.active };
}

/** Administration of accounts (`users.manage`, admin only): every change audited in its transaction. */
@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly ownCredentials: OwnCredentials,
  ) {}

  async list(actor: Actor, query: RawQuery): Promise<ListResult<UserRecord>> {
    assertCan(actor, 'users.manage');
    return this.repository.list(parseListQuery(query, USER_LIST_SPEC));
  }

  async get(actor: Actor, id: string): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    const record = await this.repository.findOne(id);
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    assertPasswordAllowed(dto.password, dto);
    // Hashed before the transaction: argon2 takes tens of milliseconds, locks should not wait on it.
    const passwordHash = await hashPassword(dto.password);
    return this.repository.transaction(async (manager) => {
      if (await this.repository.emailTaken(manager, dto.email, null)) throw userErrors.emailTaken();
      const id = await this.repository.insert(
        manager,
        { email: dto.email, name: dto.name, role: dto.role, passwordHash },
        actor.id,
      );
      const record = (await this.repository.findOne(id, manager)) as UserRecord;
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'create',
        entity: ENTITY,
        entityId: id,
        diff: {
          ...diffRecords(ENTITY, null, editable(record)),
          password: { before: null, after: PASSWORD_CHANGED },
        },
        context: { ip: actor.ip },
      });
      return record;
    });
  }

  replace(actor: Actor, id: string, dto: ReplaceUserDto): Promise<UserRecord> {
    return this.update(actor, id, dto);
  }

  patch(actor: Actor, id: string, dto: PatchUserDto): Promise<UserRecord> {
    return this.update(actor, id, dto);
  }

  /** DELETE: deactivates (never a hard delete: the audit trail and records still name the account). */
  async deactivate(actor: Actor, id: string): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    return this.repository.transaction(async (manager) => {
      const current = await this.lockOrThrow(manager, id);
      return this.apply(manager, actor, id, current, { active: false });
    });
  }

  async restore(actor: Actor, id: string): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    return this.repository.transaction(async (manager) => {
      const current = await this.lockOrThrow(manager, id);
      return this.apply(manager, actor, id, current, { active: true });
    });
  }

  /**
   * Sets a new password, ends every session of the account and lifts a lock. An administrator's own
   * password only with their current password (and code): a session alone must not take the
   * account over.
   */
  async resetPassword(actor: Actor, id: string, dto: ResetPasswordDto): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    const owner = await this.get(actor, id);
    const own = id === actor.id;
    // The policy first: a refused new password must not use up the code that came with it.
    assertPasswordAllowed(dto.password, owner);
    if (own) await this.ownCredentials.assert(actor, dto, 'password_change');
    const passwordHash = await hashPassword(dto.password);
    return this.repository.transaction(async (manager) => {
      const current = await this.lockOrThrow(manager, id);
      // The email may have changed since the policy check; check again against the locked row.
      assertPasswordAllowed(dto.password, current);
      await this.repository.setPassword(manager, id, passwordHash, actor.id);
      await this.repository.forgetLoginAttempts(manager, current.email);
      await this.sessions.revokeAllOfUser(manager, id);
      await this.record(
        manager,
        actor,
        'password_reset',
        id,
        { password: { before: PASSWORD_CHANGED, after: PASSWORD_CHANGED } },
        { operation: own ? 'own_change' : 'admin_reset' },
      );
      return (await this.repository.findOne(id, manager)) as UserRecord;
    });
  }

  /** Lifts a lockout before its 15 minutes are over. */
  async unlock(actor: Actor, id: string): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    return this.repository.transaction(async (manager) => {
      const current = await this.lockOrThrow(manager, id);
      const before = (await this.repository.findOne(id, manager)) as UserRecord;
      await this.repository.unlock(manager, id, actor.id);
      await this.repository.forgetLoginAttempts(manager, current.email);
      await this.record(
        manager,
        actor,
        'update',
        id,
        { lockedUntil: { before: before.lockedUntil, after: null } },
        { operation: 'unlock' },
      );
      return (await this.repository.findOne(id, manager)) as UserRecord;
    });
  }

  /**
   * Removes another user's second factor (lost phone). Their sessions end, so that a role that must
   * use one is sent through enrolment at the next sign-in. An administrator's own factor only with
   * their current password and code.
   */
  async resetTotp(actor: Actor, id: string, proof: OwnCredentialProof = {}): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    const own = id === actor.id;
    if (own) await this.ownCredentials.assert(actor, proof, 'totp_reset');
    return this.repository.transaction(async (manager) => {
      await this.lockOrThrow(manager, id);
      const before = (await this.repository.findOne(id, manager)) as UserRecord;
      await this.repository.clearTotp(manager, id, actor.id);
      await this.sessions.revokeAllOfUser(manager, id);
      await this.record(
        manager,
        actor,
        'totp_disabled',
        id,
        { totpEnabled: { before: before.totpEnabled, after: false } },
        { operation: own ? 'own_change' : 'admin_reset' },
      );
      return (await this.repository.findOne(id, manager)) as UserRecord;
    });
  }

  private async update(actor: Actor, id: string, dto: ReplaceUserDto | PatchUserDto): Promise<UserRecord> {
    assertCan(actor, 'users.manage');
    const values: UserValues = { email: dto.email, name: dto.name, role: dto.role, active: dto.active };
    // A PATCH may send null, which the optional-field validation lets through; these are NOT NULL.
    const nulls = Object.entries(values).filter(([, value]) => value === null);
    if (nulls.length > 0) throw userErrors.requiredFields(nulls.map(([field]) => field));
    return this.repository.transaction(async (manager) => {
      const current = await this.lockOrThrow(manager, id);
      if (current.version !== dto.version) {
        throw recordErrors.staleVersion(LABEL, await this.repository.findOne(id, manager));
      }
      return this.apply(manager, actor, id, current, values);
    });
  }

  /**
   * Applies a change to a locked account: the self-protection rules, the email uniqueness, ending
   * the sessions when the account is deactivated or its role changes (the role decides what a
   * session may do and whether it needs a second factor), and the audit event.
   */
  private async apply(
    manager: EntityManager,
    actor: Actor,
    id: string,
    current: LockedUser,
    requested: UserValues,
  ): Promise<UserRecord> {
    const changes = Object.fromEntries(
      Object.entries(requested).filter(
        ([key, value]) => value !== undefined && value !== current[key as keyof UserValues],
      ),
    ) as UserValues;
    // A change of case only is still this account's address, whoever else exists.
    const emailChanged =
      changes.email !== undefined && changes.email.toLowerCase() !== current.email.toLowerCase();
    if (emailChanged && (await this.repository.emailTaken(manager, changes.email as string, id))) {
      throw userErrors.emailTaken();
    }
    if (Object.keys(changes).length === 0) return (await this.repository.findOne(id, manager)) as UserRecord;

    const deactivating = changes.active === false;
    const demoting = changes.role !== undefined && current.role === 'admin';
    if (id === actor.id && deactivating) throw userErrors.selfDeactivation();
    if (id === actor.id && demoting) throw userErrors.selfDemotion();
    if (current.role === 'admin' && current.active && (deactivating || demoting)) {
      if ((await this.repository.otherActiveAdmins(manager, id)) === 0) {
        throw userErrors.lastAdmin(deactivating ? 'active' : 'role');
      }
    }

    const before = (await this.repository.findOne(id, manager)) as UserRecord;
    await this.repository.update(manager, id, changes, actor.id);
    if (deactivating || changes.role !== undefined) await this.sessions.revokeAllOfUser(manager, id);
    const after = (await this.repository.findOne(id, manager)) as UserRecord;
    const action: AuditAction = deactivating ? 'delete' : changes.active === true ? 'restore' : 'update';
    await this.record(manager, actor, action, id, diffRecords(ENTITY, editable(before), editable(after)));
    return after;
  }

  private async lockOrThrow(manager: EntityManager, id: string): Promise<LockedUser> {
    const current = await this.repository.lock(manager, id);
    if (!current) throw recordErrors.notFound(LABEL, id);
    return current;
  }

  private record(
    manager: EntityManager,
    actor: Actor,
    action: AuditAction,
    id: string,
    diff: Record<string, { before: unknown; after: unknown }>,
    context: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      action,
      entity: ENTITY,
      entityId: id,
      diff,
      context: { ip: actor.ip, ...context },
    });
  }
}
