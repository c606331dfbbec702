import { EARLIEST_SQL } from '../deadlines/legal-deadlines.sql';

/*
 * The JSON of legal cases, built in SQL. `lc` is the legal_cases alias. Two shapes: the whole
 * record (for admin and legal; the service still removes restricted fields by role), and the
 * public fields only (communication), so that nothing else even leaves the database for that role.
 */

/** Another case as a link in an appeal chain; `c` is its alias. */
const CASE_LINK = (c: string) => `json_build_object(
  'id', ${c}.id, 'reference', ${c}.reference, 'title', ${c}.title, 'procedure', ${c}.procedure,
  'forum', ${c}.forum, 'status', ${c}.status, 'outcome', ${c}.outcome)`;

/** Sites of the observations linked as evidence (directly or through an incident) or inside the perimeter. */
export const CASE_SITE_IDS = `ARRAY(
  SELECT o.site_id FROM legal_case_evidence ev
    JOIN observations o ON o.id = ev.observation_id
   WHERE ev.case_id = lc.id AND ev.deleted_at IS NULL AND o.site_id IS NOT NULL
  UNION
  SELECT o.site_id FROM legal_case_evidence ev
    JOIN incidents i ON i.id = ev.incident_id
    JOIN observations o ON o.id = i.observation_id
   WHERE ev.case_id = lc.id AND ev.deleted_at IS NULL AND o.site_id IS NOT NULL
  UNION
  SELECT s.id FROM sites s
   WHERE lc.act_perimeter IS NOT NULL AND s.deleted_at IS NULL AND ST_Intersects(s.location, lc.act_perimeter)
  ORDER BY 1)`;

/** The open deadlines of case `lc`. */
const OPEN_DEADLINES = `FROM legal_deadlines d WHERE d.case_id = lc.id AND d.status = 'open' AND d.deleted_at IS NULL`;

/** Its open time limits: not the days from which an act becomes possible. */
const OPEN_TIME_LIMITS = `${OPEN_DEADLINES} AND NOT ${EARLIEST_SQL}`;

export const NEXT_DUE_SQL = `(SELECT min(d.due_on) ${OPEN_TIME_LIMITS})`;

export const HAS_OPEN_DEADLINES_SQL = `EXISTS (SELECT 1 ${OPEN_DEADLINES})`;

/** Cases with an open time limit due on or before the date at `placeholder`. */
export const dueBeforeCondition = (placeholder: string) =>
  `EXISTS (SELECT 1 ${OPEN_TIME_LIMITS} AND d.due_on <= ${placeholder}::date)`;

/** The first and last dates of a case's chronology, for the period filter. */
const EVENT_DATES = `FROM legal_case_events e WHERE e.case_id = lc.id AND e.deleted_at IS NULL`;
export const FIRST_EVENT_SQL = `(SELECT min(e.date) ${EVENT_DATES})`;
export const LAST_EVENT_SQL = `(SELECT max(e.date) ${EVENT_DATES})`;

const CHALLENGED_ACT = `CASE WHEN num_nonnulls(lc.act_reference, lc.act_title, lc.act_authority, lc.act_signed_on,
    lc.act_published_on, lc.act_valid_from, lc.act_valid_to, lc.act_perimeter, lc.act_document_id) = 0 THEN NULL
  ELSE json_build_object(
    'reference', lc.act_reference, 'title', lc.act_title, 'authority', lc.act_authority,
    'signedOn', lc.act_signed_on, 'publishedOn', lc.act_published_on,
    'validFrom', lc.act_valid_from, 'validTo', lc.act_valid_to,
    'perimeter', ST_AsGeoJSON(lc.act_perimeter, 7)::json, 'documentId', lc.act_document_id) END`;

/** The whole case, restricted fields included: the service presents it for the actor's role. */
export const LEGAL_CASE_JSON = `(json_build_object(
  'id', lc.id,
  'reference', lc.reference,
  'title', lc.title,
  'procedure', lc.procedure,
  'forum', lc.forum,
  'courtReference', lc.court_reference,
  'status', lc.status,
  'outcome', lc.outcome,
  'claimants', lc.claimants,
  'respondents', lc.respondents,
  'lawyer', lc.lawyer,
  'summary', lc.summary,
  'publicSummary', lc.public_summary,
  'confidentialNotes', lc.confidential_notes,
  'parentCaseId', lc.parent_case_id,
  'createdAt', lc.created_at,
  'updatedAt', lc.updated_at,
  'createdBy', lc.created_by,
  'updatedBy', lc.updated_by,
  'version', lc.version,
  'deletedAt', lc.deleted_at
)::jsonb || jsonb_build_object(
  'parent', (SELECT ${CASE_LINK('p')} FROM legal_cases p WHERE p.id = lc.parent_case_id),
  'appeals', coalesce((SELECT json_agg(${CASE_LINK('a')} ORDER BY a.created_at DESC, a.id)
                         FROM legal_cases a WHERE a.parent_case_id = lc.id AND a.deleted_at IS NULL), '[]'::json),
  'challengedAct', ${CHALLENGED_ACT},
  'siteIds', to_json(${CASE_SITE_IDS}),
  'openDeadlines', (SELECT count(*)::int ${OPEN_DEADLINES}),
  'nextDueAt', ${NEXT_DUE_SQL}
))`;

/** What communication reads of a case (PUBLIC_LEGAL_CASE_FIELDS). */
export const PUBLIC_LEGAL_CASE_JSON = `json_build_object(
  'id', lc.id,
  'title', lc.title,
  'procedure', lc.procedure,
  'forum', lc.forum,
  'status', lc.status,
  'outcome', lc.outcome,
  'publicSummary', lc.public_summary
)`;

/** Properties of a challenged act's perimeter on a map: no free text but the titles. */
export const PERIMETER_FEATURE_PROPERTIES = `json_build_object(
  'id', lc.id, 'reference', lc.reference, 'title', lc.title, 'procedure', lc.procedure, 'status', lc.status,
  'actReference', lc.act_reference, 'actTitle', lc.act_title, 'authority', lc.act_authority,
  'validFrom', lc.act_valid_from, 'validTo', lc.act_valid_to)`;

/**
 * Cases communication may read (DESIGN §4 public fields): not deleted, and no longer in preparation
 * (a case being prepared is the legal team's strategy until it is filed; docs/decisions.md).
 */
export const PUBLICLY_VISIBLE_CASE = `(lc.deleted_at IS NULL AND lc.status <> 'preparing')`;
