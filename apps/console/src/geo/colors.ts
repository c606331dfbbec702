import type { ObservationKind, SiteStatus } from '@vigie/domain';

/** Distinguishable for the common colour-vision deficiencies (Okabe–Ito palette). */
export const KIND_COLORS: Record<ObservationKind, string> = {
  eviction: '#D55E00',
  large_eviction: '#CC79A7',
  site_works: '#E69F00',
  dispersal: '#0072B2',
};

export const SITE_STATUS_COLORS: Record<SiteStatus, string> = {
  active: '#009E73',
  dismantled: '#D55E00',
  fenced: '#E69F00',
  abandoned: '#999999',
  unknown: '#56B4E9',
};

export const FALLBACK_COLOR = '#555555';

export function colorOf<K extends string>(colors: Record<K, string>, code: unknown): string {
  return typeof code === 'string' && Object.hasOwn(colors, code) ? colors[code as K] : FALLBACK_COLOR;
}
