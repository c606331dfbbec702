/**
 * What went wrong, in domain terms. Each context declares its codes; the API exception filter maps
 * the kind to an HTTP status in one exhaustive switch.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited';

export interface DomainErrorDetails {
  /** Field path → message, shown under the form fields. */
  errors?: Record<string, string>;
  /** For conflicts: the record as it is now, so the client can reconcile. */
  current?: unknown;
  /** For rate limits: sent as `Retry-After`. */
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
