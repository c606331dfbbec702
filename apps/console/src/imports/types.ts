import type { ImportKind, ImportMappingSpec } from '@vigie/domain';

/**
 * Wire shapes of `/api/import-mappings` and `/api/kobo-feeds` that `@vigie/domain` does not hold
 * (the imports themselves are typed there), as the imports contract (issue 14) states them.
 */
export interface SavedMapping {
  id: string;
  name: string;
  kind: ImportKind;
  columns: string[];
  mapping: ImportMappingSpec;
  version?: number;
}

/** A KoboToolbox REST Services feed (`GET /api/kobo-feeds`). */
export interface KoboFeed {
  id: string;
  name: string;
  mappingId: string;
  mappingName?: string | null;
  createdAt: string;
  createdByName?: string | null;
  lastReceivedAt: string | null;
  acceptedCount?: number;
  rejectedCount?: number;
  revokedAt: string | null;
}

/** `POST /api/kobo-feeds`: the feed with its secret URL, shown this once. */
export interface NewKoboFeed extends KoboFeed {
  token: string;
  url: string;
}

export type KoboSubmissionStatus = 'accepted' | 'rejected';

export interface KoboSubmission {
  id?: string;
  /** The submission's `_uuid`. */
  uuid: string | null;
  status: KoboSubmissionStatus;
  receivedAt: string;
  observationId?: string | null;
  /** Why it was rejected: field path → message. */
  errors?: Record<string, string> | null;
}

/** A page of a list read with `_start`/`_end`, its total from `X-Total-Count`. */
export interface Page<T> {
  data: T[];
  total: number;
}
