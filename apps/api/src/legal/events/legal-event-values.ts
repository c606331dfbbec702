import {
  formatParisDate,
  type LegalCaseEventRecord,
  type LegalEventKind,
  PAST_ONLY_EVENT_KINDS,
  SCHEDULED_EVENT_KINDS,
} from '@vigie/domain';
import { legalErrors } from '../legal.errors';
import type { LegalEventInputDto } from './dto/legal-event-input.dto';
import type { LegalEventValues } from './legal-events.repository';

type Input = Partial<LegalEventInputDto>;

/** Fields a client may write, with the value they take on a create when absent. */
const WRITABLE_DEFAULTS = {
  kind: undefined,
  date: undefined,
  time: null,
  title: undefined,
  details: null,
  outcome: null,
  notifiedOn: null,
  room: null,
  judge: null,
} as const satisfies Record<keyof LegalEventInputDto, unknown>;

const NOT_NULL = ['kind', 'date', 'title'] as const;
const DECISION_FIELDS = ['outcome', 'notifiedOn'] as const;
const SCHEDULE_FIELDS = ['time', 'room', 'judge'] as const;

/** Column values from a validated input: every field on a create, those present on a patch. */
export function legalEventValues(input: Input, mode: 'create' | 'patch'): LegalEventValues {
  const nulls = NOT_NULL.filter((field) => input[field] === null);
  if (nulls.length > 0) throw legalErrors.requiredFields(nulls);
  const values: Record<string, unknown> = {};
  for (const [field, fallback] of Object.entries(WRITABLE_DEFAULTS)) {
    const value = input[field as keyof Input];
    if (value !== undefined) values[field] = value;
    else if (mode === 'create') values[field] = fallback;
  }
  return values as LegalEventValues;
}

/**
 * Rules of an event once the change is applied over `current`: decision fields on decisions only,
 * a time, room and judge on hearings and site visits only (a change of kind must clear the others),
 * a decision or notification never in the future, nor notified before it was given.
 */
export function assertEventConsistent(
  current: LegalCaseEventRecord | null,
  values: LegalEventValues,
  today: string = formatParisDate(new Date()),
): void {
  const after = {
    ...current,
    ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
  } as LegalCaseEventRecord;
  const kind: LegalEventKind = after.kind;
  const present = (fields: readonly (keyof LegalCaseEventRecord)[]) =>
    fields.filter((field) => after[field] !== null && after[field] !== undefined);
  if (kind !== 'decision' && present(DECISION_FIELDS).length > 0) {
    throw legalErrors.fieldNotForKind(present(DECISION_FIELDS), kind);
  }
  if (!SCHEDULED_EVENT_KINDS.includes(kind) && present(SCHEDULE_FIELDS).length > 0) {
    throw legalErrors.fieldNotForKind(present(SCHEDULE_FIELDS), kind);
  }
  if (PAST_ONLY_EVENT_KINDS.includes(kind) && after.date > today)
    throw legalErrors.eventInFuture('date', kind);
  if (after.notifiedOn) {
    if (after.notifiedOn > today) throw legalErrors.eventInFuture('notifiedOn', 'notification');
    if (after.notifiedOn < after.date) {
      throw legalErrors.invalidDates({ notifiedOn: 'must not be before the date of the decision' });
    }
  }
}
