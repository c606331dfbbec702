import type { Role } from '@vigie/domain';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, inject } from 'vitest';
import { dataSourceOptions } from '../../db/data-source';
import { startApp, type RunningApp } from './app';
import { request, type JsonResponse } from './http';
import { createSessionToken, createUser, type TestUser } from './users';

/*
 * The app with signed-in clients of each role, for the audit and history end-to-end tests, and a
 * connection to set up what the API cannot yet do (a validated observation) and to read rows.
 */

/** HTTP calls sent with `Authorization: Bearer <token>`, as scripts do. */
export class RoleClient {
  constructor(
    readonly baseUrl: string,
    readonly user: TestUser,
    private readonly token: string,
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

  patch<T = unknown>(path: string, body: unknown): Promise<JsonResponse<T>> {
    return this.call<T>('PATCH', path, body);
  }

  delete<T = unknown>(path: string): Promise<JsonResponse<T>> {
    return this.call<T>('DELETE', path);
  }
}

export interface AuditApi {
  baseUrl: string;
  db: DataSource;
  /** A new account of that role with a live session (minted in the database, not by signing in). */
  as(role: Role): Promise<RoleClient>;
}

/** Starts the real app on the run's database before the file's tests and stops it after them. */
export function useAuditApi(): AuditApi {
  let running: RunningApp | undefined;
  const context: AuditApi = {
    baseUrl: '',
    db: undefined as unknown as DataSource,
    async as(role) {
      const user = await createUser(context.db, { role });
      return new RoleClient(context.baseUrl, user, await createSessionToken(context.db, user.id));
    },
  };
  beforeAll(async () => {
    const url = inject('databaseUrl');
    running = await startApp(url);
    context.baseUrl = running.baseUrl;
    context.db = new DataSource({ ...dataSourceOptions(url), logging: false });
    await context.db.initialize();
  });
  afterAll(async () => {
    await context.db?.destroy();
    await running?.close();
  });
  return context;
}
