import type { IncidentType, ObservationKind, SiteStatus } from '@vigie/domain';

/** Distinguishable for the common colour-vision deficiencies (Okabe–Ito palette). */
export const KIND_COLORS: Record<ObservationKind, string> = {
  eviction: '#D55E00',
  large_eviction: '#CC79A7',
  site_works: '#E69F00',
  dispersal: '#0072B2',
};

/**
 * Okabe–Ito again: eight colours for fourteen types, so related types share one (every act
 * against observers is blue, violence is vermilion); the popup names the exact type.
 */
export const INCIDENT_TYPE_COLORS: Record<IncidentType, string> = {
  physical_violence: '#D55E00',
  tear_gas: '#E69F00',
  weapon_threat: '#D55E00',
  arrest: '#CC79A7',
  detention: '#CC79A7',
  destruction_of_belongings: '#F0E442',
  insults_threats: '#E69F00',
  humanitarian_obstruction: '#009E73',
  observer_obstruction: '#0072B2',
  observer_id_check: '#56B4E9',
  observer_fine: '#56B4E9',
  observer_intimidation: '#0072B2',
  observer_violence: '#0072B2',
  other: '#999999',
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
