import type { Bilingual } from '../records';
import type { LegalEventKind, LegalForum, LegalOutcome, LegalProcedure } from '../vocabularies';

export type PeriodUnit = 'days' | 'months' | 'years';

/**
 * How the start day and the last day count:
 *  'next_day'  the day of the starting act is not counted (CPC art. 641; CPP art. 801): n days after
 *              4 March is 4+n March; n months after 31 Jan is the same-numbered day (clamped).
 *  'same_day'  the starting day counts as day one: due = start + n days - 1 (or + n months - 1 day).
 *  'franc'     délai franc (administrative courts): neither the starting day nor the last day counts:
 *              due = start + n (days or months, as next_day) + 1 day.
 */
export type Counting = 'next_day' | 'same_day' | 'franc';

export interface PeriodStep {
  amount: number;
  unit: PeriodUnit;
  /** What this step is, e.g. « silence de l’administration valant refus implicite ». */
  label: Bilingual;
}

export interface RuleTrigger {
  source: 'event' | 'challenged_act';
  /** For source 'event': the event kinds that start it. */
  eventKinds?: readonly LegalEventKind[];
  /** Which date of the source starts the period: an event's `date` or its `notifiedOn`; the act's `publishedOn`. */
  date: 'date' | 'notifiedOn' | 'publishedOn';
  /** Only for cases of these procedures / before these forums (absent: any). */
  procedures?: readonly LegalProcedure[];
  forums?: readonly LegalForum[];
  /** Only for events with one of these outcomes (decisions). */
  outcomes?: readonly LegalOutcome[];
}

export interface DeadlineRule {
  /** snake_case and stable: stored in the database. */
  code: string;
  /** What must be done by the date. */
  title: Bilingual;
  /** The text the rule applies, e.g. 'CJA, art. L. 523-1'. */
  citation: string;
  /** A time limit to act, or the first day an act becomes possible. */
  nature: 'deadline' | 'earliest';
  /** What the period runs from, as it reads after « à compter de » / "from". */
  startsFrom: Bilingual;
  /** Applied in order from the start date; only the last date is moved to a working day. */
  steps: readonly PeriodStep[];
  counting: Counting;
  /** A last day on a Saturday, Sunday or public holiday moves to the next working day. */
  movesToWorkingDay: boolean;
  /** What the computation leaves out, e.g. why a rule does not move to a working day. */
  note?: Bilingual;
  /** Empty: the rule is only applied by hand, with a start date. */
  triggers: readonly RuleTrigger[];
}

/*
 * The starting set of DESIGN §3. Each rule waits for the legal team's confirmation, which is stored
 * with the rule's code, not here. Wording of `startsFrom` and `label`: French with its article, so
 * that the texts can say « à compter de la notification… » and « le jour de la notification… ».
 */
export const DEADLINE_RULES: readonly DeadlineRule[] = [
  {
    code: 'ce_appeal_refere_liberte',
    title: {
      fr: 'Appel devant le Conseil d’État contre l’ordonnance de référé-liberté',
      en: 'Appeal to the Conseil d’État against the référé-liberté order',
    },
    citation: 'CJA, art. L. 523-1',
    nature: 'deadline',
    startsFrom: { fr: 'la notification de l’ordonnance', en: 'notification of the order' },
    steps: [{ amount: 15, unit: 'days', label: { fr: 'appel', en: 'appeal' } }],
    counting: 'franc',
    movesToWorkingDay: true,
    triggers: [
      {
        source: 'event',
        eventKinds: ['decision'],
        date: 'notifiedOn',
        procedures: ['refere_liberte'],
        forums: ['ta_lille'],
      },
    ],
  },
  {
    code: 'appeal_ta_judgment',
    title: {
      fr: 'Appel du jugement du tribunal administratif devant la cour administrative d’appel de Douai',
      en: 'Appeal to the Douai administrative court of appeal against the administrative court’s judgment',
    },
    citation: 'CJA, art. R. 811-2',
    nature: 'deadline',
    startsFrom: { fr: 'la notification du jugement', en: 'notification of the judgment' },
    steps: [{ amount: 2, unit: 'months', label: { fr: 'appel', en: 'appeal' } }],
    counting: 'franc',
    movesToWorkingDay: true,
    triggers: [
      {
        source: 'event',
        eventKinds: ['decision'],
        date: 'notifiedOn',
        procedures: ['recours_annulation'],
        forums: ['ta_lille'],
      },
    ],
  },
  {
    code: 'annulment_action',
    title: {
      fr: 'Recours en annulation de l’acte administratif',
      en: 'Application to annul the administrative act',
    },
    citation: 'CJA, art. R. 421-1',
    nature: 'deadline',
    startsFrom: {
      fr: 'la publication (ou de la notification) de l’acte',
      en: 'publication (or notification) of the act',
    },
    steps: [
      { amount: 2, unit: 'months', label: { fr: 'recours contentieux', en: 'application to the court' } },
    ],
    counting: 'franc',
    movesToWorkingDay: true,
    note: {
      fr: 'le délai ne court contre le requérant que si l’acte mentionne les voies et délais de recours (CJA, art. R. 421-5)',
      en: 'the time limit runs against the applicant only if the act states the remedies and time limits (CJA, art. R. 421-5)',
    },
    triggers: [
      {
        source: 'challenged_act',
        date: 'publishedOn',
        procedures: ['recours_annulation', 'refere_suspension'],
      },
    ],
  },
  {
    code: 'cada_referral_implicit',
    title: {
      fr: 'Saisine de la CADA après un refus implicite de communication',
      en: 'Referral to the CADA after an implicit refusal to disclose',
    },
    citation: 'CRPA, art. R. 311-13 et R. 343-1',
    nature: 'deadline',
    startsFrom: { fr: 'la demande de communication', en: 'the request for disclosure' },
    steps: [
      {
        amount: 1,
        unit: 'months',
        label: {
          fr: 'silence de l’administration valant refus implicite',
          en: 'the administration’s silence, which amounts to an implicit refusal',
        },
      },
      { amount: 2, unit: 'months', label: { fr: 'saisine de la CADA', en: 'referral to the CADA' } },
    ],
    counting: 'next_day',
    movesToWorkingDay: true,
    triggers: [{ source: 'event', eventKinds: ['filing'], date: 'date', procedures: ['cada_request'] }],
  },
  {
    code: 'cada_referral_explicit',
    title: {
      fr: 'Saisine de la CADA après un refus explicite de communication',
      en: 'Referral to the CADA after an explicit refusal to disclose',
    },
    citation: 'CRPA, art. R. 343-1',
    nature: 'deadline',
    startsFrom: { fr: 'la notification du refus', en: 'notification of the refusal' },
    steps: [{ amount: 2, unit: 'months', label: { fr: 'saisine de la CADA', en: 'referral to the CADA' } }],
    counting: 'next_day',
    movesToWorkingDay: true,
    triggers: [
      {
        source: 'event',
        eventKinds: ['decision'],
        date: 'notifiedOn',
        procedures: ['cada_request'],
        outcomes: ['rejected'],
      },
    ],
  },
  {
    code: 'civil_party_complaint_opens',
    title: {
      fr: 'Plainte avec constitution de partie civile recevable',
      en: 'Complaint with civil-party claim admissible',
    },
    citation: 'CPP, art. 85',
    nature: 'earliest',
    startsFrom: { fr: 'le dépôt de la plainte', en: 'the filing of the complaint' },
    steps: [
      {
        amount: 3,
        unit: 'months',
        label: { fr: 'attente de la décision du parquet', en: 'waiting for the prosecutor’s decision' },
      },
    ],
    counting: 'next_day',
    movesToWorkingDay: true,
    note: {
      fr: 'la plainte avec constitution de partie civile est recevable plus tôt si le procureur fait savoir qu’il n’engagera pas de poursuites, et sans délai pour un crime (CPP, art. 85, al. 2).',
      en: 'the complaint with civil-party claim is admissible earlier if the prosecutor states that he will not prosecute, and at once for a crime (CPP, art. 85, para. 2).',
    },
    triggers: [{ source: 'event', eventKinds: ['filing'], date: 'date', procedures: ['criminal_complaint'] }],
  },
  {
    code: 'echr_application',
    title: {
      fr: 'Requête devant la Cour européenne des droits de l’homme',
      en: 'Application to the European Court of Human Rights',
    },
    citation: 'Conv. EDH, art. 35 § 1, et Protocole n° 15, art. 4',
    nature: 'deadline',
    startsFrom: {
      fr: 'la notification de la décision interne définitive',
      en: 'notification of the final domestic decision',
    },
    steps: [{ amount: 4, unit: 'months', label: { fr: 'requête', en: 'application' } }],
    counting: 'next_day',
    movesToWorkingDay: false,
    note: {
      fr: 'la Cour ne proroge pas un délai qui expire un samedi, un dimanche ou un jour férié (CEDH, Grande Chambre, Sabri Güneş c. Turquie, 29 juin 2012, n° 27396/06).',
      en: 'the Court does not extend a time limit that ends on a Saturday, a Sunday or a public holiday (ECtHR, Grand Chamber, Sabri Güneş v. Turkey, 29 June 2012, no. 27396/06).',
    },
    triggers: [{ source: 'event', eventKinds: ['decision'], date: 'notifiedOn', forums: ['conseil_etat'] }],
  },
  {
    code: 'fine_contest',
    title: {
      fr: 'Requête en exonération de l’amende forfaitaire',
      en: 'Request for exemption from the fixed fine',
    },
    citation: 'CPP, art. 529-1 et 529-2',
    nature: 'deadline',
    startsFrom: { fr: 'l’envoi de l’avis de contravention', en: 'the sending of the notice of the offence' },
    steps: [{ amount: 45, unit: 'days', label: { fr: 'contestation', en: 'contest' } }],
    counting: 'next_day',
    movesToWorkingDay: true,
    triggers: [{ source: 'event', eventKinds: ['notification'], date: 'date', procedures: ['fine_contest'] }],
  },
  {
    code: 'misdemeanour_limitation',
    title: {
      fr: 'Mise en mouvement de l’action publique pour un délit',
      en: 'Setting in motion the prosecution of a délit (misdemeanour)',
    },
    citation: 'CPP, art. 8',
    nature: 'deadline',
    startsFrom: { fr: 'la commission de l’infraction', en: 'the offence' },
    steps: [{ amount: 6, unit: 'years', label: { fr: 'prescription', en: 'limitation period' } }],
    counting: 'next_day',
    movesToWorkingDay: true,
    note: {
      fr: 'le calcul ne tient compte ni des actes qui interrompent la prescription (CPP, art. 9-2), ni de sa suspension (art. 9-3), ni du report du point de départ des infractions occultes ou dissimulées (art. 9-1).',
      en: 'the computation does not take into account acts that interrupt the limitation period (CPP, art. 9-2), its suspension (art. 9-3), or the later starting point of hidden or concealed offences (art. 9-1).',
    },
    triggers: [],
  },
];

const RULES_BY_CODE = new Map(DEADLINE_RULES.map((rule) => [rule.code, rule]));

/** The rule stored under `code`, if it still exists. */
export function deadlineRule(code: string): DeadlineRule | undefined {
  return RULES_BY_CODE.get(code);
}
