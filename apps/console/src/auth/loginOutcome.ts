import { AuthFailure } from './authApi';

/** What the login page shows after a refused attempt. */
export type LoginOutcome =
  /** Same message whatever was wrong (email, password, code, locked account). */
  | { kind: 'invalid' }
  /** The password was right and the account has a second factor: ask for the 6-digit code. */
  | { kind: 'totp_required' }
  | { kind: 'too_many_attempts'; minutes: number | null }
  /** 400: messages under the fields (`email`, `password`, `totp`); the rest above the form. */
  | { kind: 'fields'; errors: Record<string, string>; message: string }
  | { kind: 'network' }
  | { kind: 'server' };

export function loginOutcome(error: unknown): LoginOutcome {
  if (!(error instanceof AuthFailure)) return { kind: 'server' };
  if (error.status === 0) return { kind: 'network' };
  if (error.code === 'totp_required') return { kind: 'totp_required' };
  if (error.status === 429 || error.code === 'too_many_attempts') {
    const seconds = error.retryAfterSeconds;
    return {
      kind: 'too_many_attempts',
      minutes: seconds === null ? null : Math.max(1, Math.ceil(seconds / 60)),
    };
  }
  if (error.status === 401) return { kind: 'invalid' };
  if (error.status === 400) return { kind: 'fields', errors: error.fieldErrors, message: error.message };
  return { kind: 'server' };
}
