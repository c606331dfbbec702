import { featurePropertiesJson, type FeatureProperty } from '../common/feature-properties';
import { possibleDuplicateIdsSql } from './duplicates.sql';

/**
 * Which possible duplicates a record names: all of them, or only the validated ones (for the roles
 * that see validated observations only, so that a record never reveals that a draft exists).
 */
export type DuplicatesView = 'all' | 'validated';

/**
 * The site's id when the roles of the `validated` view (communication) may read that site (not
 * deleted), else null: a link must not name a record that is not theirs to read.
 */
export const LIVE_SITE_ID_SQL = `(SELECT ls.id FROM sites ls WHERE ls.id = o.site_id AND ls.deleted_at IS NULL)`;

/**
 * The JSON of one observation, built in SQL (one round trip, no per-row mapping in JS). `o` is the
 * observations alias. `possibleDuplicateIds` comes from the materialised pairs (an index look-up),
 * so lists carry it too. PostgreSQL evaluates these subqueries after `ORDER BY … LIMIT`, for the
 * rows of the page only.
 *
 * `related: 'none'`: the child rows and pairs as empty lists, without reading them: the RETURNING of
 * a record just inserted, which has none yet (its child rows come in later statements).
 */
export function observationJson(view: DuplicatesView, related: 'read' | 'none' = 'read'): string {
  const none = related === 'none';
  return `json_build_object(
  'id', o.id,
  'kind', o.kind,
  'startedAt', o.started_at,
  'endedAt', o.ended_at,
  'location', ST_AsGeoJSON(o.location, 7)::json,
  'locationAccuracyM', o.location_accuracy_m,
  'siteId', ${view === 'validated' ? LIVE_SITE_ID_SQL : 'o.site_id'},
  'communeCode', o.commune_code,
  'area', o.area,
  'forces', ${
    none
      ? `'[]'::json`
      : `coalesce((
    SELECT json_agg(json_build_object('unit', f.unit, 'vehicles', f.vehicles, 'officers', f.officers,
                                      'identifiers', f.identifiers) ORDER BY f.position)
      FROM observation_forces f WHERE f.observation_id = o.id), '[]'::json)`
  },
  'seizures', ${
    none
      ? `'[]'::json`
      : `coalesce((
    SELECT json_agg(json_build_object('item', s.item, 'quantity', s.quantity, 'destroyed', s.destroyed)
                    ORDER BY s.position)
      FROM observation_seizures s WHERE s.observation_id = o.id), '[]'::json)`
  },
  'peopleEvicted', o.people_evicted,
  'minorsSeen', o.minors_seen,
  'arrests', o.arrests,
  'legalBasis', o.legal_basis,
  'legalBasisDetails', o.legal_basis_details,
  'interpretersPresent', o.interpreters_present,
  'bailiffPresent', o.bailiff_present,
  'contractorPresent', o.contractor_present,
  'contractorName', o.contractor_name,
  'shelterOffered', o.shelter_offered,
  'shelterBuses', o.shelter_buses,
  'peopleSheltered', o.people_sheltered,
  'observationObstructed', o.observation_obstructed,
  'countsReliable', o.counts_reliable,
  'description', o.description,
  'status', o.status,
  'reviewComment', o.review_comment,
  'createdAt', o.created_at,
  'updatedAt', o.updated_at,
  'createdBy', o.created_by,
  'updatedBy', o.updated_by,
  'version', o.version,
  'deletedAt', o.deleted_at,
  'mergedIntoId', o.merged_into_id,${
    view === 'all'
      ? `
  'source', o.source,`
      : ''
  }
  'possibleDuplicateIds', ${none ? `'[]'::json` : possibleDuplicateIdsSql(view === 'validated')}
)`;
}

export const OBSERVATION_JSON = observationJson('all');
export const OBSERVATION_VALIDATED_VIEW_JSON = observationJson('validated');

/**
 * Properties of a map feature: enough for a popup and a link, not the whole record; the same for
 * GeoJSON features and vector tiles.
 */
export function observationFeaturePropertyList(view: DuplicatesView): FeatureProperty[] {
  return [
    { key: 'id', sql: 'o.id' },
    { key: 'kind', sql: 'o.kind' },
    { key: 'startedAt', sql: 'o.started_at', timestamp: true },
    { key: 'status', sql: 'o.status' },
    { key: 'communeCode', sql: 'o.commune_code' },
    { key: 'area', sql: 'o.area' },
    { key: 'siteId', sql: view === 'validated' ? LIVE_SITE_ID_SQL : 'o.site_id' },
    { key: 'arrests', sql: 'o.arrests' },
    { key: 'peopleEvicted', sql: 'o.people_evicted' },
  ];
}

export function observationFeatureProperties(view: DuplicatesView): string {
  return featurePropertiesJson(observationFeaturePropertyList(view));
}

export const OBSERVATION_FEATURE_PROPERTIES = observationFeatureProperties('all');
