import type { DeadlineRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../auth/actor';
import { DomainError } from '../../common/domain-error';
import { changedDeadlineValues } from './deadline-values';

const ACTOR = { id: '5d2c1b7e-0f3a-4e6b-9c8d-1a2b3c4d5e6f', role: 'legal' } as Actor;

/** A deadline as GET gives it; `overrides` replace fields. */
function deadline(overrides: Partial<DeadlineRecord> = {}): DeadlineRecord {
  return {
    id: '0b5c3a52-1f4e-4d7b-9a51-8e0f6c2d7a10',
    caseId: '9a7e2c14-5b3d-4f61-8c2a-0d4e6f8b1a23',
    caseReference: '2031-001',
    caseTitle: 'Référé',
    title: 'Appel devant le Conseil d’État',
    dueAt: '2025-03-20',
    rule: 'ce_appeal_refere_liberte',
    ruleConfirmed: false,
    nature: 'deadline',
    startsOn: '2025-03-04',
    basis: { fr: 'CJA, art. L. 523-1…', en: 'CJA, art. L. 523-1…' },
    computed: true,
    source: 'event',
    sourceEventId: '6d1f0e9a-3c2b-4a8e-b7d5-2f9c1e4a6b30',
    status: 'open',
    closedAt: null,
    closedBy: null,
    closedByName: null,
    cancelReason: null,
    notes: null,
    createdAt: '2025-03-04T09:00:00.000Z',
    updatedAt: '2025-03-04T09:00:00.000Z',
    createdBy: ACTOR.id,
    updatedBy: ACTOR.id,
    version: 1,
    deletedAt: null,
    ...overrides,
  };
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe(changedDeadlineValues.name, () => {
  it('takes a computed deadline back with its due date, rule and start unchanged: only the new notes are written', () => {
    const current = deadline();
    const { dueAt, rule, startsOn, title } = current;

    const values = changedDeadlineValues(
      current,
      { version: 1, dueAt, rule, startsOn, title, notes: 'Appel à préparer', status: 'open' },
      ACTOR,
    );

    expect(values).toEqual({ notes: 'Appel à préparer' });
  });

  it('still refuses a computed deadline a changed due date, naming only what changed', () => {
    const current = deadline();

    const error = refusal(() =>
      changedDeadlineValues(current, { version: 1, dueAt: '2025-12-31', rule: current.rule }, ACTOR),
    );

    expect(error.code).toBe('legal_computed_deadline');
    expect(error.details.errors).toEqual({ dueAt: 'computed from its source' });
  });

  it('recomputes a ruled deadline added by hand from a new start, its old due date sent back ignored', () => {
    const current = deadline({ computed: false, source: null, sourceEventId: null, rule: 'fine_contest' });

    const values = changedDeadlineValues(
      current,
      { version: 1, rule: 'fine_contest', startsOn: '2025-06-02', dueAt: current.dueAt },
      ACTOR,
    );

    expect(values).toMatchObject({ rule: 'fine_contest', startsOn: '2025-06-02' });
    expect(values.dueOn).not.toBe(current.dueAt);
  });

  it('writes nothing for a deadline sent back as read', () => {
    const current = deadline({ computed: false, rule: null, startsOn: null, basis: null });
    const { title, dueAt, rule, startsOn, notes, status } = current;

    expect(
      changedDeadlineValues(current, { version: 1, title, dueAt, rule, startsOn, notes, status }, ACTOR),
    ).toEqual({});
  });
});
