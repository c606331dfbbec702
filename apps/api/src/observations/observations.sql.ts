/**
 * The JSON of one observation, built in SQL (one round trip, no per-row mapping in JS).
 * `o` is the observations alias.
 */
export const OBSERVATION_JSON = `json_build_object(
  'id', o.id,
  'kind', o.kind,
  'startedAt', o.started_at,
  'endedAt', o.ended_at,
  'location', ST_AsGeoJSON(o.location, 7)::json,
  'locationAccuracyM', o.location_accuracy_m,
  'siteId', o.site_id,
  'communeCode', o.commune_code,
  'area', o.area,
  'forces', coalesce((
    SELECT json_agg(json_build_object('unit', f.unit, 'vehicles', f.vehicles, 'officers', f.officers,
                                      'identifiers', f.identifiers) ORDER BY f.position)
      FROM observation_forces f WHERE f.observation_id = o.id), '[]'::json),
  'seizures', coalesce((
    SELECT json_agg(json_build_object('item', s.item, 'quantity', s.quantity, 'destroyed', s.destroyed)
                    ORDER BY s.position)
      FROM observation_seizures s WHERE s.observation_id = o.id), '[]'::json),
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
  'deletedAt', o.deleted_at
)`;

/** Two teams often document the same eviction: same kind, within 300 m, time windows ±2 h apart. */
const DUPLICATE_RADIUS_M = 300;
const DUPLICATE_WINDOW_HOURS = 2;

/**
 * The ids of possible duplicates of observation `o`. The (kind, started_at) index finds the few
 * records of the same kind in the time window (an eviction lasts at most 24 h), then the distance
 * is checked on the geography. Computed when one record is read; lists leave it out because it
 * costs one look-up per row.
 */
export const POSSIBLE_DUPLICATES = `coalesce((
  SELECT json_agg(d.id ORDER BY d.started_at, d.id)
    FROM observations d
   WHERE d.kind = o.kind AND d.id <> o.id AND d.deleted_at IS NULL
     AND d.started_at >= o.started_at - interval '${24 + DUPLICATE_WINDOW_HOURS} hours'
     AND d.started_at < coalesce(o.ended_at, o.started_at) + interval '${DUPLICATE_WINDOW_HOURS} hours'
     AND coalesce(d.ended_at, d.started_at) > o.started_at - interval '${DUPLICATE_WINDOW_HOURS} hours'
     AND ST_DWithin(d.location::geography, o.location::geography, ${DUPLICATE_RADIUS_M})), '[]'::json)`;

/** The whole record with its possible duplicates: for reading one observation. */
export const OBSERVATION_DETAIL_JSON = `(${OBSERVATION_JSON}::jsonb
  || jsonb_build_object('possibleDuplicateIds', ${POSSIBLE_DUPLICATES}::jsonb))`;

/** Properties of a map feature: enough for a popup and a link, not the whole record. */
export const OBSERVATION_FEATURE_PROPERTIES = `json_build_object(
  'id', o.id, 'kind', o.kind, 'startedAt', o.started_at, 'status', o.status,
  'communeCode', o.commune_code, 'area', o.area, 'siteId', o.site_id,
  'arrests', o.arrests, 'peopleEvicted', o.people_evicted
)`;
