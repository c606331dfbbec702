import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { ListResult } from '../common/list-result';
import type { UserRecord } from './user-record';
import { userErrors } from './users.errors';
import { USER_JSON } from './users.sql';

/** What the service writes on an account (property names of the record). */
export interface UserValues {
  email?: string;
  name?: string;
  role?: Role;
  active?: boolean;
}

/** The row as locked for a change: what the rules need to decide. */
export interface LockedUser {
  version: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
}

const COLUMNS: Readonly<Record<keyof UserValues, string>> = {
  email: 'email',
  name: 'name',
  role: 'role',
  active: 'active',
};

/** The unique index on lower(email) (CreateSchema migration). */
const EMAIL_UNIQUE_INDEX = 'users_email_key';

/** A concurrent insert of the same email reaches the unique index: still a 409, never a 500. */
function isEmailConflict(error: unknown): boolean {
  return isUniqueViolation(error, EMAIL_UNIQUE_INDEX);
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(query: ParsedListQuery): Promise<ListResult<UserRecord>> {
    const n = query.params.length;
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT ${USER_JSON} AS record FROM users u
          WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...query.params, query.limit, query.offset],
      ) as Promise<{ record: UserRecord }[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM users u WHERE ${query.where}`,
        query.params,
      ) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map((row) => row.record), total: counts[0]?.total ?? 0 };
  }

  async findOne(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserRecord | null> {
    const rows: { record: UserRecord }[] = await manager.query(
      `SELECT ${USER_JSON} AS record FROM users u WHERE u.id = $1`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  /** Locks the row for the rest of the transaction; null when there is no such user. */
  async lock(manager: EntityManager, id: string): Promise<LockedUser | null> {
    const rows: LockedUser[] = await manager.query(
      `SELECT version, email, name, role, active FROM users WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async emailTaken(manager: EntityManager, email: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM users WHERE lower(email) = lower($1) AND id IS DISTINCT FROM $2`,
      [email, exceptId],
    );
    return rows.length > 0;
  }

  /**
   * Active administrators other than `exceptId`, locked: two administrators demoting each other at
   * the same moment wait for one another, so the second sees the first's change.
   */
  async otherActiveAdmins(manager: EntityManager, exceptId: string): Promise<number> {
    const rows: unknown[] = await manager.query(
      `SELECT id FROM users WHERE role = 'admin' AND active AND id <> $1 FOR UPDATE`,
      [exceptId],
    );
    return rows.length;
  }

  async insert(
    manager: EntityManager,
    values: Required<Omit<UserValues, 'active'>> & { passwordHash: string },
    actorId: string,
  ): Promise<string> {
    try {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO users (email, name, role, password_hash, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
        [values.email, values.name, values.role, values.passwordHash, actorId],
      );
      return (rows[0] as { id: string }).id;
    } catch (error) {
      if (isEmailConflict(error)) throw userErrors.emailTaken();
      throw error;
    }
  }

  async update(manager: EntityManager, id: string, values: UserValues, actorId: string): Promise<void> {
    const params: unknown[] = [id, actorId];
    const sets = Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => {
        params.push(value);
        return `${COLUMNS[key as keyof UserValues]} = $${params.length}`;
      });
    try {
      await manager.query(
        `UPDATE users SET ${[...sets, 'updated_by = $2', 'updated_at = now()', 'version = version + 1'].join(', ')}
          WHERE id = $1`,
        params,
      );
    } catch (error) {
      if (isEmailConflict(error)) throw userErrors.emailTaken();
      throw error;
    }
  }

  /** New password hash; a forgotten password is also why the account got locked, so unlock it. */
  async setPassword(
    manager: EntityManager,
    id: string,
    passwordHash: string,
    actorId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE users
          SET password_hash = $2, failed_logins = 0, locked_until = NULL,
              updated_by = $3, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [id, passwordHash, actorId],
    );
  }

  async unlock(manager: EntityManager, id: string, actorId: string): Promise<void> {
    await manager.query(
      `UPDATE users
          SET failed_logins = 0, locked_until = NULL, updated_by = $2, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [id, actorId],
    );
  }

  async clearTotp(manager: EntityManager, id: string, actorId: string): Promise<void> {
    await manager.query(
      `UPDATE users
          SET totp_secret = NULL, totp_enabled = false, updated_by = $2, updated_at = now(),
              version = version + 1
        WHERE id = $1`,
      [id, actorId],
    );
  }

  /**
   * Forgets the recent sign-in attempts on this account, so that the per-account rate limit does
   * not keep refusing a user an administrator has just unlocked or given a new password.
   */
  async forgetLoginAttempts(manager: EntityManager, email: string): Promise<void> {
    await manager.query(`DELETE FROM login_attempts WHERE email = lower($1)`, [email]);
  }
}
