import type {
  DeadlineRecord,
  DeadlineStatus,
  ForceUnit,
  IncidentType,
  LegalCaseEventRecord,
  LegalCaseLink,
  LegalCaseRecord,
  LegalCaseStatus,
  LegalEventKind,
  LegalForum,
  LegalOutcome,
  LegalProcedure,
  ObservationKind,
  ReviewStatus,
  SeizureItem,
} from '@vigie/domain';
import { deadlineRule } from '@vigie/domain/legal';
import type { CaseDossierParams, CaseMapMarker, ReportLang, TrustedMarkup } from '@vigie/reporting';
import type { ChainVerdict } from '../../../audit/audit-chain';
import type { CaseExhibit, CustodyEvent, LinkedIncident, LinkedObservation } from './case-dossier.repository';

/*
 * Pure functions from what the repository read to what the dossier template prints and what the
 * report stores. Restricted text is decided before this point (the repository leaves testimonies
 * out unless they may be printed); here the case's restricted fields are kept or dropped.
 */

/** Audit actions of a file that the custody table names; any other is printed as « other ». */
const CUSTODY_ACTIONS = ['create', 'update', 'delete', 'restore', 'download'] as const;

/** Files a download may be of (`attachments` audit context `variant`). */
const DOWNLOAD_VARIANTS = ['original', 'publication'] as const;

export interface DossierCase {
  id: string;
  reference: string;
  title: string;
  procedure: LegalProcedure;
  forum: LegalForum;
  courtReference: string | null;
  status: LegalCaseStatus;
  outcome: LegalOutcome | null;
  lawyer: string | null;
  respondents: string | null;
  /** Restricted: null unless the dossier includes restricted text. */
  claimants: string | null;
  summary: string | null;
  publicSummary: string | null;
  /** Restricted, like claimants. */
  confidentialNotes: string | null;
  parent: LegalCaseLink | null;
  appeals: LegalCaseLink[];
}

export interface DossierAct {
  reference: string | null;
  title: string | null;
  authority: string | null;
  signedOn: string | null;
  publishedOn: string | null;
  validFrom: string | null;
  validTo: string | null;
  hasPerimeter: boolean;
  /** The exhibit number of the act's text, when it is among the exhibits. */
  documentExhibit: number | null;
}

export interface DossierEvent {
  date: string;
  time: string | null;
  kind: LegalEventKind;
  title: string;
  details: string | null;
  outcome: LegalOutcome | null;
  notifiedOn: string | null;
  room: string | null;
  judge: string | null;
}

export interface DossierDeadline {
  dueAt: string;
  title: string;
  status: DeadlineStatus;
  /** The rule's text and computation, in the dossier's language. */
  basis: string | null;
  /** Computed by a rule the legal team has not confirmed yet. */
  ruleUnconfirmed: boolean;
  /** Open and past its day. */
  overdue: boolean;
}

export interface DossierObservation {
  /** Its number in the table and on the map: `1`, `2`… */
  mark: string;
  startedAt: string;
  kind: ObservationKind;
  communeName: string | null;
  siteName: string | null;
  forces: { unit: ForceUnit; vehicles: number | null; officers: number | null }[];
  seizures: { item: SeizureItem; quantity: number; destroyed: boolean }[];
  status: ReviewStatus;
  note: string | null;
}

export interface DossierIncident {
  /** Its mark in the table and on the map: `I1`, `I2`… */
  mark: string;
  occurredAt: string;
  type: IncidentType;
  communeName: string | null;
  victimCount: number | null;
  minorCount: number | null;
  status: ReviewStatus;
  publicSummary: string | null;
  testimony: string | null;
  note: string | null;
}

export interface DossierCustodyEvent {
  at: string;
  /** i18n key of the action. */
  actionKey: string;
  action: string;
  actorName: string | null;
  /** Downloads: i18n key of the file downloaded. */
  variantKey: string | null;
  /** Changes: the fields changed, comma-separated; empty otherwise. */
  fields: string;
}

export interface DossierExhibit {
  number: number;
  id: string;
  source: 'case' | 'evidence';
  originalName: string | null;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  uploaderName: string | null;
  caption: string | null;
  note: string | null;
  actDocument: boolean;
  custody: DossierCustodyEvent[];
}

export type AuditHead =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenAtId: string; reason: string };

/** The data the case-dossier template prints (also what its `sample.json` holds). */
export interface CaseDossierModel {
  kind: 'case-dossier';
  lang: ReportLang;
  titleKey: string;
  generatedAt: string;
  generatedBy: string;
  /** The report's id, for the verification page; null in a preview. */
  reportId: string | null;
  demo: boolean;
  /** Whether restricted text is printed (asked for, and the requester may read it). */
  includeRestricted: boolean;
  case: DossierCase;
  act: DossierAct | null;
  events: DossierEvent[];
  deadlines: { open: DossierDeadline[]; closed: DossierDeadline[] };
  observations: DossierObservation[];
  incidents: DossierIncident[];
  /** Linked records left out: deleted, or whose litigation consent was withdrawn after the link. */
  omitted: { deleted: number; consentWithdrawn: number };
  exhibits: DossierExhibit[];
  auditHead: AuditHead;
  map: TrustedMarkup | null;
  [key: string]: unknown;
}

/** What a case dossier stores as its figures: counts and digests, never restricted text. */
export interface CaseDossierFigures {
  params: CaseDossierParams;
  generatedAt: string;
  case: { id: string; reference: string };
  counts: { events: number; deadlines: number; observations: number; incidents: number; exhibits: number };
  exhibits: { id: string; sha256: string }[];
  auditHead: AuditHead;
}

/** Everything the dossier is built from, as read. */
export interface DossierSources {
  params: CaseDossierParams;
  /** Restricted text may be printed: asked for, and the requester's role may read it. */
  includeRestricted: boolean;
  generatedAt: string;
  generatedBy: string;
  reportId: string | null;
  /** Today in Paris (`YYYY-MM-DD`), for overdue deadlines. */
  today: string;
  demo: boolean;
  legalCase: LegalCaseRecord;
  events: LegalCaseEventRecord[];
  deadlines: DeadlineRecord[];
  observations: LinkedObservation[];
  incidents: LinkedIncident[];
  exhibits: CaseExhibit[];
  auditHead: ChainVerdict;
}

export function dossierCase(record: LegalCaseRecord, includeRestricted: boolean): DossierCase {
  return {
    id: record.id,
    reference: record.reference,
    title: record.title,
    procedure: record.procedure,
    forum: record.forum,
    courtReference: record.courtReference,
    status: record.status,
    outcome: record.outcome,
    lawyer: record.lawyer,
    respondents: record.respondents,
    claimants: includeRestricted ? (record.claimants ?? null) : null,
    summary: record.summary,
    publicSummary: record.publicSummary,
    confidentialNotes: includeRestricted ? (record.confidentialNotes ?? null) : null,
    parent: record.parent,
    appeals: record.appeals,
  };
}

/** A deadline as the dossier prints it: the rule's title and basis in the dossier's language. */
export function dossierDeadline(deadline: DeadlineRecord, lang: ReportLang, today: string): DossierDeadline {
  const rule = deadline.computed && deadline.rule ? deadlineRule(deadline.rule) : undefined;
  return {
    dueAt: deadline.dueAt,
    title: rule ? rule.title[lang] : deadline.title,
    status: deadline.status,
    basis: deadline.basis ? deadline.basis[lang] : null,
    ruleUnconfirmed: deadline.ruleConfirmed === false,
    overdue: deadline.status === 'open' && deadline.dueAt < today,
  };
}

export function custodyEvent(event: CustodyEvent): DossierCustodyEvent {
  const known = (CUSTODY_ACTIONS as readonly string[]).includes(event.action);
  return {
    at: event.at,
    actionKey: `dossier.custody.${known ? event.action : 'other'}`,
    action: event.action,
    actorName: event.actorName,
    variantKey:
      event.action === 'download' && (DOWNLOAD_VARIANTS as readonly (string | null)[]).includes(event.variant)
        ? `dossier.custody.variant.${event.variant}`
        : null,
    // A creation's diff names every field: only a change says something by its fields.
    fields: event.action === 'update' ? event.fields.join(', ') : '',
  };
}

/** Whether a linked record may be used: not deleted, and (incidents, files) still consented to. */
function usable(record: { deleted: boolean; litigationConsent?: boolean }): boolean {
  return !record.deleted && record.litigationConsent !== false;
}

type Placed<T> = T & { x: number | null; y: number | null };

/** The linked records the dossier prints, numbered as its tables and map name them. */
export interface LinkedRecords {
  observations: Placed<DossierObservation>[];
  incidents: Placed<DossierIncident>[];
  exhibits: DossierExhibit[];
  omitted: { deleted: number; consentWithdrawn: number };
}

/**
 * Keeps the linked records that may be used (not deleted; incidents and files linked as evidence
 * still with litigation consent) and counts the others; numbers observations `1…`, incidents
 * `I1…` and exhibits `1…`. Testimonies only when restricted text is printed.
 */
export function linkedRecords(
  sources: Pick<DossierSources, 'observations' | 'incidents' | 'exhibits' | 'includeRestricted'>,
): LinkedRecords {
  const exhibitUsable = (row: CaseExhibit) => (row.source === 'case' ? !row.deleted : usable(row));
  const omitted = {
    deleted:
      sources.observations.filter((row) => row.deleted).length +
      sources.incidents.filter((row) => row.deleted).length +
      sources.exhibits.filter((row) => row.deleted).length,
    consentWithdrawn:
      sources.incidents.filter((row) => !row.deleted && !row.litigationConsent).length +
      sources.exhibits.filter((row) => row.source === 'evidence' && !row.deleted && !row.litigationConsent)
        .length,
  };
  return {
    observations: sources.observations
      .filter((row) => !row.deleted)
      .map((row, index) => ({
        mark: String(index + 1),
        startedAt: row.startedAt,
        kind: row.kind,
        communeName: row.communeName,
        siteName: row.siteName,
        forces: row.forces,
        seizures: row.seizures,
        status: row.status,
        note: row.note,
        x: row.x,
        y: row.y,
      })),
    incidents: sources.incidents.filter(usable).map((row, index) => ({
      mark: `I${index + 1}`,
      occurredAt: row.occurredAt,
      type: row.type,
      communeName: row.communeName,
      victimCount: row.victimCount,
      minorCount: row.minorCount,
      status: row.status,
      publicSummary: row.publicSummary,
      testimony: sources.includeRestricted && row.litigationConsent ? row.testimony : null,
      note: row.note,
      x: row.x,
      y: row.y,
    })),
    exhibits: sources.exhibits.filter(exhibitUsable).map((row, index) => ({
      number: index + 1,
      id: row.id,
      source: row.source,
      originalName: row.originalName,
      mimeType: row.mimeType,
      sizeBytes: row.sizeBytes,
      sha256: row.sha256,
      createdAt: row.createdAt,
      uploaderName: row.uploaderName,
      caption: row.caption,
      note: row.note,
      actDocument: row.actDocument,
      custody: row.custody.map(custodyEvent),
    })),
    omitted,
  };
}

/** The numbered markers of the map: the observations and incidents that have a position. */
export function mapMarkers(linked: Pick<LinkedRecords, 'observations' | 'incidents'>): CaseMapMarker[] {
  const markers: CaseMapMarker[] = [];
  for (const row of linked.observations) {
    if (row.x !== null && row.y !== null)
      markers.push({ x: row.x, y: row.y, label: row.mark, kind: 'observation' });
  }
  for (const row of linked.incidents) {
    if (row.x !== null && row.y !== null)
      markers.push({ x: row.x, y: row.y, label: row.mark, kind: 'incident' });
  }
  return markers;
}

const unplaced = <T extends { x: unknown; y: unknown }>({ x: _x, y: _y, ...rest }: T): Omit<T, 'x' | 'y'> =>
  rest;

/** The model the template prints and the figures the report stores. */
export function caseDossierModel(
  sources: DossierSources,
  linked: LinkedRecords,
  map: TrustedMarkup | null,
): { model: CaseDossierModel; figures: CaseDossierFigures } {
  const { params, legalCase } = sources;
  const lang = params.lang;
  const act = legalCase.challengedAct;
  const deadlines = sources.deadlines.map((deadline) => dossierDeadline(deadline, lang, sources.today));
  const auditHead: AuditHead = sources.auditHead.ok
    ? { ok: true, count: sources.auditHead.count, headHash: sources.auditHead.headHash }
    : {
        ok: false,
        count: sources.auditHead.count,
        brokenAtId: sources.auditHead.brokenAtId,
        reason: sources.auditHead.reason,
      };
  const events: DossierEvent[] = sources.events.map((event) => ({
    date: event.date,
    time: event.time,
    kind: event.kind,
    title: event.title,
    details: event.details,
    outcome: event.outcome,
    notifiedOn: event.notifiedOn,
    room: event.room,
    judge: event.judge,
  }));
  const model: CaseDossierModel = {
    kind: 'case-dossier',
    lang,
    titleKey: 'kind.case-dossier',
    generatedAt: sources.generatedAt,
    generatedBy: sources.generatedBy,
    reportId: sources.reportId,
    demo: sources.demo,
    includeRestricted: sources.includeRestricted,
    case: dossierCase(legalCase, sources.includeRestricted),
    act: act
      ? {
          reference: act.reference,
          title: act.title,
          authority: act.authority,
          signedOn: act.signedOn,
          publishedOn: act.publishedOn,
          validFrom: act.validFrom,
          validTo: act.validTo,
          hasPerimeter: act.perimeter !== null,
          documentExhibit: linked.exhibits.find((exhibit) => exhibit.actDocument)?.number ?? null,
        }
      : null,
    events,
    deadlines: {
      open: deadlines.filter((deadline) => deadline.status === 'open'),
      closed: deadlines.filter((deadline) => deadline.status !== 'open'),
    },
    observations: linked.observations.map(unplaced),
    incidents: linked.incidents.map(unplaced),
    omitted: linked.omitted,
    exhibits: linked.exhibits,
    auditHead,
    map,
  };
  const figures: CaseDossierFigures = {
    params,
    generatedAt: sources.generatedAt,
    case: { id: legalCase.id, reference: legalCase.reference },
    counts: {
      events: events.length,
      deadlines: deadlines.length,
      observations: linked.observations.length,
      incidents: linked.incidents.length,
      exhibits: linked.exhibits.length,
    },
    exhibits: linked.exhibits.map((exhibit) => ({ id: exhibit.id, sha256: exhibit.sha256 })),
    auditHead,
  };
  return { model, figures };
}
