/**
 * The properties of a map feature, written once for both the GeoJSON feature and the vector tile,
 * so that a tile can never carry a key its GeoJSON feature does not (the role's reading rules are
 * in the SQL expressions). `sql` is a trusted constant; `timestamp` marks a `timestamptz`, which a
 * tile carries as the same ISO 8601 text as the GeoJSON.
 */
export interface FeatureProperty {
  key: string;
  sql: string;
  timestamp?: boolean;
}

/** `json_build_object(…)` of the properties: a GeoJSON feature's `properties`. */
export function featurePropertiesJson(properties: readonly FeatureProperty[]): string {
  return `json_build_object(${properties.map(({ key, sql }) => `'${key}', ${sql}`).join(', ')})`;
}

/**
 * The properties as the columns `ST_AsMVT` turns into feature attributes (plain columns: it encodes
 * them about twice as fast as one `jsonb` column). Null values are left out of the tile.
 */
export function featurePropertiesColumns(properties: readonly FeatureProperty[]): string {
  return properties
    .map(({ key, sql, timestamp }) => `${timestamp ? `to_json(${sql}) #>> '{}'` : sql} AS "${key}"`)
    .join(', ');
}
