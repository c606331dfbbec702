import { randomUUID } from 'node:crypto';
import type { Role } from '@vigie/domain';
import { generate } from 'otplib';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import type { SessionUserView } from '../../apps/api/src/auth/auth.service';
import { hashSessionToken } from '../../apps/api/src/auth/session-token';
import { startApp, type RunningApp } from './app';
import { ApiClient } from './e2e-api';
import { request, type JsonResponse } from './http';
import { createUser, type TestUser, type UserOptions } from './users';

/*
 * Helpers for the end-to-end tests of accounts, sign-in and the second factor: signing in over
 * HTTP (where the other e2e tests mint sessions directly), TOTP codes, and throttle clean-up.
 */

export type { TestUser, UserOptions };

/** A unique address, so tests never collide on the case-insensitive unique email. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@e2e.vigie.test`;
}

/** A password the policy accepts and nobody else uses. */
export function strongPassword(): string {
  return `Vg#${randomUUID().replace(/-/g, '').slice(0, 16)}!`;
}

/** Inserts an account with an argon2id hash, as the first-admin creation at start does. */
export const insertUser = createUser;

/**
 * The current code of an authenticator app holding `secret`. A code is accepted once per account:
 * `stepsAhead` gives the code of a later 30-second step (the server tolerates one step of drift), for
 * a test that needs a second code without waiting for the next step.
 */
export function totpCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}

/**
 * Lets the account use a code again, as if the next 30-second step had come: the server remembers
 * the last step it accepted. For tests that sign in and then need another code at once.
 */
export async function forgetTotpStep(db: DataSource, userId: string): Promise<void> {
  await db.query(`UPDATE users SET totp_last_step = NULL WHERE id = $1`, [userId]);
}

export interface LoginBody {
  token: string;
  user: SessionUserView;
}

export function login(
  baseUrl: string,
  body: { email: string; password: string; totp?: string },
): Promise<JsonResponse<LoginBody>> {
  return request<LoginBody>(baseUrl, 'POST', '/api/auth/login', body);
}

/** A client that sends a bearer token: the e2e API client bound to a token. */
export class BearerClient extends ApiClient {
  declare token: string;

  constructor(baseUrl: string, token: string) {
    super();
    this.baseUrl = baseUrl;
    this.token = token;
  }
}

/** Signs in over HTTP (with the current TOTP code when the user has one) and fails the test otherwise. */
export async function signIn(baseUrl: string, user: TestUser): Promise<BearerClient> {
  const response = await login(baseUrl, {
    email: user.email,
    password: user.password,
    ...(user.totpSecret ? { totp: await totpCode(user.totpSecret) } : {}),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return new BearerClient(baseUrl, response.body.token);
}

/** The stored hash of a session token (sessions keep only the hash). */
export const tokenHash = hashSessionToken;

export interface AuthTestContext {
  baseUrl: string;
  db: DataSource;
  /** The running application, to reach its services (scheduled jobs' `run()`). */
  app: RunningApp['app'];
  /** A user of that role, inserted and signed in. */
  signedIn(
    role: Role,
    options?: Omit<UserOptions, 'role'>,
  ): Promise<{ user: TestUser; client: BearerClient }>;
}

/**
 * Starts the real app on the run's database (with `env` on top of the test defaults, which raise
 * the login limits) and opens a connection for setting up and inspecting rows.
 */
export function useAuthApp(env: Record<string, string> = {}): AuthTestContext {
  let running: RunningApp | undefined;
  const context: AuthTestContext = {
    baseUrl: '',
    db: undefined as unknown as DataSource,
    app: undefined as unknown as RunningApp['app'],
    async signedIn(role, options = {}) {
      const user = await insertUser(context.db, { role, ...options });
      return { user, client: await signIn(context.baseUrl, user) };
    },
  };
  beforeAll(async () => {
    const url = inject('databaseUrl');
    running = await startApp(url, env);
    context.baseUrl = running.baseUrl;
    context.app = running.app;
    context.db = new DataSource({ ...dataSourceOptions(url), logging: false });
    await context.db.initialize();
  });
  afterAll(async () => {
    // Throttle rows outlive the file otherwise and count against the next file's sign-ins.
    await context.db?.query(`DELETE FROM login_attempts`);
    await context.db?.destroy();
    await running?.close();
  });
  return context;
}
