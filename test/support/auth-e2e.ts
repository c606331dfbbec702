import { createHash, randomUUID } from 'node:crypto';
import type { Role } from '@vigie/domain';
import { generate, generateSecret } from 'otplib';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { hashPassword } from '../../apps/api/src/auth/passwords';
import { startApp, type RunningApp } from './app';
import { request, type JsonResponse } from './http';

/*
 * Helpers for the end-to-end tests of accounts, sign-in and the second factor: users inserted
 * straight into the database (so a test does not depend on the API it is testing to set up its
 * data), signing in over HTTP, and a client that sends the bearer token.
 */

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

/** A unique address, so tests never collide on the case-insensitive unique email. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@e2e.vigie.test`;
}

/** A password the policy accepts and nobody else uses. */
export function strongPassword(): string {
  return `Vg#${randomUUID().replace(/-/g, '').slice(0, 16)}!`;
}

/** Inserts an account with an argon2id hash, as the first-admin creation at start does. */
export async function insertUser(dataSource: DataSource, options: UserOptions): Promise<TestUser> {
  const email = options.email ?? uniqueEmail(options.role);
  const password = options.password ?? strongPassword();
  const name = options.name ?? `Test ${options.role} ${randomUUID().slice(0, 6)}`;
  const totpSecret = options.withTotp ? generateSecret() : null;
  const [row] = (await dataSource.query(
    `INSERT INTO users (email, name, role, active, password_hash, totp_secret, totp_enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      email,
      name,
      options.role,
      options.active ?? true,
      await hashPassword(password),
      totpSecret,
      Boolean(totpSecret),
    ],
  )) as { id: string }[];
  return { id: (row as { id: string }).id, email, name, role: options.role, password, totpSecret };
}

/** The current code of an authenticator app holding `secret`. */
export function totpCode(secret: string): Promise<string> {
  return generate({ secret });
}

export interface LoginBody {
  token: string;
  user: {
    id: string;
    email: string;
    name: string;
    role: Role;
    totpEnabled: boolean;
    totpEnrollmentRequired: boolean;
  };
}

export function login(
  baseUrl: string,
  body: { email: string; password: string; totp?: string },
): Promise<JsonResponse<LoginBody>> {
  return request<LoginBody>(baseUrl, 'POST', '/api/auth/login', body);
}

/** HTTP calls with `Authorization: Bearer <token>`, as a script would make them. */
export class BearerClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  call<T = unknown>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return request<T>(this.baseUrl, method, path, body, { authorization: `Bearer ${this.token}` });
  }

  get<T = unknown>(path: string): Promise<JsonResponse<T>> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<JsonResponse<T>> {
    return this.call<T>('POST', path, body);
  }

  put<T = unknown>(path: string, body: unknown): Promise<JsonResponse<T>> {
    return this.call<T>('PUT', path, body);
  }

  patch<T = unknown>(path: string, body: unknown): Promise<JsonResponse<T>> {
    return this.call<T>('PATCH', path, body);
  }

  delete<T = unknown>(path: string): Promise<JsonResponse<T>> {
    return this.call<T>('DELETE', path);
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
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthTestContext {
  baseUrl: string;
  db: DataSource;
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
    async signedIn(role, options = {}) {
      const user = await insertUser(context.db, { role, ...options });
      return { user, client: await signIn(context.baseUrl, user) };
    },
  };
  beforeAll(async () => {
    const url = inject('databaseUrl');
    running = await startApp(url, env);
    context.baseUrl = running.baseUrl;
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
