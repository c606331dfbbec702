import { describe, expect, it } from 'vitest';
import {
  challengedActPayload,
  eventPayload,
  hasOutcome,
  legalCasePayload,
  deadlineChangePayload,
  manualDeadlinePayload,
} from './payload';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [1.8, 50.9],
      [1.9, 50.9],
      [1.9, 51],
      [1.8, 50.9],
    ],
  ],
};

describe('challengedActPayload', () => {
  it('is null when nothing of the act is filled in', () => {
    expect(challengedActPayload(null)).toBeNull();
    expect(challengedActPayload({ reference: '  ', title: '', perimeter: null })).toBeNull();
  });

  it('sends every key, emptied ones as null, text trimmed', () => {
    expect(challengedActPayload({ reference: ' n° 2026-104 ', perimeter: square, validTo: '' })).toEqual({
      reference: 'n° 2026-104',
      title: null,
      authority: null,
      signedOn: null,
      publishedOn: null,
      validFrom: null,
      validTo: null,
      perimeter: square,
      documentId: null,
    });
  });
});

describe('legalCasePayload', () => {
  it('drops the outcome of a case not yet decided', () => {
    expect(legalCasePayload({ status: 'pending', outcome: 'rejected' }).outcome).toBeNull();
    expect(legalCasePayload({ status: 'decided', outcome: 'rejected' }).outcome).toBe('rejected');
    expect(hasOutcome('closed')).toBe(true);
    expect(hasOutcome('filed')).toBe(false);
  });
});

describe('eventPayload', () => {
  it('keeps the outcome and notification of a decision, clears a hearing’s room', () => {
    expect(
      eventPayload({
        kind: 'decision',
        date: '2026-04-20',
        title: 'Ordonnance',
        outcome: 'rejected',
        notifiedOn: '2026-04-21',
        room: 'B',
        time: '',
      }),
    ).toEqual({
      kind: 'decision',
      date: '2026-04-20',
      title: 'Ordonnance',
      outcome: 'rejected',
      notifiedOn: '2026-04-21',
      room: null,
      time: null,
      judge: null,
    });
  });

  it('keeps the time, room and judge of a hearing, and no outcome', () => {
    expect(
      eventPayload({ kind: 'hearing', time: '14:30', room: '3', judge: 'Mme X', outcome: 'granted' }),
    ).toMatchObject({ time: '14:30', room: '3', judge: 'Mme X', outcome: null, notifiedOn: null });
  });
});

describe('manualDeadlinePayload', () => {
  it('sends a title and a due date', () => {
    expect(
      manualDeadlinePayload({ id: 'd1', mode: 'date', title: 'Mémoire', dueAt: '2026-06-01', rule: 'x' }),
    ).toEqual({ id: 'd1', title: 'Mémoire', dueAt: '2026-06-01', notes: null });
  });

  it("sends a rule and its start day, and the rule's title unless one is typed", () => {
    expect(
      manualDeadlinePayload({ mode: 'rule', rule: 'cada_referral', startsOn: '2026-04-01', title: '' }),
    ).toEqual({ rule: 'cada_referral', startsOn: '2026-04-01', notes: null });
    expect(
      manualDeadlinePayload({ mode: 'rule', rule: 'r', startsOn: '2026-04-01', title: 'Saisir la CADA' }),
    ).toMatchObject({ title: 'Saisir la CADA' });
  });
});

describe('deadlineChangePayload', () => {
  it('never sends the form mode, nor a due date the rule computes', () => {
    expect(
      deadlineChangePayload({
        mode: 'rule',
        rule: 'cada_referral',
        startsOn: '2026-04-02',
        dueAt: '2026-06-02',
      }),
    ).toEqual({ rule: 'cada_referral', startsOn: '2026-04-02' });
    expect(deadlineChangePayload({ mode: 'date', rule: null, startsOn: null, dueAt: '2026-06-02' })).toEqual({
      dueAt: '2026-06-02',
    });
  });
});
