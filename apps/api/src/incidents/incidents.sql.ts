import { OBSERVER_INCIDENT_TYPES } from '@vigie/domain';

/** True for the incident types whose target is the observers (a trusted constant list). */
export const AGAINST_OBSERVERS_SQL = `(i.type IN (${OBSERVER_INCIDENT_TYPES.map((type) => `'${type}'`).join(', ')}))`;

/**
 * The JSON of one incident, built in SQL. `i` is the incidents alias. It carries the restricted
 * testimony: the service removes it for roles that may not read it before anything leaves the API.
 */
export const INCIDENT_JSON = `json_build_object(
  'id', i.id,
  'type', i.type,
  'occurredAt', i.occurred_at,
  'location', ST_AsGeoJSON(i.location, 7)::json,
  'observationId', i.observation_id,
  'communeCode', i.commune_code,
  'area', i.area,
  'victimCount', i.victim_count,
  'minorCount', i.minor_count,
  'injured', i.injured,
  'medicalCare', i.medical_care,
  'perpetrators', to_json(i.perpetrators),
  'description', i.description,
  'publicSummary', i.public_summary,
  'testimony', i.testimony,
  'consent', json_build_object('publication', i.consent_publication, 'litigation', i.consent_litigation,
                               'research', i.consent_research),
  'status', i.status,
  'reviewComment', i.review_comment,
  'createdAt', i.created_at,
  'updatedAt', i.updated_at,
  'createdBy', i.created_by,
  'updatedBy', i.updated_by,
  'version', i.version,
  'deletedAt', i.deleted_at
)`;

/** Properties of a map feature: enough for a popup and a link; no free text. */
export const INCIDENT_FEATURE_PROPERTIES = `json_build_object(
  'id', i.id, 'type', i.type, 'occurredAt', i.occurred_at, 'status', i.status,
  'communeCode', i.commune_code, 'area', i.area, 'observationId', i.observation_id,
  'victimCount', i.victim_count, 'againstObservers', ${AGAINST_OBSERVERS_SQL}
)`;
