import type { IncidentRecord } from '@vigie/domain';
import type { IncidentInputDto } from './dto/incident-input.dto';
import { incidentErrors } from './incidents.errors';
import type { IncidentValues } from './incidents.repository';

type Input = Partial<IncidentInputDto>;

/** Scalar fields a client may write, with the value a whole-record update gives when absent. */
const WRITABLE_DEFAULTS = {
  type: undefined,
  occurredAt: undefined,
  location: null,
  observationId: null,
  victimCount: null,
  minorCount: null,
  injured: null,
  medicalCare: null,
  perpetrators: [],
  description: null,
  publicSummary: null,
  testimony: null,
} as const satisfies Record<Exclude<keyof IncidentInputDto, 'consent'>, unknown>;

/** Fields that always have a value; null is refused rather than turned into a default. */
const NOT_NULL = ['type', 'occurredAt', 'perpetrators', 'consent'] as const;

/**
 * Column values from a validated input. `replace` writes every field (absent → default, as a whole
 * record update means; a consent scope left out is not agreed); `patch` writes only the fields
 * present (and only the consent scopes present). `location: null` means "inherit it from the
 * observation": the service resolves it.
 */
export function incidentValues(input: Input, mode: 'replace' | 'patch'): IncidentValues {
  const nulls = NOT_NULL.filter((field) => input[field] === null);
  if (nulls.length > 0) throw incidentErrors.requiredFields([...nulls]);
  const values: Record<string, unknown> = {};
  for (const [field, fallback] of Object.entries(WRITABLE_DEFAULTS)) {
    const value = input[field as keyof Input];
    if (value !== undefined) values[field] = value;
    else if (mode === 'replace') values[field] = fallback;
  }
  if (typeof values.occurredAt === 'string') values.occurredAt = new Date(values.occurredAt);
  const consent = input.consent;
  const scopes = {
    publication: 'consentPublication',
    litigation: 'consentLitigation',
    research: 'consentResearch',
  };
  for (const [scope, column] of Object.entries(scopes)) {
    const agreed = consent?.[scope as keyof typeof scopes];
    if (agreed !== undefined) values[column] = agreed;
    else if (mode === 'replace') values[column] = false;
  }
  return values as IncidentValues;
}

/** minorCount ≤ victimCount, once a patch is applied over the stored record. */
export function assertCounts(
  current: Pick<IncidentRecord, 'victimCount' | 'minorCount'> | null,
  values: IncidentValues,
): void {
  const victims = values.victimCount !== undefined ? values.victimCount : (current?.victimCount ?? null);
  const minors = values.minorCount !== undefined ? values.minorCount : (current?.minorCount ?? null);
  if (victims !== null && minors !== null && minors > victims) throw incidentErrors.minorsExceedVictims();
}
