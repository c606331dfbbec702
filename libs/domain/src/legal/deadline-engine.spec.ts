import { describe, expect, it } from 'vitest';
import {
  LEGAL_EVENT_KINDS,
  LEGAL_FORUMS,
  LEGAL_OUTCOMES,
  LEGAL_PROCEDURES,
  type LegalEventKind,
  type LegalForum,
  type LegalOutcome,
  type LegalProcedure,
} from '../vocabularies';
import { computeDeadline, describeRule, rulesStartedBy, type TriggerSource } from './deadline-engine';
import { DEADLINE_RULES, deadlineRule, type DeadlineRule } from './deadline-rules';

function rule(code: string): DeadlineRule {
  const found = deadlineRule(code);
  if (!found) throw new Error(`No rule ${code}`);
  return found;
}

/*
 * Every expected date below was worked out by hand from the rule's text and checked with GNU `date`
 * (`date -u -d '2025-03-04 +15 days' +%F\ %A`), never copied from the engine's output. GNU date
 * overflows months (31 December + 2 months = 3 March) where French law clamps, so the clamped cases
 * are reasoned in their names.
 */
describe('computeDeadline', () => {
  describe('the exact basis of one case of each rule', () => {
    it('ce_appeal_refere_liberte: notified Tuesday 4 March 2025, 15 days franc: 19 March + 1 = Thursday 20 March', () => {
      expect(computeDeadline(rule('ce_appeal_refere_liberte'), '2025-03-04')).toEqual({
        dueAt: '2025-03-20',
        unmovedDueAt: '2025-03-20',
        basis: {
          fr: 'CJA, art. L. 523-1 : appel devant le Conseil d’État contre l’ordonnance de référé-liberté dans un délai de 15 jours à compter de la notification de l’ordonnance (mardi 4 mars 2025). Délai franc : ni le jour de la notification de l’ordonnance ni celui de l’échéance ne sont comptés ; le délai expire le jeudi 20 mars 2025 à minuit.',
          en: 'CJA, art. L. 523-1: appeal to the Conseil d’État against the référé-liberté order within 15 days from notification of the order (Tuesday 4 March 2025). Délai franc (clear period): neither the day of notification of the order nor the last day is counted; the time limit expires at midnight on Thursday 20 March 2025.',
        },
      });
    });

    it('appeal_ta_judgment: notified 13 May 2025, 2 months = Sunday 13 July, franc + 1 = Monday 14 July (Fête nationale) → Tuesday 15 July', () => {
      expect(computeDeadline(rule('appeal_ta_judgment'), '2025-05-13')).toEqual({
        dueAt: '2025-07-15',
        unmovedDueAt: '2025-07-14',
        basis: {
          fr: 'CJA, art. R. 811-2 : appel du jugement du tribunal administratif devant la cour administrative d’appel de Douai dans un délai de 2 mois à compter de la notification du jugement (mardi 13 mai 2025). Délai franc : ni le jour de la notification du jugement ni celui de l’échéance ne sont comptés ; le délai expire le lundi 14 juillet 2025 à minuit. Le lundi 14 juillet 2025, Fête Nationale de la France, étant férié, l’échéance est reportée au premier jour ouvrable suivant, le mardi 15 juillet 2025.',
          en: 'CJA, art. R. 811-2: appeal to the Douai administrative court of appeal against the administrative court’s judgment within 2 months from notification of the judgment (Tuesday 13 May 2025). Délai franc (clear period): neither the day of notification of the judgment nor the last day is counted; the time limit expires at midnight on Monday 14 July 2025. As Monday 14 July 2025 is a public holiday (Bastille Day), the time limit moves to the next working day, Tuesday 15 July 2025.',
        },
      });
    });

    it('annulment_action: published 6 April 2025, 2 months = 6 June, franc + 1 = Saturday 7 June; Sunday 8, Whit Monday 9 → Tuesday 10 June', () => {
      expect(computeDeadline(rule('annulment_action'), '2025-04-06')).toEqual({
        dueAt: '2025-06-10',
        unmovedDueAt: '2025-06-07',
        basis: {
          fr: 'CJA, art. R. 421-1 : recours en annulation de l’acte administratif dans un délai de 2 mois à compter de la publication (ou de la notification) de l’acte (dimanche 6 avril 2025). Délai franc : ni le jour de la publication (ou de la notification) de l’acte ni celui de l’échéance ne sont comptés ; le délai expire le samedi 7 juin 2025 à minuit. Le samedi 7 juin 2025 étant un samedi, le dimanche 8 juin 2025 étant un dimanche et le lundi 9 juin 2025, Lundi de Pentecôte, étant férié, l’échéance est reportée au premier jour ouvrable suivant, le mardi 10 juin 2025. À noter : le délai ne court contre le requérant que si l’acte mentionne les voies et délais de recours (CJA, art. R. 421-5)',
          en: 'CJA, art. R. 421-1: application to annul the administrative act within 2 months from publication (or notification) of the act (Sunday 6 April 2025). Délai franc (clear period): neither the day of publication (or notification) of the act nor the last day is counted; the time limit expires at midnight on Saturday 7 June 2025. As Saturday 7 June 2025 is a Saturday, Sunday 8 June 2025 is a Sunday and Monday 9 June 2025 is a public holiday (Whit Monday), the time limit moves to the next working day, Tuesday 10 June 2025. Note: the time limit runs against the applicant only if the act states the remedies and time limits (CJA, art. R. 421-5)',
        },
      });
    });

    it('cada_referral_implicit: filed Friday 31 October 2025, + 1 month = 30 November, then + 2 months = Friday 30 January 2026 (not 3 months at once: 31 January)', () => {
      expect(computeDeadline(rule('cada_referral_implicit'), '2025-10-31')).toEqual({
        dueAt: '2026-01-30',
        unmovedDueAt: '2026-01-30',
        basis: {
          fr: 'CRPA, art. R. 311-13 et R. 343-1 : saisine de la CADA après un refus implicite de communication, à compter de la demande de communication (vendredi 31 octobre 2025) : 1 mois (silence de l’administration valant refus implicite), jusqu’au dimanche 30 novembre 2025, puis 2 mois (saisine de la CADA), jusqu’au vendredi 30 janvier 2026. Le jour de la demande de communication n’est pas compté ; le délai expire le vendredi 30 janvier 2026 à minuit.',
          en: 'CRPA, art. R. 311-13 et R. 343-1: referral to the CADA after an implicit refusal to disclose, from the request for disclosure (Friday 31 October 2025): 1 month (the administration’s silence, which amounts to an implicit refusal), until Sunday 30 November 2025, then 2 months (referral to the CADA), until Friday 30 January 2026. The day of the request for disclosure is not counted; the time limit expires at midnight on Friday 30 January 2026.',
        },
      });
    });

    it('cada_referral_explicit: notified 4 March 2025, 2 months = Sunday 4 May → Monday 5 May', () => {
      expect(computeDeadline(rule('cada_referral_explicit'), '2025-03-04')).toEqual({
        dueAt: '2025-05-05',
        unmovedDueAt: '2025-05-04',
        basis: {
          fr: 'CRPA, art. R. 343-1 : saisine de la CADA après un refus explicite de communication dans un délai de 2 mois à compter de la notification du refus (mardi 4 mars 2025). Le jour de la notification du refus n’est pas compté ; le délai expire le dimanche 4 mai 2025 à minuit. Le dimanche 4 mai 2025 étant un dimanche, l’échéance est reportée au premier jour ouvrable suivant, le lundi 5 mai 2025.',
          en: 'CRPA, art. R. 343-1: referral to the CADA after an explicit refusal to disclose within 2 months from notification of the refusal (Tuesday 4 March 2025). The day of notification of the refusal is not counted; the time limit expires at midnight on Sunday 4 May 2025. As Sunday 4 May 2025 is a Sunday, the time limit moves to the next working day, Monday 5 May 2025.',
        },
      });
    });

    it('civil_party_complaint_opens: filed 1 August 2024, 3 months = Friday 1 November (Toussaint); Saturday, Sunday → Monday 4 November', () => {
      expect(computeDeadline(rule('civil_party_complaint_opens'), '2024-08-01')).toEqual({
        dueAt: '2024-11-04',
        unmovedDueAt: '2024-11-01',
        basis: {
          fr: 'CPP, art. 85 : plainte avec constitution de partie civile recevable à l’expiration d’un délai de 3 mois à compter du dépôt de la plainte (jeudi 1er août 2024). Le jour du dépôt de la plainte n’est pas compté ; le délai expire le vendredi 1er novembre 2024 à minuit. Le vendredi 1er novembre 2024, Toussaint, étant férié, le samedi 2 novembre 2024 étant un samedi et le dimanche 3 novembre 2024 étant un dimanche, la date est reportée au premier jour ouvrable suivant, le lundi 4 novembre 2024. À noter : la plainte avec constitution de partie civile est recevable plus tôt si le procureur fait savoir qu’il n’engagera pas de poursuites, et sans délai pour un crime (CPP, art. 85, al. 2).',
          en: "CPP, art. 85: complaint with civil-party claim admissible once 3 months have passed since the filing of the complaint (Thursday 1 August 2024). The day of the filing of the complaint is not counted; the period expires at midnight on Friday 1 November 2024. As Friday 1 November 2024 is a public holiday (All Saints' Day), Saturday 2 November 2024 is a Saturday and Sunday 3 November 2024 is a Sunday, the date moves to the next working day, Monday 4 November 2024. Note: the complaint with civil-party claim is admissible earlier if the prosecutor states that he will not prosecute, and at once for a crime (CPP, art. 85, para. 2).",
        },
      });
    });

    it('echr_application: notified Thursday 6 March 2025, 4 months = Sunday 6 July 2025, which does not move', () => {
      expect(computeDeadline(rule('echr_application'), '2025-03-06')).toEqual({
        dueAt: '2025-07-06',
        unmovedDueAt: '2025-07-06',
        basis: {
          fr: 'Conv. EDH, art. 35 § 1, et Protocole n° 15, art. 4 : requête devant la Cour européenne des droits de l’homme dans un délai de 4 mois à compter de la notification de la décision interne définitive (jeudi 6 mars 2025). Le jour de la notification de la décision interne définitive n’est pas compté ; le délai expire le dimanche 6 juillet 2025 à minuit. Le dimanche 6 juillet 2025 est un dimanche, mais l’échéance n’est pas reportée : la Cour ne proroge pas un délai qui expire un samedi, un dimanche ou un jour férié (CEDH, Grande Chambre, Sabri Güneş c. Turquie, 29 juin 2012, n° 27396/06).',
          en: 'Conv. EDH, art. 35 § 1, et Protocole n° 15, art. 4: application to the European Court of Human Rights within 4 months from notification of the final domestic decision (Thursday 6 March 2025). The day of notification of the final domestic decision is not counted; the time limit expires at midnight on Sunday 6 July 2025. Sunday 6 July 2025 is a Sunday, but the time limit does not move: the Court does not extend a time limit that ends on a Saturday, a Sunday or a public holiday (ECtHR, Grand Chamber, Sabri Güneş v. Turkey, 29 June 2012, no. 27396/06).',
        },
      });
    });

    it('fine_contest: sent Monday 17 March 2025, 45 days (14 left in March, 30 in April, 1 in May) = Thursday 1 May → Friday 2 May', () => {
      expect(computeDeadline(rule('fine_contest'), '2025-03-17')).toEqual({
        dueAt: '2025-05-02',
        unmovedDueAt: '2025-05-01',
        basis: {
          fr: 'CPP, art. 529-1 et 529-2 : requête en exonération de l’amende forfaitaire dans un délai de 45 jours à compter de l’envoi de l’avis de contravention (lundi 17 mars 2025). Le jour de l’envoi de l’avis de contravention n’est pas compté ; le délai expire le jeudi 1er mai 2025 à minuit. Le jeudi 1er mai 2025, Fête du travail, étant férié, l’échéance est reportée au premier jour ouvrable suivant, le vendredi 2 mai 2025.',
          en: 'CPP, art. 529-1 et 529-2: request for exemption from the fixed fine within 45 days from the sending of the notice of the offence (Monday 17 March 2025). The day of the sending of the notice of the offence is not counted; the time limit expires at midnight on Thursday 1 May 2025. As Thursday 1 May 2025 is a public holiday (Labour Day), the time limit moves to the next working day, Friday 2 May 2025.',
        },
      });
    });

    it('misdemeanour_limitation: offence on 11 November 2019, 6 years = Tuesday 11 November 2025 (Armistice) → Wednesday 12 November', () => {
      expect(computeDeadline(rule('misdemeanour_limitation'), '2019-11-11')).toEqual({
        dueAt: '2025-11-12',
        unmovedDueAt: '2025-11-11',
        basis: {
          fr: 'CPP, art. 8 : mise en mouvement de l’action publique pour un délit dans un délai de 6 ans à compter de la commission de l’infraction (lundi 11 novembre 2019). Le jour de la commission de l’infraction n’est pas compté ; le délai expire le mardi 11 novembre 2025 à minuit. Le mardi 11 novembre 2025, Armistice 1918, étant férié, l’échéance est reportée au premier jour ouvrable suivant, le mercredi 12 novembre 2025. À noter : le calcul ne tient compte ni des actes qui interrompent la prescription (CPP, art. 9-2), ni de sa suspension (art. 9-3), ni du report du point de départ des infractions occultes ou dissimulées (art. 9-1).',
          en: 'CPP, art. 8: setting in motion the prosecution of a délit (misdemeanour) within 6 years from the offence (Monday 11 November 2019). The day of the offence is not counted; the time limit expires at midnight on Tuesday 11 November 2025. As Tuesday 11 November 2025 is a public holiday (Armistice Day), the time limit moves to the next working day, Wednesday 12 November 2025. Note: the computation does not take into account acts that interrupt the limitation period (CPP, art. 9-2), its suspension (art. 9-3), or the later starting point of hidden or concealed offences (art. 9-1).',
        },
      });
    });
  });

  describe('moving off weekends and holidays', () => {
    it.each([
      [
        '8 May: 24 March 2025 + 45 days = Thursday 8 May → Friday 9 May',
        'fine_contest',
        '2025-03-24',
        '2025-05-08',
        '2025-05-09',
        'Fête de la Victoire 1945',
      ],
      [
        'Ascension: 29 March 2025 + 2 months = Thursday 29 May → Friday 30 May',
        'cada_referral_explicit',
        '2025-03-29',
        '2025-05-29',
        '2025-05-30',
        'Ascension',
      ],
      [
        'Easter Monday: 3 April 2025 + 15 days = 18 April, franc + 1 = Saturday 19 April; Sunday 20, Easter Monday 21 → Tuesday 22 April',
        'ce_appeal_refere_liberte',
        '2025-04-03',
        '2025-04-19',
        '2025-04-22',
        'Lundi de Pâques',
      ],
      [
        '15 August on a Friday: 15 June 2025 + 2 months = Friday 15 August; Saturday, Sunday → Monday 18 August',
        'cada_referral_explicit',
        '2025-06-15',
        '2025-08-15',
        '2025-08-18',
        'Assomption',
      ],
      [
        'Christmas on a Thursday: 10 November 2025 + 45 days (20 + 25) = Thursday 25 December → Friday 26 December',
        'fine_contest',
        '2025-11-10',
        '2025-12-25',
        '2025-12-26',
        'Noël',
      ],
      [
        'Christmas on a Friday: 10 November 2026 + 45 days = Friday 25 December; Saturday, Sunday → Monday 28 December',
        'fine_contest',
        '2026-11-10',
        '2026-12-25',
        '2026-12-28',
        'Noël',
      ],
      [
        '1 January across the year end: 16 December 2025 + 15 days = 31 December, franc + 1 = Thursday 1 January 2026 → Friday 2 January',
        'ce_appeal_refere_liberte',
        '2025-12-16',
        '2026-01-01',
        '2026-01-02',
        'Nouvel An',
      ],
    ])('%s', (_name, code, startsOn, unmovedDueAt, dueAt, holiday) => {
      const computed = computeDeadline(rule(code), startsOn);
      expect(computed.unmovedDueAt).toBe(unmovedDueAt);
      expect(computed.dueAt).toBe(dueAt);
      expect(computed.basis.fr).toContain(`, ${holiday}, étant férié`);
    });

    it('names each of the three days passed over when Christmas falls on a Friday, in both languages', () => {
      const { basis } = computeDeadline(rule('fine_contest'), '2026-11-10');
      expect(basis.fr).toContain(
        'Le vendredi 25 décembre 2026, Noël, étant férié, le samedi 26 décembre 2026 étant un samedi et le dimanche 27 décembre 2026 étant un dimanche, l’échéance est reportée au premier jour ouvrable suivant, le lundi 28 décembre 2026.',
      );
      expect(basis.en).toContain(
        'As Friday 25 December 2026 is a public holiday (Christmas Day), Saturday 26 December 2026 is a Saturday and Sunday 27 December 2026 is a Sunday, the time limit moves to the next working day, Monday 28 December 2026.',
      );
    });

    it('writes the first of the month « 1er » in French and "1" in English', () => {
      const { basis } = computeDeadline(rule('ce_appeal_refere_liberte'), '2025-12-16');
      expect(basis.fr).toContain(
        'le délai expire le jeudi 1er janvier 2026 à minuit. Le jeudi 1er janvier 2026, Nouvel An, étant férié',
      );
      expect(basis.en).toContain("Thursday 1 January 2026 is a public holiday (New Year's Day)");
    });
  });

  describe('the ECHR time limit never moves', () => {
    it('stays on Monday 14 July 2025 (a holiday): 14 March 2025 + 4 months', () => {
      const computed = computeDeadline(rule('echr_application'), '2025-03-14');
      expect(computed.dueAt).toBe('2025-07-14');
      expect(computed.basis.fr).toContain(
        'Le lundi 14 juillet 2025 est férié (Fête Nationale de la France), mais l’échéance n’est pas reportée : la Cour ne proroge pas',
      );
    });

    it('says, on a working day, that it would not move and why', () => {
      const computed = computeDeadline(rule('echr_application'), '2025-03-04');
      expect(computed.dueAt).toBe('2025-07-04');
      expect(computed.basis.fr).toContain(
        'L’échéance ne serait pas reportée si elle tombait un samedi, un dimanche ou un jour férié : la Cour ne proroge pas',
      );
      expect(computed.basis.en).toContain(
        'The time limit would not move if it fell on a Saturday, a Sunday or a public holiday: the Court does not extend',
      );
    });
  });

  describe('months at the end of a month', () => {
    it('CADA from 31 January 2024 (leap year): 29 February, then Monday 29 April 2024', () => {
      const { dueAt, basis } = computeDeadline(rule('cada_referral_implicit'), '2024-01-31');
      expect(dueAt).toBe('2024-04-29');
      expect(basis.fr).toContain('jusqu’au jeudi 29 février 2024');
    });

    it('CADA from 31 January 2025 (common year): 28 February, then Monday 28 April 2025', () => {
      const { dueAt, basis } = computeDeadline(rule('cada_referral_implicit'), '2025-01-31');
      expect(dueAt).toBe('2025-04-28');
      expect(basis.fr).toContain('jusqu’au vendredi 28 février 2025');
    });

    it('franc from 31 December 2024: 31 February does not exist, so 28 February; + 1 = Saturday 1 March → Monday 3 March 2025', () => {
      expect(computeDeadline(rule('appeal_ta_judgment'), '2024-12-31')).toMatchObject({
        unmovedDueAt: '2025-03-01',
        dueAt: '2025-03-03',
      });
    });
  });

  describe('counting', () => {
    const adHoc = (
      counting: DeadlineRule['counting'],
      amount: number,
      unit: 'days' | 'months',
    ): DeadlineRule => ({
      ...rule('fine_contest'),
      code: 'ad_hoc',
      counting,
      steps: [{ amount, unit, label: { fr: 'essai', en: 'test' } }],
    });

    it('next_day: 10 days after Tuesday 4 March 2025 is Friday 14 March', () => {
      expect(computeDeadline(adHoc('next_day', 10, 'days'), '2025-03-04').dueAt).toBe('2025-03-14');
    });

    it('same_day: 10 days with 4 March as day one end on Thursday 13 March', () => {
      const computed = computeDeadline(adHoc('same_day', 10, 'days'), '2025-03-04');
      expect(computed.dueAt).toBe('2025-03-13');
      expect(computed.basis.fr).toContain(
        'Le jour de l’envoi de l’avis de contravention compte pour le premier jour',
      );
      expect(computed.basis.en).toContain(
        'The day of the sending of the notice of the offence counts as the first day',
      );
    });

    it('same_day: 1 month from 15 January 2025 ends on Friday 14 February', () => {
      expect(computeDeadline(adHoc('same_day', 1, 'months'), '2025-01-15').dueAt).toBe('2025-02-14');
    });

    it('franc: 10 days after Tuesday 4 March 2025, plus the last day not counted, is Saturday 15 March → Monday 17 March', () => {
      expect(computeDeadline(adHoc('franc', 10, 'days'), '2025-03-04')).toMatchObject({
        unmovedDueAt: '2025-03-15',
        dueAt: '2025-03-17',
      });
    });

    it('franc in months: 2 months from 4 March 2025 is 4 May + 1 = Monday 5 May', () => {
      expect(computeDeadline(rule('appeal_ta_judgment'), '2025-03-04').dueAt).toBe('2025-05-05');
    });
  });

  it.each([['2025-02-29'], ['2025-3-4'], ['04/03/2025'], ['']])(
    'refuses the malformed start date %j',
    (date) => {
      expect(() => computeDeadline(rule('fine_contest'), date)).toThrow(RangeError);
    },
  );
});

describe('describeRule', () => {
  it.each(DEADLINE_RULES.map((r) => [r.code, r] as const))('describes %s in both languages', (_code, r) => {
    const { description, trigger } = describeRule(r);
    expect(description.fr.length).toBeGreaterThan(40);
    expect(description.en.length).toBeGreaterThan(40);
    expect(description.fr).toContain(r.citation);
    expect(description.en).toContain(r.citation);
    // General words only: no weekday, since a weekday only comes with a date.
    expect(description.fr).not.toMatch(/\b(lundi|mardi|mercredi|jeudi|vendredi)\b/);
    expect(description.en).not.toMatch(/\b(Monday|Tuesday|Wednesday|Thursday|Friday)\b/);
    if (r.triggers.length === 0) {
      expect(trigger).toBeNull();
    } else {
      expect(trigger?.fr).toMatch(/^Calculée d’office à partir de /);
      expect(trigger?.en).toMatch(/^Computed automatically from /);
    }
  });

  it('describes the référé-liberté appeal and its trigger exactly', () => {
    expect(describeRule(rule('ce_appeal_refere_liberte'))).toEqual({
      description: {
        fr: 'Appel devant le Conseil d’État contre l’ordonnance de référé-liberté dans un délai de 15 jours à compter de la notification de l’ordonnance (CJA, art. L. 523-1). Délai franc : ni le jour de la notification de l’ordonnance ni celui de l’échéance ne sont comptés. Une échéance tombant un samedi, un dimanche ou un jour férié est reportée au premier jour ouvrable suivant.',
        en: 'Appeal to the Conseil d’État against the référé-liberté order within 15 days from notification of the order (CJA, art. L. 523-1). Délai franc (clear period): neither the day of notification of the order nor the last day is counted. A time limit that falls on a Saturday, a Sunday or a public holiday moves to the next working day.',
      },
      trigger: {
        fr: 'Calculée d’office à partir de la date de notification d’un événement « Décision » (procédure « Référé-liberté » ; juridiction « Tribunal administratif de Lille »).',
        en: 'Computed automatically from the notification date of an event “Decision” (procedure “Référé-liberté (fundamental freedom)”; forum “Administrative court, Lille”).',
      },
    });
  });

  it('says that the ECHR time limit does not move, and why', () => {
    const { description } = describeRule(rule('echr_application'));
    expect(description.fr).toContain(
      'L’échéance n’est pas reportée au premier jour ouvrable suivant : la Cour ne proroge pas',
    );
    expect(description.en).toContain(
      'The time limit does not move to the next working day: the Court does not extend',
    );
  });

  it('names the challenged act and both procedures for the annulment action', () => {
    expect(describeRule(rule('annulment_action')).trigger).toEqual({
      fr: 'Calculée d’office à partir de la date de publication de l’acte contesté (procédure « Recours en annulation » ou « Référé-suspension »).',
      en: 'Computed automatically from the publication date of the challenged act (procedure “Application for annulment” or “Référé-suspension (suspension)”).',
    });
  });
});

describe('rulesStartedBy', () => {
  const decision = (notifiedOn: string | null, outcome: LegalOutcome | null = 'rejected'): TriggerSource => ({
    source: 'event',
    kind: 'decision',
    date: '2025-03-03',
    notifiedOn,
    outcome,
  });
  const event = (kind: LegalEventKind, date: string): TriggerSource => ({
    source: 'event',
    kind,
    date,
    notifiedOn: null,
    outcome: null,
  });
  const started = (procedure: LegalProcedure, forum: LegalForum, source: TriggerSource) =>
    rulesStartedBy({ procedure, forum }, source).map(({ rule: r, startsOn }) => [r.code, startsOn]);

  it('a notified référé-liberté order of the TA de Lille starts the appeal to the Conseil d’État, from its notification', () => {
    expect(started('refere_liberte', 'ta_lille', decision('2025-03-04'))).toEqual([
      ['ce_appeal_refere_liberte', '2025-03-04'],
    ]);
  });

  it('a decision not yet notified starts nothing', () => {
    expect(started('refere_liberte', 'ta_lille', decision(null))).toEqual([]);
    expect(started('cada_request', 'cada', decision(null))).toEqual([]);
  });

  it('a référé-liberté order before another forum starts nothing', () => {
    expect(started('refere_liberte', 'caa_douai', decision('2025-03-04'))).toEqual([]);
  });

  it('a notified judgment on an annulment application at the TA de Lille starts the appeal to the CAA', () => {
    expect(started('recours_annulation', 'ta_lille', decision('2025-03-04', 'granted'))).toEqual([
      ['appeal_ta_judgment', '2025-03-04'],
    ]);
  });

  it.each([['recours_annulation'], ['refere_suspension']] as const)(
    'the publication of the act challenged by a %s case starts the annulment action',
    (procedure) => {
      expect(started(procedure, 'ta_lille', { source: 'challenged_act', publishedOn: '2025-04-06' })).toEqual(
        [['annulment_action', '2025-04-06']],
      );
    },
  );

  it('a challenged act without its publication date, or in a référé-liberté, starts nothing', () => {
    expect(
      started('recours_annulation', 'ta_lille', { source: 'challenged_act', publishedOn: null }),
    ).toEqual([]);
    expect(
      started('refere_liberte', 'ta_lille', { source: 'challenged_act', publishedOn: '2025-04-06' }),
    ).toEqual([]);
  });

  it('a CADA request starts the implicit-refusal referral from the day it is filed', () => {
    expect(started('cada_request', 'cada', event('filing', '2025-10-31'))).toEqual([
      ['cada_referral_implicit', '2025-10-31'],
    ]);
  });

  it('only a rejection of a CADA request starts the explicit-refusal referral, from its notification', () => {
    expect(started('cada_request', 'other', decision('2025-03-04', 'rejected'))).toEqual([
      ['cada_referral_explicit', '2025-03-04'],
    ]);
    expect(started('cada_request', 'other', decision('2025-03-04', 'granted'))).toEqual([]);
    expect(started('cada_request', 'other', decision('2025-03-04', null))).toEqual([]);
  });

  it('a criminal complaint, when filed, starts the wait for the civil-party complaint', () => {
    expect(started('criminal_complaint', 'parquet_boulogne', event('filing', '2025-03-04'))).toEqual([
      ['civil_party_complaint_opens', '2025-03-04'],
    ]);
    expect(started('criminal_complaint', 'parquet_boulogne', event('hearing', '2025-03-04'))).toEqual([]);
  });

  it('a notified decision of the Conseil d’État starts the ECHR application, whatever the procedure', () => {
    expect(started('appeal', 'conseil_etat', decision('2025-03-06', 'rejected'))).toEqual([
      ['echr_application', '2025-03-06'],
    ]);
    expect(started('refere_liberte', 'conseil_etat', decision('2025-03-06', 'dismissed'))).toEqual([
      ['echr_application', '2025-03-06'],
    ]);
  });

  it('the notice of a fixed fine starts the contest from the day of the notification event', () => {
    expect(started('fine_contest', 'tribunal_police', event('notification', '2025-03-17'))).toEqual([
      ['fine_contest', '2025-03-17'],
    ]);
    expect(started('fine_contest', 'tribunal_police', event('filing', '2025-03-17'))).toEqual([]);
  });

  it('never starts the limitation period, which is applied by hand', () => {
    const sources: TriggerSource[] = [
      { source: 'challenged_act', publishedOn: '2025-03-04' },
      ...LEGAL_EVENT_KINDS.codes.flatMap((kind) =>
        [null, ...LEGAL_OUTCOMES.codes].map((outcome): TriggerSource => ({
          source: 'event',
          kind,
          date: '2025-03-03',
          notifiedOn: '2025-03-04',
          outcome,
        })),
      ),
    ];
    const codes = new Set<string>();
    for (const procedure of LEGAL_PROCEDURES.codes) {
      for (const forum of LEGAL_FORUMS.codes) {
        for (const source of sources) {
          for (const { rule: r } of rulesStartedBy({ procedure, forum }, source)) codes.add(r.code);
        }
      }
    }
    expect([...codes].sort()).toEqual(
      DEADLINE_RULES.map((r) => r.code)
        .filter((code) => code !== 'misdemeanour_limitation')
        .sort(),
    );
  });

  it('refuses a malformed date on a source that starts a rule', () => {
    expect(() =>
      rulesStartedBy({ procedure: 'refere_liberte', forum: 'ta_lille' }, decision('04/03/2025')),
    ).toThrow(RangeError);
  });
});
