import type { GeoPoint } from './geo';
import type {
  Area,
  ForceUnit,
  IncidentType,
  LegalBasis,
  ObservationKind,
  ReviewStatus,
  SeizureItem,
  SiteKind,
  SiteStatus,
} from './vocabularies';

/** Fields every mutable record carries (DESIGN §3). */
export interface Tracked {
  id: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
  deletedAt: string | null;
}

export interface CommuneRecord {
  id: string;
  code: string;
  name: string;
  department: string;
  epciCode: string;
  epciName: string;
  area: Area;
  population: number | null;
}

export interface SiteRecord extends Tracked {
  name: string;
  aliases: string[];
  kind: SiteKind;
  location: GeoPoint;
  perimeter: { type: 'Polygon'; coordinates: number[][][] } | null;
  communeCode: string | null;
  area: Area | null;
  status: SiteStatus;
  notes: string | null;
}

export interface ForceRecord {
  unit: ForceUnit;
  vehicles: number | null;
  officers: number | null;
  identifiers: string | null;
}

export interface SeizureRecord {
  item: SeizureItem;
  quantity: number;
  destroyed: boolean;
}

export interface ObservationRecord extends Tracked {
  kind: ObservationKind;
  startedAt: string;
  endedAt: string | null;
  location: GeoPoint;
  locationAccuracyM: number | null;
  siteId: string | null;
  communeCode: string | null;
  area: Area | null;
  forces: ForceRecord[];
  seizures: SeizureRecord[];
  peopleEvicted: number | null;
  minorsSeen: number | null;
  arrests: number;
  legalBasis: LegalBasis | null;
  legalBasisDetails: string | null;
  interpretersPresent: boolean | null;
  bailiffPresent: boolean | null;
  contractorPresent: boolean | null;
  contractorName: string | null;
  shelterOffered: boolean | null;
  shelterBuses: number | null;
  peopleSheltered: number | null;
  observationObstructed: boolean | null;
  countsReliable: boolean;
  description: string | null;
  status: ReviewStatus;
  reviewComment: string | null;
  /**
   * Live observations of the same kind within 300 m whose time windows are within 2 h, not
   * dismissed as "not a duplicate" (kept up to date on every write; in lists too).
   */
  possibleDuplicateIds?: string[];
  /** Set when this record was merged into another (it is then soft-deleted too). */
  mergedIntoId?: string | null;
}

/** One possible duplicate of an observation: `GET /api/observations/:id/duplicates`. */
export interface DuplicateComparison {
  /** The other observation, whole. */
  observation: ObservationRecord;
  /** Between the two locations, on the geography, to the decimetre. */
  distanceM: number;
  /** Between the two time windows `[startedAt, endedAt ?? startedAt]`; 0 when they overlap. */
  timeGapMinutes: number;
  /** `dismissed`: a coordinator decided "not a duplicate". */
  status: 'possible' | 'dismissed';
  detectedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** What the people concerned agreed to (DESIGN §3): nothing is used beyond it. */
export interface Consent {
  publication: boolean;
  litigation: boolean;
  research: boolean;
}

export interface IncidentRecord extends Tracked {
  type: IncidentType;
  occurredAt: string;
  /** Inherited from the linked observation when the client leaves it out. */
  location: GeoPoint;
  observationId: string | null;
  communeCode: string | null;
  area: Area | null;
  victimCount: number | null;
  minorCount: number | null;
  injured: boolean | null;
  medicalCare: boolean | null;
  perpetrators: ForceUnit[];
  description: string | null;
  /** Text that may be published; given to communication only with publication consent. */
  publicSummary: string | null;
  /** Restricted (admin, legal): absent from the record for the other roles. */
  testimony?: string | null;
  consent: Consent;
  status: ReviewStatus;
  reviewComment: string | null;
}

export const INCIDENT_READ_ONLY_FIELDS = [
  'communeCode',
  'area',
  'status',
  'reviewComment',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

export interface AttachmentRecord {
  id: string;
  sha256: string;
  sizeBytes: number;
  /** Sniffed from the bytes, never taken from the client. */
  mimeType: string;
  originalName: string | null;
  /** From EXIF when present. */
  capturedAt: string | null;
  /**
   * Where the photo was taken, from EXIF. Left out for communication: the position of the people
   * photographed is not theirs to publish or pass on (same rule as in histories).
   */
  exifLocation?: GeoPoint | null;
  caption: string | null;
  consent: Consent;
  observationId: string | null;
  incidentId: string | null;
  legalCaseId: string | null;
  /** An image copy without metadata, sized for reports; null for other files. */
  publication: { sha256: string; sizeBytes: number; mimeType: string; width: number; height: number } | null;
  /** A small JPEG (at most 320 px) for the console; null for other files. */
  thumbnail: { sha256: string; sizeBytes: number; mimeType: string; width: number; height: number } | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
  deletedAt: string | null;
}

/** Fields of an observation the server computes or manages; a client never writes them. */
export const OBSERVATION_READ_ONLY_FIELDS = [
  'communeCode',
  'area',
  'status',
  'reviewComment',
  'possibleDuplicateIds',
  'mergedIntoId',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

export const SITE_READ_ONLY_FIELDS = [
  'communeCode',
  'area',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

/** The API's error body (DESIGN §5). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Machine-readable reason, e.g. `stale_version`, `totp_required`. */
  code?: string;
  errors?: Record<string, string>;
}

/** A generated publication and the state of its job (`GET /api/reports/:id`). */
export interface ReportRecord {
  id: string;
  kind: 'monthly-note' | 'annual-report' | 'press-release';
  /** The period, Paris local dates, both included. */
  from: string;
  to: string;
  area: Area | null;
  lang: 'fr' | 'en';
  status: 'queued' | 'rendering' | 'done' | 'failed';
  /** 0–100: composition, rendering, storing. */
  progress: number;
  /** Why the last attempt failed; null otherwise. */
  error: string | null;
  /** SHA-256 of the PDF, once done. */
  sha256: string | null;
  pageCount: number | null;
  /** The figures the PDF was printed from (the statistics service's), once done. */
  figures: unknown;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Rendering attempts so far (a retry adds one). */
  attempts: number;
}
