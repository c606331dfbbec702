/** The search of observations to link to a case: period, site, words, and the map's area. */
export interface ObservationSearch {
  from: string;
  to: string;
  siteId: string;
  q: string;
  /** `minLon,minLat,maxLon,maxLat` of the map, when the search is limited to the area shown. */
  bbox: string;
}

export const EMPTY_SEARCH: ObservationSearch = { from: '', to: '', siteId: '', q: '', bbox: '' };

/** The flat filters of `GET /api/observations` (dates are Paris local days); empty ones left out. */
export function observationSearchFilter(search: ObservationSearch): Record<string, string> {
  const filter: Record<string, string> = {};
  if (search.from) filter.startedAt_gte = search.from;
  if (search.to) filter.startedAt_lte = search.to;
  if (search.siteId) filter.siteId = search.siteId;
  if (search.q.trim()) filter.q = search.q.trim();
  if (search.bbox) filter.bbox = search.bbox;
  return filter;
}

/** A map's bounds as the API's `bbox`, to 5 decimals (about a metre). */
export function bboxOf(bounds: { west: number; south: number; east: number; north: number }): string {
  const round = (value: number) => String(Math.round(value * 1e5) / 1e5);
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));
  return [
    round(clamp(bounds.west, 180)),
    round(clamp(bounds.south, 90)),
    round(clamp(bounds.east, 180)),
    round(clamp(bounds.north, 90)),
  ].join(',');
}

/** The observations of a result that may still be linked (the others already are). */
export function linkableIds(rows: readonly { id: string }[], linked: ReadonlySet<string>): string[] {
  return rows.map((row) => row.id).filter((id) => !linked.has(id));
}

/** The selection with `id` added, or removed when it was there. */
export function toggled(selection: readonly string[], id: string): string[] {
  return selection.includes(id) ? selection.filter((other) => other !== id) : [...selection, id];
}
