import type { ChallengedAct, LegalCaseStatus, LegalEventKind } from '@vigie/domain';
import { SCHEDULED_EVENT_KINDS } from '@vigie/domain';
import { CHALLENGED_ACT_KEYS } from '../api/resources';
import { newId } from '../api/uuid';

type Json = Record<string, unknown>;

/** A case has an outcome once decided (DESIGN §3): the API refuses one before. */
export const STATUSES_WITH_OUTCOME: readonly LegalCaseStatus[] = ['decided', 'appealed', 'closed'];

export function hasOutcome(status: unknown): boolean {
  return typeof status === 'string' && (STATUSES_WITH_OUTCOME as readonly string[]).includes(status);
}

const blank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * The challenged act as the API takes it: every key present (a PUT replaces the act), emptied
 * inputs as null, and no act at all when nothing of it is filled in.
 */
export function challengedActPayload(act: unknown): ChallengedAct | null {
  if (typeof act !== 'object' || act === null) return null;
  const values = act as Json;
  if (CHALLENGED_ACT_KEYS.every((key) => blank(values[key]))) return null;
  const result: Json = {};
  for (const key of CHALLENGED_ACT_KEYS) {
    const value = values[key];
    result[key] = blank(value) ? null : typeof value === 'string' ? value.trim() : value;
  }
  return result as unknown as ChallengedAct;
}

/** The case form's values as sent: no outcome before a decision, the act cleaned up. */
export function legalCasePayload(data: Json): Json {
  return {
    ...data,
    outcome: hasOutcome(data.status) ? (data.outcome ?? null) : null,
    challengedAct: challengedActPayload(data.challengedAct),
  };
}

/** A new case: its id chosen once per form (a retried save cannot create two), in preparation. */
export function newLegalCaseDraft(): Json {
  return { id: newId(), status: 'preparing', outcome: null, challengedAct: null };
}

/** Decisions carry an outcome and a notification date; hearings and site visits a time, room, judge. */
export function eventFieldsFor(kind: unknown): { decision: boolean; scheduled: boolean } {
  return {
    decision: kind === 'decision',
    scheduled: (SCHEDULED_EVENT_KINDS as readonly unknown[]).includes(kind),
  };
}

const DECISION_FIELDS = ['outcome', 'notifiedOn'] as const;
const SCHEDULED_FIELDS = ['time', 'room', 'judge'] as const;

/**
 * An event as the API takes it: the fields of another kind are sent as null (the API refuses a
 * room for a filing, say), so that changing the kind of an event clears what no longer applies.
 */
export function eventPayload(data: Json): Json {
  const { decision, scheduled } = eventFieldsFor(data.kind as LegalEventKind);
  const result: Json = { ...data };
  for (const key of DECISION_FIELDS) if (!decision) result[key] = null;
  for (const key of SCHEDULED_FIELDS) if (!scheduled) result[key] = null;
  for (const [key, value] of Object.entries(result)) if (value === '') result[key] = null;
  return result;
}

export type DeadlineMode = 'date' | 'rule';

/**
 * A deadline added by hand: a title and a due date, or a rule and the day it runs from (its title
 * then defaults to the rule's).
 */
export function manualDeadlinePayload(data: Json): Json {
  const mode: DeadlineMode = data.mode === 'rule' ? 'rule' : 'date';
  const notes = blank(data.notes) ? null : data.notes;
  const id = data.id;
  if (mode === 'date') {
    return { ...(id ? { id } : {}), title: data.title, dueAt: data.dueAt, notes };
  }
  return {
    ...(id ? { id } : {}),
    rule: data.rule,
    startsOn: data.startsOn,
    ...(blank(data.title) ? {} : { title: data.title }),
    notes,
  };
}

/**
 * A deadline's change as sent: without the form's `mode`, and without what the API computes
 * (a due date counted by a rule) or what the chosen way leaves out.
 */
export function deadlineChangePayload(data: Json): Json {
  const { mode: _mode, ...rest } = data;
  if (rest.computed === true) return rest;
  if (typeof rest.rule === 'string' && rest.rule !== '') {
    const { dueAt: _dueAt, ...byRule } = rest;
    return byRule;
  }
  const { rule: _rule, startsOn: _startsOn, ...byDate } = rest;
  return byDate;
}
