/*
 * Imports of past data (DESIGN §5): the shapes the API answers with and the console reads.
 */

export const IMPORT_KINDS = ['observations', 'incidents'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FORMATS = ['csv', 'xlsx', 'kobo-csv', 'kobo-xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_STATUSES = ['uploaded', 'mapped', 'checked', 'committed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_ROW_ACTIONS = ['create', 'update', 'unchanged', 'rejected'] as const;
export type ImportRowAction = (typeof IMPORT_ROW_ACTIONS)[number];

/** Which column feeds which field, how raw values read, and which column identifies a row. */
export interface ImportMappingSpec {
  /** Header → target field (`ignore` to leave a column out). */
  columns: Record<string, string>;
  /** Target field → raw cell value → code (or `true`/`false`/`` for yes/no fields). */
  values?: Record<string, Record<string, string>>;
  /** IANA time zone of the file's dates and times; Europe/Paris by default. */
  timezone?: string;
  /** date-fns pattern of the file's dates (e.g. `dd/MM/yyyy HH:mm`); null: recognised automatically. */
  dateFormat?: string | null;
  /** The column holding each row's id in the source (`_uuid` for KoboToolbox). */
  sourceIdColumn?: string | null;
  /**
   * Target field → raw value used when no column gives one (every row of a legacy sheet is an
   * `eviction`; `startedAt.time` of a sheet with dates only). Converted like a cell.
   */
  defaults?: Record<string, string>;
}

export interface ImportSummary {
  create: number;
  update: number;
  unchanged: number;
  rejected: number;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface ImportRecord {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  format: ImportFormat;
  fileName: string;
  fileSha256: string;
  sizeBytes: number;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheets: string[];
  columns: string[];
  rowCount: number;
  mapping: ImportMappingSpec | null;
  summary: ImportSummary | null;
  result: ImportResult | null;
  skippedRows: number[];
  asValidated: boolean;
  createdAt: string;
  createdBy: string;
  createdByName: string | null;
  committedAt: string | null;
  undoneAt: string | null;
}

export interface ImportDetail extends ImportRecord {
  /** The first 20 data rows, cells as in the file. */
  sampleRows: string[][];
  /** Per column, its first 100 distinct non-empty values (for value maps). */
  distinctValues: Record<string, string[]>;
  /** A saved mapping for the same headers when there is one, else one guessed from the headers. */
  suggestedMapping: ImportMappingSpec & { mappingId?: string; mappingName?: string };
}

export interface ImportRowReport {
  row: number;
  action: ImportRowAction;
  /** The record created or updated (or left unchanged). */
  id?: string;
  /** Field path → message, for a rejected row. */
  errors?: Record<string, string>;
  /** Existing observations this new row may duplicate. */
  possibleDuplicateIds?: string[];
}

export interface ImportDryRun {
  summary: ImportSummary;
  rows: ImportRowReport[];
}

/** A mapping saved by name (`/api/import-mappings`), offered again for a file with the same headers. */
export interface ImportMappingRecord {
  id: string;
  name: string;
  kind: ImportKind;
  columns: string[];
  mapping: ImportMappingSpec;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
}

/** A KoboToolbox REST Services feed (`/api/kobo-feeds`); its token is never listed. */
export interface KoboFeedRecord {
  id: string;
  name: string;
  /** The token's first characters, to tell feeds apart. */
  prefix: string;
  /** Null once the mapping was deleted (a revoked feed only). */
  mappingId: string | null;
  mappingName: string | null;
  createdAt: string;
  createdBy: string;
  createdByName: string | null;
  revokedAt: string | null;
  lastReceivedAt: string | null;
  acceptedCount: number;
  rejectedCount: number;
}

/** `POST /api/kobo-feeds`: the feed with its secret token and URL, answered this once. */
export type NewKoboFeedRecord = KoboFeedRecord & { token: string; url: string };

export type KoboSubmissionStatus = 'accepted' | 'rejected';

/** A submission a feed received (`/api/kobo-feeds/:id/submissions`), accepted or rejected. */
export interface KoboSubmissionRecord {
  id: string;
  feedId: string;
  /** The submission's `_uuid`. */
  uuid: string | null;
  receivedAt: string;
  receivedCount: number;
  status: KoboSubmissionStatus;
  observationId: string | null;
  /** Why it was rejected: field path → message. */
  errors: Record<string, string> | null;
  payload: Record<string, unknown>;
}

/** What the hook answers KoboToolbox. */
export interface KoboReceipt {
  status: KoboSubmissionStatus;
  /** The observation, when accepted. */
  id?: string;
  /** True when this submission had been received before (nothing new was created). */
  duplicate?: boolean;
  errors?: Record<string, string>;
}
