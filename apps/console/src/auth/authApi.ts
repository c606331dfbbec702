import type { Role } from '@vigie/domain';
import { isPlainObject } from '../api/payload';

/** `GET /api/auth/me`, and the `user` of a successful login. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  totpEnabled: boolean;
  /** The role requires a second factor and none is set up: only the enrolment page may be used. */
  totpEnrollmentRequired: boolean;
}

export interface Credentials {
  email: string;
  password: string;
  totp?: string;
}

/** A refused auth call, with what the login form needs: the API's `code`, field errors, `Retry-After`. */
export class AuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'AuthFailure';
  }
}

const AUTH_URL = '/api/auth';

/**
 * The auth endpoints are called with `fetch` rather than react-admin's `fetchJson`, which drops the
 * response headers (the login form shows `Retry-After`). The session lives in the httpOnly cookie
 * the API sets: the console never stores the token.
 */
async function call(path: string, method: 'GET' | 'POST', body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${AUTH_URL}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new AuthFailure(0, 'network', 'network');
  }
  const text = await response.text();
  const json: unknown = parseJson(text);
  if (response.ok) return json;
  throw failureOf(response.status, json, response.headers.get('Retry-After'));
}

export function failureOf(status: number, body: unknown, retryAfter: string | null): AuthFailure {
  const code = isPlainObject(body) && typeof body.code === 'string' ? body.code : undefined;
  const message = isPlainObject(body) && typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  const fieldErrors =
    isPlainObject(body) && isPlainObject(body.errors)
      ? Object.fromEntries(
          Object.entries(body.errors).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        )
      : {};
  return new AuthFailure(status, code, message, fieldErrors, retryAfterSeconds(retryAfter));
}

/** `Retry-After` is either a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - now) / 1000));
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toSessionUser(value: unknown): SessionUser {
  if (!isPlainObject(value) || typeof value.id !== 'string' || typeof value.role !== 'string') {
    throw new AuthFailure(500, undefined, 'Malformed user');
  }
  return {
    id: value.id,
    email: String(value.email ?? ''),
    name: String(value.name ?? ''),
    role: value.role as Role,
    totpEnabled: value.totpEnabled === true,
    totpEnrollmentRequired: value.totpEnrollmentRequired === true,
  };
}

export const authApi = {
  async login(credentials: Credentials): Promise<SessionUser> {
    const body: Credentials = { email: credentials.email.trim(), password: credentials.password };
    if (credentials.totp) body.totp = credentials.totp.trim();
    const json = await call('/login', 'POST', body);
    return toSessionUser(isPlainObject(json) ? json.user : null);
  },

  async logout(): Promise<void> {
    await call('/logout', 'POST');
  },

  async me(): Promise<SessionUser> {
    return toSessionUser(await call('/me', 'GET'));
  },
};
