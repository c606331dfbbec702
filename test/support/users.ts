import { randomUUID } from 'node:crypto';
import type { Role } from '@vigie/domain';
import { generateSecret } from 'otplib';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../apps/api/src/auth/actor';
import { passwordProblem } from '../../apps/api/src/auth/password-policy';
import { hashPassword } from '../../apps/api/src/auth/passwords';
import { newSessionToken } from '../../apps/api/src/auth/session-token';

/** The account every test database holds (created by the global setup), for service-level tests. */
export const TEST_ADMIN = {
  id: '7e57ad01-0000-4000-8000-000000000001',
  email: 'test-admin@vigie.test',
  name: 'Test Admin',
  role: 'admin' as Role,
  password: 'correct horse battery staple 42',
};

export const TEST_ACTOR: Actor = {
  id: TEST_ADMIN.id,
  email: TEST_ADMIN.email,
  name: TEST_ADMIN.name,
  role: TEST_ADMIN.role,
  sessionId: '7e57ad01-0000-4000-8000-000000000051',
  ip: '127.0.0.1',
};

export async function seedTestAdmin(dataSource: DataSource): Promise<void> {
  // Inserted directly, so held here to the policy the first-admin creation applies.
  const problem = passwordProblem(TEST_ADMIN.password, TEST_ADMIN);
  if (problem !== null) throw new Error(`TEST_ADMIN's password breaks the password policy: it ${problem}`);
  await dataSource.query(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, 'admin', $4)
     ON CONFLICT DO NOTHING`,
    [TEST_ADMIN.id, TEST_ADMIN.email, TEST_ADMIN.name, await hashPassword(TEST_ADMIN.password)],
  );
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
  /** Base32 secret when the user was created with a second factor. */
  totpSecret: string | null;
}

export interface UserOptions {
  role: Role;
  email?: string;
  name?: string;
  password?: string;
  active?: boolean;
  /** Creates the user with a second factor already on. */
  withTotp?: boolean;
}

/**
 * A new account of the given role with a unique email, inserted straight into the database (so a
 * test does not depend on the API it tests to set up its data); the password is returned in clear.
 */
export async function createUser(dataSource: DataSource, options: UserOptions): Promise<TestUser> {
  const suffix = randomUUID().slice(0, 8);
  const user: TestUser = {
    id: randomUUID(),
    email: options.email ?? `${options.role}-${suffix}@vigie.test`,
    name: options.name ?? `Test ${options.role} ${suffix}`,
    role: options.role,
    password: options.password ?? `Vg#${randomUUID().replace(/-/g, '').slice(0, 16)}!`,
    totpSecret: options.withTotp ? generateSecret() : null,
  };
  await dataSource.query(
    `INSERT INTO users (id, email, name, role, active, password_hash, totp_secret, totp_enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      user.id,
      user.email,
      user.name,
      user.role,
      options.active ?? true,
      await hashPassword(user.password),
      user.totpSecret,
      user.totpSecret !== null,
    ],
  );
  return user;
}

/**
 * A bearer token for the user, minted straight into the sessions table: tests of everything but
 * the login itself need not pay for argon2 or count against the login rate limits.
 */
export async function createSessionToken(dataSource: DataSource, userId: string): Promise<string> {
  const { token, tokenHash } = newSessionToken();
  await dataSource.query(`INSERT INTO sessions (token_hash, user_id, ip) VALUES ($1, $2, '127.0.0.1')`, [
    tokenHash,
    userId,
  ]);
  return token;
}
