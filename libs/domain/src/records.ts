import type { GeoPoint } from './geo';
import type {
  Area,
  ForceUnit,
  DeadlineStatus,
  IncidentType,
  LegalBasis,
  LegalCaseStatus,
  LegalEventKind,
  LegalForum,
  LegalOutcome,
  LegalProcedure,
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
   * Live observations of the same kind that started at most 2 h apart, at the same site or (one of
   * them without a site) within 300 m, never at two different sites; thresholds configurable
   * (docs/duplicates.md). Not those dismissed as "not a duplicate" (kept up to date on every
   * write; in lists too).
   */
  possibleDuplicateIds?: string[];
  /** Set when this record was merged into another (it is then soft-deleted too). */
  mergedIntoId?: string | null;
  /** Where an imported record came from; null when typed in Vigie. Absent for communication. */
  source?: RecordSource | null;
}

/**
 * The origin of an imported record (DESIGN §5 imports): the import (or the KoboToolbox feed), the
 * file and its row, and the id the source gave it.
 */
export interface RecordSource {
  importId: string | null;
  feedId: string | null;
  fileName: string | null;
  row: number | null;
  sourceId: string | null;
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
  /** Internal narrative: absent from the record for communication (DESIGN §3, §4). */
  description?: string | null;
  /** Text that may be published; given to communication only with publication consent. */
  publicSummary: string | null;
  /** Restricted (admin, legal): absent from the record for the other roles. */
  testimony?: string | null;
  consent: Consent;
  status: ReviewStatus;
  reviewComment: string | null;
  /** Where an imported incident came from (full view only). */
  source?: RecordSource | null;
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
  'source',
] as const;

export interface AttachmentRecord {
  id: string;
  /**
   * The original's hash and size, its file name and its EXIF capture time are absent from the
   * record for communication, which only ever gets the copy without metadata (`publication`):
   * a client reading records as communication must not rely on them.
   */
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
  /**
   * A copy without metadata: of an image, a JPEG sized for reports; of a video or a sound, the same
   * streams remuxed (no width and height); of a PDF, the document rewritten without its
   * information dictionary and XMP. Null when none was made (yet).
   */
  publication: {
    sha256: string;
    sizeBytes: number;
    mimeType: string;
    width: number | null;
    height: number | null;
  } | null;
  /** A small JPEG (at most 320 px) for the console; null for other files. */
  thumbnail: { sha256: string; sizeBytes: number; mimeType: string; width: number; height: number } | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
  deletedAt: string | null;
}

/**
 * Fields of an attachment a client never writes (the file, its metadata and its owner never
 * change; only `caption` and `consent` do). `publication` is made after the upload, without a new
 * version.
 */
export const ATTACHMENT_READ_ONLY_FIELDS = [
  'sha256',
  'sizeBytes',
  'mimeType',
  'originalName',
  'capturedAt',
  'exifLocation',
  'observationId',
  'incidentId',
  'legalCaseId',
  'publication',
  'thumbnail',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

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
  'source',
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

/** A GeoJSON Polygon or MultiPolygon (RFC 7946), WGS84. */
export type GeoPolygonal =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** Text in both languages of the console and the reports. */
export interface Bilingual {
  fr: string;
  en: string;
}

/** The act a case challenges, e.g. a prefectoral order (arrêté). Dates are Paris local dates. */
export interface ChallengedAct {
  /** The act's own number, e.g. « arrêté n° 2025-104 ». */
  reference: string | null;
  title: string | null;
  /** Who signed it, e.g. « Préfecture du Pas-de-Calais ». */
  authority: string | null;
  signedOn: string | null;
  publishedOn: string | null;
  /** The period it applies to; `validTo` null: no end stated. */
  validFrom: string | null;
  validTo: string | null;
  /** Where it applies (a perimeter of a prohibition order, say). */
  perimeter: GeoPolygonal | null;
  /** The act's text: a PDF attached to the case (`POST /api/attachments` with `legalCaseId`). */
  documentId: string | null;
}

/** Another case in an appeal chain, as a case shows it. */
export interface LegalCaseLink {
  id: string;
  reference: string;
  title: string;
  procedure: LegalProcedure;
  forum: LegalForum;
  status: LegalCaseStatus;
  outcome: LegalOutcome | null;
}

/**
 * A legal case (DESIGN §3). Communication reads only `PUBLIC_LEGAL_CASE_FIELDS` (other keys absent);
 * `claimants` and `confidentialNotes` are absent for every role but admin and legal.
 */
export interface LegalCaseRecord extends Tracked {
  reference: string;
  title: string;
  procedure: LegalProcedure;
  forum: LegalForum;
  courtReference: string | null;
  status: LegalCaseStatus;
  outcome: LegalOutcome | null;
  claimants?: string | null;
  respondents: string | null;
  lawyer: string | null;
  summary: string | null;
  publicSummary: string | null;
  confidentialNotes?: string | null;
  /** The case this one appeals (appeal chain). */
  parentCaseId: string | null;
  parent: LegalCaseLink | null;
  /** The cases that appeal this one. */
  appeals: LegalCaseLink[];
  challengedAct: ChallengedAct | null;
  /** Sites concerned: those of the linked observations, and those inside the act's perimeter. */
  siteIds: string[];
  /** Open deadlines of the case, and the earliest due date of its open time limits. */
  openDeadlines: number;
  nextDueAt: string | null;
}

export const LEGAL_CASE_READ_ONLY_FIELDS = [
  'parent',
  'appeals',
  'siteIds',
  'openDeadlines',
  'nextDueAt',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

/** One step of a case's chronology: `GET /api/legal-cases/:id/events`. */
export interface LegalCaseEventRecord extends Tracked {
  caseId: string;
  kind: LegalEventKind;
  /** Paris local date. */
  date: string;
  /** Paris local time `HH:MM`, for hearings and site visits. */
  time: string | null;
  title: string;
  details: string | null;
  /** Decisions only. */
  outcome: LegalOutcome | null;
  /** Decisions only: the day it was notified, which starts the time limits to appeal. */
  notifiedOn: string | null;
  /** Hearings and site visits. */
  room: string | null;
  judge: string | null;
}

/** Fields of a case's event a client never writes (its case is the one of the URL). */
export const LEGAL_EVENT_READ_ONLY_FIELDS = [
  'caseId',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

/** Where a computed deadline comes from. */
export type DeadlineSource = 'event' | 'challenged_act';

/** A deadline of a case: `GET /api/legal-cases/:id/deadlines`, `GET /api/deadlines`. */
export interface DeadlineRecord extends Tracked {
  caseId: string;
  caseReference: string;
  caseTitle: string;
  title: string;
  /** The last day (Paris local date): the deadline expires at its end. */
  dueAt: string;
  /** The rule it was computed by; null for a deadline written by hand. */
  rule: string | null;
  /** Whether the legal team confirmed the rule; null without a rule. */
  ruleConfirmed: boolean | null;
  /**
   * `deadline`: a time limit, to act by the end of `dueAt`; `earliest`: the first day an act becomes
   * possible (a rule of that nature), never overdue.
   */
  nature: 'deadline' | 'earliest';
  /** The day the computation starts from (a notification, a publication…). */
  startsOn: string | null;
  /** The text the rule cites and the computation, in words. */
  basis: Bilingual | null;
  /** Created by the engine from an event or the challenged act; such a deadline follows its source. */
  computed: boolean;
  source: DeadlineSource | null;
  sourceEventId: string | null;
  status: DeadlineStatus;
  /** When and by whom it was marked done or cancelled (null while open). */
  closedAt: string | null;
  closedBy: string | null;
  closedByName: string | null;
  /** Why it was cancelled, when the engine did it (its source no longer calls for it). */
  cancelReason: string | null;
  notes: string | null;
}

export const DEADLINE_READ_ONLY_FIELDS = [
  'caseId',
  'caseReference',
  'caseTitle',
  'ruleConfirmed',
  'nature',
  'basis',
  'computed',
  'source',
  'sourceEventId',
  'closedAt',
  'closedBy',
  'closedByName',
  'cancelReason',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

export type EvidenceKind = 'observation' | 'incident' | 'attachment';

/** A record linked to a case as evidence: `GET /api/legal-cases/:id/evidence`. */
export interface LegalEvidenceRecord extends Tracked {
  caseId: string;
  kind: EvidenceKind;
  observationId: string | null;
  incidentId: string | null;
  attachmentId: string | null;
  note: string | null;
  /** What the linked record is, in a line: its date, kind or type, commune, file name… */
  summary: {
    at: string | null;
    code: string | null;
    communeCode: string | null;
    siteId: string | null;
    status: string | null;
    originalName: string | null;
    mimeType: string | null;
    sha256: string | null;
    sizeBytes: number | null;
  };
  /** The linked record is deleted, or its litigation consent was withdrawn after the link. */
  unusable: 'deleted' | 'consent_withdrawn' | null;
}

/**
 * Fields of an evidence link a client never writes: what it links is fixed at creation (link
 * another record instead); `summary` and `unusable` follow the linked record.
 */
export const LEGAL_EVIDENCE_READ_ONLY_FIELDS = [
  'caseId',
  'kind',
  'observationId',
  'incidentId',
  'attachmentId',
  'summary',
  'unusable',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

/** A deadline rule as `GET /api/legal-rules` gives it. */
export interface LegalRuleView {
  /** The rule's code, as react-admin needs an `id`. */
  id: string;
  code: string;
  title: Bilingual;
  citation: string;
  nature: 'deadline' | 'earliest';
  /** How the rule computes, in words. */
  description: Bilingual;
  /** When the engine applies it by itself, in words; null: added by hand only. */
  trigger: Bilingual | null;
  confirmed: boolean;
  confirmedAt: string | null;
  confirmedBy: string | null;
}

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
  kind: 'monthly-note' | 'annual-report' | 'press-release' | 'case-dossier';
  /** The period, Paris local dates, both included; null for a case dossier (the whole case). */
  from: string | null;
  to: string | null;
  /** The legal case of a case dossier. */
  caseId: string | null;
  /** A case dossier asked to print restricted text (claimants, confidential notes, testimonies). */
  includeRestricted: boolean;
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
