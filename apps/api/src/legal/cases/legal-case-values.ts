import { formatParisDate, type LegalCaseRecord } from '@vigie/domain';
import type { ChallengedActDto, LegalCaseInputDto } from './dto/legal-case-input.dto';
import { legalErrors } from '../legal.errors';
import type { LegalCaseValues } from './legal-cases.repository';

type Input = Partial<LegalCaseInputDto>;

/** Scalar fields a client may write, with the value a whole-record update gives when absent. */
const WRITABLE_DEFAULTS = {
  reference: undefined,
  title: undefined,
  procedure: undefined,
  forum: undefined,
  courtReference: null,
  status: 'preparing',
  outcome: null,
  claimants: null,
  respondents: null,
  lawyer: null,
  summary: null,
  publicSummary: null,
  confidentialNotes: null,
  parentCaseId: null,
} as const satisfies Record<Exclude<keyof LegalCaseInputDto, 'challengedAct'>, unknown>;

const NOT_NULL = ['reference', 'title', 'procedure', 'forum', 'status'] as const;

/** Fields of the challenged act and their columns. */
const ACT_COLUMNS = {
  reference: 'actReference',
  title: 'actTitle',
  authority: 'actAuthority',
  signedOn: 'actSignedOn',
  publishedOn: 'actPublishedOn',
  validFrom: 'actValidFrom',
  validTo: 'actValidTo',
  perimeter: 'actPerimeter',
  documentId: 'actDocumentId',
} as const satisfies Record<keyof ChallengedActDto, keyof LegalCaseValues>;

/** Statuses a case has once a decision was given, the only ones an outcome goes with. */
const DECIDED = ['decided', 'appealed', 'closed'];

/**
 * Column values from a validated input. `replace` writes every field (absent → default; no
 * `challengedAct` clears the act); `patch` writes only the fields present, and of the act only the
 * fields present (`challengedAct: null` clears it).
 */
export function legalCaseValues(input: Input, mode: 'replace' | 'patch'): LegalCaseValues {
  const nulls = NOT_NULL.filter((field) => input[field] === null);
  if (nulls.length > 0) throw legalErrors.requiredFields(nulls);
  const values: Record<string, unknown> = {};
  for (const [field, fallback] of Object.entries(WRITABLE_DEFAULTS)) {
    const value = input[field as keyof Input];
    if (value !== undefined) values[field] = value;
    else if (mode === 'replace') values[field] = fallback;
  }
  const act = input.challengedAct;
  for (const [field, column] of Object.entries(ACT_COLUMNS)) {
    const value = act ? act[field as keyof ChallengedActDto] : undefined;
    if (value !== undefined) values[column] = value;
    else if (mode === 'replace' || act === null) values[column] = null;
  }
  return values as LegalCaseValues;
}

/** The case as it would be once `values` are written over `current` (null on a create). */
function merged(current: LegalCaseRecord | null, values: LegalCaseValues) {
  const act = current?.challengedAct;
  const pick = <K extends keyof LegalCaseValues>(key: K, stored: unknown) =>
    values[key] !== undefined ? values[key] : (stored ?? null);
  return {
    status: pick('status', current?.status ?? 'preparing'),
    outcome: pick('outcome', current?.outcome),
    signedOn: pick('actSignedOn', act?.signedOn) as string | null,
    publishedOn: pick('actPublishedOn', act?.publishedOn) as string | null,
    validFrom: pick('actValidFrom', act?.validFrom) as string | null,
    validTo: pick('actValidTo', act?.validTo) as string | null,
  };
}

/**
 * Rules between fields, once the change is applied: an outcome goes with a decided case; an act is
 * published after it is signed, neither in the future, and valid from a day to a later one.
 */
export function assertCaseConsistent(
  current: LegalCaseRecord | null,
  values: LegalCaseValues,
  today: string = formatParisDate(new Date()),
): void {
  const after = merged(current, values);
  if (after.outcome !== null && !DECIDED.includes(after.status as string)) {
    throw legalErrors.invalidStatusChange(
      `an outcome goes with a case that is decided, appealed or closed, not ${String(after.status)}`,
    );
  }
  const errors: Record<string, string> = {};
  if (after.signedOn && after.signedOn > today)
    errors['challengedAct.signedOn'] = 'must not be in the future';
  if (after.publishedOn && after.publishedOn > today) {
    errors['challengedAct.publishedOn'] = 'must not be in the future';
  }
  if (after.signedOn && after.publishedOn && after.publishedOn < after.signedOn) {
    errors['challengedAct.publishedOn'] = 'must not be before signedOn';
  }
  if (after.validFrom && after.validTo && after.validTo < after.validFrom) {
    errors['challengedAct.validTo'] = 'must not be before validFrom';
  }
  if (Object.keys(errors).length > 0) throw legalErrors.invalidDates(errors);
}
