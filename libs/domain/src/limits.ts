/** Input limits shared by the API validation and the console forms (DESIGN §5). */
export const LIMITS = {
  /** Largest JSON body, in bytes. */
  jsonBodyBytes: 1024 * 1024,
  /** Free text: descriptions, testimony, notes. */
  longText: 20_000,
  /** Names, titles and other short text. */
  shortText: 500,
  /** Child rows (forces, seizures, aliases…) in one record. */
  childRows: 100,
  /** Largest page of a list. */
  pageSize: 1000,
  /** Largest GeoJSON feature collection. */
  geojsonFeatures: 10_000,
  /** Longest eviction: endedAt ≤ startedAt + 24 h. */
  observationMaxHours: 24,
} as const;
