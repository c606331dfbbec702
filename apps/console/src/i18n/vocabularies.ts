import {
  AREAS,
  CONSENT_SCOPES,
  FORCE_UNITS,
  INCIDENT_TYPES,
  LEGAL_BASES,
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  ROLES,
  SEIZURE_ITEMS,
  SITE_KINDS,
  SITE_STATUSES,
  type Vocabulary,
} from '@vigie/domain';

/** The vocabularies the console shows; their labels come from `@vigie/domain` only. */
export const CONSOLE_VOCABULARIES: readonly Vocabulary<string>[] = [
  AREAS,
  SITE_KINDS,
  SITE_STATUSES,
  OBSERVATION_KINDS,
  INCIDENT_TYPES,
  CONSENT_SCOPES,
  FORCE_UNITS,
  SEIZURE_ITEMS,
  LEGAL_BASES,
  REVIEW_STATUSES,
  ROLES,
];
