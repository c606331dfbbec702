import { OBSERVER_INCIDENT_TYPES } from '@vigie/domain';
import { featurePropertiesJson, type FeatureProperty } from '../common/feature-properties';

/** True for the incident types whose target is the observers (a trusted constant list). */
export const AGAINST_OBSERVERS_SQL = `(i.type IN (${OBSERVER_INCIDENT_TYPES.map((type) => `'${type}'`).join(', ')}))`;

/**
 * Who reads what of an incident. `full`: the roles that read every incident (the service still
 * removes the testimony for those that may not read it). `public`: communication (DESIGN §4 "read
 * validated"): no internal description, no testimony, the public summary only with publication
 * consent, and a link to an observation only when that observation is theirs to read too; what is
 * not theirs never leaves the database.
 */
export type IncidentView = 'full' | 'public';

/**
 * The linked observation's id when a `public` reader may read that observation (validated, not
 * deleted), else null: a link must not tell that a draft or a deleted record exists.
 */
export const PUBLIC_OBSERVATION_ID_SQL = `(SELECT lo.id FROM observations lo
  WHERE lo.id = i.observation_id AND lo.status = 'validated' AND lo.deleted_at IS NULL)`;

/**
 * The JSON of one incident, built in SQL. `i` is the incidents alias. The `full` view carries the
 * restricted testimony: the service removes it for roles that may not read it before anything
 * leaves the API.
 */
export function incidentJson(view: IncidentView): string {
  const full = view === 'full';
  return `json_build_object(
  'id', i.id,
  'type', i.type,
  'occurredAt', i.occurred_at,
  'location', ST_AsGeoJSON(i.location, 7)::json,
  'observationId', ${full ? 'i.observation_id' : PUBLIC_OBSERVATION_ID_SQL},
  'communeCode', i.commune_code,
  'area', i.area,
  'victimCount', i.victim_count,
  'minorCount', i.minor_count,
  'injured', i.injured,
  'medicalCare', i.medical_care,
  'perpetrators', to_json(i.perpetrators),${
    full
      ? `
  'description', i.description,`
      : ''
  }
  'publicSummary', ${full ? 'i.public_summary' : 'CASE WHEN i.consent_publication THEN i.public_summary END'},${
    full
      ? `
  'testimony', i.testimony,`
      : ''
  }
  'consent', json_build_object('publication', i.consent_publication, 'litigation', i.consent_litigation,
                               'research', i.consent_research),
  'status', i.status,
  'reviewComment', i.review_comment,
  'createdAt', i.created_at,
  'updatedAt', i.updated_at,
  'createdBy', i.created_by,
  'updatedBy', i.updated_by,
  'version', i.version,
  'deletedAt', i.deleted_at${
    full
      ? `,
  'source', i.source`
      : ''
  }
)`;
}

export const INCIDENT_JSON = incidentJson('full');

/**
 * Properties of a map feature: enough for a popup and a link; no free text. The same for GeoJSON
 * features and vector tiles.
 */
export function incidentFeaturePropertyList(view: IncidentView): FeatureProperty[] {
  return [
    { key: 'id', sql: 'i.id' },
    { key: 'type', sql: 'i.type' },
    { key: 'occurredAt', sql: 'i.occurred_at', timestamp: true },
    { key: 'status', sql: 'i.status' },
    { key: 'communeCode', sql: 'i.commune_code' },
    { key: 'area', sql: 'i.area' },
    { key: 'observationId', sql: view === 'full' ? 'i.observation_id' : PUBLIC_OBSERVATION_ID_SQL },
    { key: 'victimCount', sql: 'i.victim_count' },
    { key: 'againstObservers', sql: AGAINST_OBSERVERS_SQL },
  ];
}

export function incidentFeatureProperties(view: IncidentView): string {
  return featurePropertiesJson(incidentFeaturePropertyList(view));
}
