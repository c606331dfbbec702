import { LIMITS, type ObservationRecord } from '@vigie/domain';
import type { ObservationInputDto } from './dto/observation-input.dto';
import { observationErrors } from './observations.errors';
import type { ObservationValues } from './observations.repository';

type Input = Partial<ObservationInputDto>;

/** Scalar fields a client may write, with the value a whole-record update gives when absent. */
const WRITABLE_DEFAULTS = {
  kind: undefined,
  startedAt: undefined,
  endedAt: null,
  location: undefined,
  locationAccuracyM: null,
  siteId: null,
  peopleEvicted: null,
  minorsSeen: null,
  arrests: 0,
  legalBasis: null,
  legalBasisDetails: null,
  interpretersPresent: null,
  bailiffPresent: null,
  contractorPresent: null,
  contractorName: null,
  shelterOffered: null,
  shelterBuses: null,
  peopleSheltered: null,
  observationObstructed: null,
  countsReliable: true,
  description: null,
} as const satisfies Record<Exclude<keyof ObservationInputDto, 'forces' | 'seizures'>, unknown>;

/** Fields that always have a value; null is refused rather than turned into a default. */
const NOT_NULL = [
  'kind',
  'startedAt',
  'location',
  'arrests',
  'countsReliable',
  'forces',
  'seizures',
] as const;

/**
 * Column values from a validated input. `replace` writes every field (absent → default, as a whole
 * record update means); `patch` writes only the fields present.
 */
export function observationValues(input: Input, mode: 'replace' | 'patch'): ObservationValues {
  const nulls = NOT_NULL.filter((field) => input[field] === null);
  if (nulls.length > 0) throw observationErrors.requiredFields([...nulls]);
  const values: Record<string, unknown> = {};
  for (const [field, fallback] of Object.entries(WRITABLE_DEFAULTS)) {
    const value = input[field as keyof Input];
    if (value !== undefined) values[field] = value;
    else if (mode === 'replace') values[field] = fallback;
  }
  for (const field of ['startedAt', 'endedAt'] as const) {
    if (typeof values[field] === 'string') values[field] = new Date(values[field] as string);
  }
  return values as ObservationValues;
}

/** Checks endedAt against startedAt once a patch is applied over the stored record. */
export function assertPeriod(
  current: Pick<ObservationRecord, 'startedAt' | 'endedAt'>,
  values: ObservationValues,
): void {
  const startedAt = values.startedAt ?? new Date(current.startedAt);
  const endedAt =
    values.endedAt !== undefined ? values.endedAt : current.endedAt ? new Date(current.endedAt) : null;
  if (endedAt === null) return;
  const span = endedAt.getTime() - startedAt.getTime();
  if (span < 0 || span > LIMITS.observationMaxHours * 3_600_000) throw observationErrors.invalidPeriod();
}
