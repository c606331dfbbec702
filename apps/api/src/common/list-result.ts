/** A page of records and the total matching the filters (sent as `X-Total-Count`). */
export interface ListResult<T> {
  rows: T[];
  total: number;
}

/** A GeoJSON FeatureCollection serialised in SQL, sent as is. */
export interface GeoJsonResult {
  body: string;
  total: number;
}
