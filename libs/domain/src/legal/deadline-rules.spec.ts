import { describe, expect, it } from 'vitest';
import { LEGAL_EVENT_KINDS, LEGAL_FORUMS, LEGAL_OUTCOMES, LEGAL_PROCEDURES } from '../vocabularies';
import { DEADLINE_RULES, deadlineRule } from './deadline-rules';

describe('DEADLINE_RULES', () => {
  it('holds the starting set of DESIGN §3', () => {
    expect(DEADLINE_RULES.map((rule) => rule.code)).toEqual([
      'ce_appeal_refere_liberte',
      'appeal_ta_judgment',
      'annulment_action',
      'cada_referral_implicit',
      'cada_referral_explicit',
      'civil_party_complaint_opens',
      'echr_application',
      'fine_contest',
      'misdemeanour_limitation',
    ]);
  });

  it('gives every rule a unique snake_case code', () => {
    const codes = DEADLINE_RULES.map((rule) => rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it.each(DEADLINE_RULES.map((rule) => [rule.code, rule] as const))(
    '%s is complete in both languages and names only known codes',
    (_code, rule) => {
      for (const text of [rule.title, rule.startsFrom, ...rule.steps.map((step) => step.label)]) {
        expect(text.fr.trim()).not.toBe('');
        expect(text.en.trim()).not.toBe('');
      }
      expect(rule.citation.trim()).not.toBe('');
      expect(rule.steps.length).toBeGreaterThan(0);
      for (const step of rule.steps) expect(Number.isInteger(step.amount) && step.amount > 0).toBe(true);
      // A rule that does not move needs its reason, which the computation quotes.
      if (!rule.movesToWorkingDay) expect(rule.note).toBeDefined();
      for (const trigger of rule.triggers) {
        for (const kind of trigger.eventKinds ?? []) expect(LEGAL_EVENT_KINDS.has(kind)).toBe(true);
        for (const procedure of trigger.procedures ?? []) expect(LEGAL_PROCEDURES.has(procedure)).toBe(true);
        for (const forum of trigger.forums ?? []) expect(LEGAL_FORUMS.has(forum)).toBe(true);
        for (const outcome of trigger.outcomes ?? []) expect(LEGAL_OUTCOMES.has(outcome)).toBe(true);
        if (trigger.source === 'event') {
          expect(trigger.eventKinds?.length).toBeGreaterThan(0);
          expect(trigger.date).not.toBe('publishedOn');
        } else {
          expect(trigger.date).toBe('publishedOn');
        }
      }
    },
  );

  it('states the periods of DESIGN §3', () => {
    const periods = Object.fromEntries(
      DEADLINE_RULES.map((rule) => [
        rule.code,
        [
          rule.steps.map((step) => `${step.amount} ${step.unit}`).join(' + '),
          rule.counting,
          rule.movesToWorkingDay,
        ],
      ]),
    );
    expect(periods).toEqual({
      ce_appeal_refere_liberte: ['15 days', 'franc', true],
      appeal_ta_judgment: ['2 months', 'franc', true],
      annulment_action: ['2 months', 'franc', true],
      cada_referral_implicit: ['1 months + 2 months', 'next_day', true],
      cada_referral_explicit: ['2 months', 'next_day', true],
      civil_party_complaint_opens: ['3 months', 'next_day', true],
      echr_application: ['4 months', 'next_day', false],
      fine_contest: ['45 days', 'next_day', true],
      misdemeanour_limitation: ['6 years', 'next_day', true],
    });
    expect(deadlineRule('civil_party_complaint_opens')?.nature).toBe('earliest');
    expect(deadlineRule('misdemeanour_limitation')?.triggers).toEqual([]);
  });
});

describe('deadlineRule', () => {
  it('finds a rule by its code, and nothing for an unknown code', () => {
    expect(deadlineRule('echr_application')?.citation).toBe(
      'Conv. EDH, art. 35 § 1, et Protocole n° 15, art. 4',
    );
    expect(deadlineRule('no_such_rule')).toBeUndefined();
  });
});
