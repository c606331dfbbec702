import type { Bilingual } from '../records';
import type { Lang } from '../vocabulary';
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
import type { DeadlineRule, PeriodStep, RuleTrigger } from './deadline-rules';
import { DEADLINE_RULES } from './deadline-rules';
import { nextWorkingDay, type NonWorkingReason } from './french-calendar';
import { addDays, addMonths, addYears, assertLocalDate } from './local-dates';

export interface ComputedDeadline {
  /** The last day, after moving to a working day when the rule says so. */
  dueAt: string;
  /** The last day before moving. */
  unmovedDueAt: string;
  /** The citation and the computation in words, with its dates, complete enough to check by hand. */
  basis: Bilingual;
}

export interface TriggerCase {
  procedure: LegalProcedure;
  forum: LegalForum;
}

export type TriggerSource =
  | {
      source: 'event';
      kind: LegalEventKind;
      date: string;
      notifiedOn: string | null;
      outcome: LegalOutcome | null;
    }
  | { source: 'challenged_act'; publishedOn: string | null };

const LANGS: readonly Lang[] = ['fr', 'en'];

const DATE_IN_WORDS: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};

/** « jeudi 1er mai 2025 », "Thursday 1 May 2025". */
function dateInWords(date: string, lang: Lang): string {
  const parts = DATE_IN_WORDS[lang].formatToParts(new Date(`${date}T00:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // French writes the first of the month as an ordinal; the parts are reassembled so that the
  // punctuation does not depend on the ICU version (some put a comma after the English weekday).
  const day = lang === 'fr' && part('day') === '1' ? '1er' : part('day');
  return `${part('weekday')} ${day} ${part('month')} ${part('year')}`;
}

const UNIT_WORDS: Record<Lang, Record<PeriodStep['unit'], [one: string, many: string]>> = {
  fr: { days: ['jour', 'jours'], months: ['mois', 'mois'], years: ['an', 'ans'] },
  en: { days: ['day', 'days'], months: ['month', 'months'], years: ['year', 'years'] },
};

function periodInWords(step: PeriodStep, lang: Lang): string {
  const [one, many] = UNIT_WORDS[lang][step.unit];
  return `${step.amount} ${step.amount === 1 ? one : many}`;
}

/** French « de » before a noun phrase, contracted with its article: « du dépôt », « de la notification ». */
function deFr(phrase: string): string {
  if (phrase.startsWith('le ')) return `du ${phrase.slice(3)}`;
  if (phrase.startsWith('les ')) return `des ${phrase.slice(4)}`;
  return `de ${phrase}`;
}

/** A title inside a sentence: « Appel… » becomes « appel… », an acronym such as « CADA » stays. */
function inSentence(title: string): string {
  const [first = '', second = ''] = title;
  return second !== second.toLowerCase() ? title : first.toLowerCase() + title.slice(1);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function listInWords(items: readonly string[], lang: Lang, or = false): string {
  const conjunction = lang === 'fr' ? (or ? ' ou ' : ' et ') : or ? ' or ' : ' and ';
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${conjunction}${items[items.length - 1]}`;
}

function stepEnd(from: string, step: PeriodStep): string {
  switch (step.unit) {
    case 'days':
      return addDays(from, step.amount);
    case 'months':
      return addMonths(from, step.amount);
    case 'years':
      return addYears(from, step.amount);
  }
}

/**
 * What must be done and within which period, from what: « appel … dans un délai de 15 jours à compter de
 * la notification de l’ordonnance (mardi 4 mars 2025) ». Without `startsOn`, the general words of the rule.
 */
function periodSentence(
  rule: DeadlineRule,
  startsOn: string | null,
  stepEnds: readonly string[],
  lang: Lang,
): string {
  const from = rule.startsFrom[lang];
  const startDate = startsOn ? ` (${dateInWords(startsOn, lang)})` : '';
  const title = inSentence(rule.title[lang]);
  if (rule.steps.length === 1) {
    const [step] = rule.steps;
    const period = periodInWords(step, lang);
    if (lang === 'fr') {
      const lead = rule.nature === 'earliest' ? 'à l’expiration d’un délai de' : 'dans un délai de';
      return `${title} ${lead} ${period} à compter ${deFr(from)}${startDate}`;
    }
    if (rule.nature === 'earliest') {
      return `${title} once ${period} ${step.amount === 1 ? 'has' : 'have'} passed since ${from}${startDate}`;
    }
    return `${title} within ${period} from ${from}${startDate}`;
  }
  const steps = rule.steps.map((step, index) => {
    const period = `${periodInWords(step, lang)} (${step.label[lang]})`;
    if (!stepEnds[index]) return period;
    const until = dateInWords(stepEnds[index], lang);
    return lang === 'fr' ? `${period}, jusqu’au ${until}` : `${period}, until ${until}`;
  });
  return lang === 'fr'
    ? `${title}, à compter ${deFr(from)}${startDate} : ${steps.join(', puis ')}`
    : `${title}, from ${from}${startDate}: ${steps.join(', then ')}`;
}

/** Which days count, without the final date. */
function countingSentence(rule: DeadlineRule, lang: Lang): string {
  const from = rule.startsFrom[lang];
  if (lang === 'fr') {
    switch (rule.counting) {
      case 'next_day':
        return `Le jour ${deFr(from)} n’est pas compté`;
      case 'same_day':
        return `Le jour ${deFr(from)} compte pour le premier jour`;
      case 'franc':
        return `Délai franc : ni le jour ${deFr(from)} ni celui de l’échéance ne sont comptés`;
    }
  }
  switch (rule.counting) {
    case 'next_day':
      return `The day of ${from} is not counted`;
    case 'same_day':
      return `The day of ${from} counts as the first day`;
    case 'franc':
      return `Délai franc (clear period): neither the day of ${from} nor the last day is counted`;
  }
}

function nonWorkingInWords(day: NonWorkingReason, lang: Lang): string {
  const date = dateInWords(day.date, lang);
  if (lang === 'fr') {
    switch (day.reason) {
      case 'saturday':
        return `le ${date} étant un samedi`;
      case 'sunday':
        return `le ${date} étant un dimanche`;
      case 'holiday':
        return `le ${date}, ${day.holiday.fr}, étant férié`;
    }
  }
  switch (day.reason) {
    case 'saturday':
      return `${date} is a Saturday`;
    case 'sunday':
      return `${date} is a Sunday`;
    case 'holiday':
      return `${date} is a public holiday (${day.holiday.en})`;
  }
}

/** Why the last day stays where it is, or where it moves to and why. */
function movingSentence(rule: DeadlineRule, unmovedDueAt: string, dueAt: string, lang: Lang): string | null {
  const subjectFr = rule.nature === 'earliest' ? 'la date' : 'l’échéance';
  const subjectEn = rule.nature === 'earliest' ? 'the date' : 'the time limit';
  if (rule.movesToWorkingDay) {
    const { skipped } = nextWorkingDay(unmovedDueAt);
    if (skipped.length === 0) return null;
    const reasons = listInWords(
      skipped.map((day) => nonWorkingInWords(day, lang)),
      lang,
    );
    const moved = dateInWords(dueAt, lang);
    return lang === 'fr'
      ? `${capitalised(reasons)}, ${subjectFr} est reportée au premier jour ouvrable suivant, le ${moved}.`
      : `As ${reasons}, ${subjectEn} moves to the next working day, ${moved}.`;
  }
  const why = rule.note ? ` : ${rule.note.fr}` : '.';
  const whyEn = rule.note ? `: ${rule.note.en}` : '.';
  const nonWorking = nonWorkingDay(unmovedDueAt);
  if (nonWorking) {
    const date = dateInWords(unmovedDueAt, lang);
    if (lang === 'fr') {
      const what =
        nonWorking.reason === 'holiday'
          ? `férié (${nonWorking.holiday.fr})`
          : `un ${nonWorking.reason === 'saturday' ? 'samedi' : 'dimanche'}`;
      return `Le ${date} est ${what}, mais ${subjectFr} n’est pas reportée${why}`;
    }
    const what =
      nonWorking.reason === 'holiday'
        ? `a public holiday (${nonWorking.holiday.en})`
        : `a ${nonWorking.reason === 'saturday' ? 'Saturday' : 'Sunday'}`;
    return `${date} is ${what}, but ${subjectEn} does not move${whyEn}`;
  }
  return lang === 'fr'
    ? `${capitalised(subjectFr)} ne serait pas reportée si elle tombait un samedi, un dimanche ou un jour férié${why}`
    : `${capitalised(subjectEn)} would not move if it fell on a Saturday, a Sunday or a public holiday${whyEn}`;
}

function nonWorkingDay(date: string): NonWorkingReason | null {
  const [first] = nextWorkingDay(date).skipped;
  return first ?? null;
}

/** The rule's note, for a rule whose note is not already the reason it does not move. */
function noteSentence(rule: DeadlineRule, lang: Lang): string | null {
  if (!rule.note || !rule.movesToWorkingDay) return null;
  return lang === 'fr' ? `À noter : ${rule.note.fr}` : `Note: ${rule.note.en}`;
}

/** The last day of `rule` counted from `startsOn`, and the computation in words. */
export function computeDeadline(rule: DeadlineRule, startsOn: string): ComputedDeadline {
  assertLocalDate(startsOn);
  if (rule.steps.length === 0) {
    throw new Error(`Deadline rule ${rule.code} has no period`);
  }
  // Each step runs from the end of the previous one: the CADA's two months start when the
  // administration's month of silence ends, which is not the same day as three months at once.
  const stepEnds: string[] = [];
  let end = startsOn;
  for (const step of rule.steps) {
    end = stepEnd(end, step);
    stepEnds.push(end);
  }
  const unmovedDueAt =
    rule.counting === 'franc' ? addDays(end, 1) : rule.counting === 'same_day' ? addDays(end, -1) : end;
  const dueAt = rule.movesToWorkingDay ? nextWorkingDay(unmovedDueAt).date : unmovedDueAt;

  const basis = { fr: '', en: '' };
  for (const lang of LANGS) {
    const expiry = dateInWords(unmovedDueAt, lang);
    const expires =
      lang === 'fr'
        ? `le délai expire le ${expiry} à minuit.`
        : `the ${rule.nature === 'earliest' ? 'period' : 'time limit'} expires at midnight on ${expiry}.`;
    const separator = lang === 'fr' ? ' : ' : ': ';
    basis[lang] = [
      `${rule.citation}${separator}${periodSentence(rule, startsOn, stepEnds, lang)}.`,
      `${countingSentence(rule, lang)}${lang === 'fr' ? ' ; ' : '; '}${expires}`,
      movingSentence(rule, unmovedDueAt, dueAt, lang),
      noteSentence(rule, lang),
    ]
      .filter((sentence) => sentence !== null)
      .join(' ');
  }
  return { dueAt, unmovedDueAt, basis };
}

const MONTHS_IN_WORDS: Bilingual = {
  fr: 'Un délai en mois expire le jour du dernier mois qui porte le même quantième que le jour de départ, ou le dernier jour de ce mois s’il n’en a pas.',
  en: 'A period in months ends on the day of the last month that bears the same number as the starting day, or on that month’s last day if it has no such day.',
};
const YEARS_IN_WORDS: Bilingual = {
  fr: 'Un délai en années expire le même jour de la dernière année (le 28 février pour un 29 février).',
  en: 'A period in years ends on the same day of the last year (28 February for a 29 February).',
};

function ruleDescription(rule: DeadlineRule, lang: Lang): string {
  const fr = lang === 'fr';
  const subject =
    rule.nature === 'earliest' ? (fr ? 'une date' : 'a date') : fr ? 'une échéance' : 'a time limit';
  const moving = rule.movesToWorkingDay
    ? fr
      ? `${capitalised(subject)} tombant un samedi, un dimanche ou un jour férié est reportée au premier jour ouvrable suivant.`
      : `${capitalised(subject)} that falls on a Saturday, a Sunday or a public holiday moves to the next working day.`
    : fr
      ? `${rule.nature === 'earliest' ? 'La date' : 'L’échéance'} n’est pas reportée au premier jour ouvrable suivant${rule.note ? ` : ${rule.note.fr}` : '.'}`
      : `${rule.nature === 'earliest' ? 'The date' : 'The time limit'} does not move to the next working day${rule.note ? `: ${rule.note.en}` : '.'}`;
  const units = new Set(rule.steps.map((step) => step.unit));
  return [
    `${capitalised(periodSentence(rule, null, [], lang))} (${rule.citation}).`,
    `${countingSentence(rule, lang)}.`,
    units.has('months') ? MONTHS_IN_WORDS[lang] : null,
    units.has('years') ? YEARS_IN_WORDS[lang] : null,
    moving,
    noteSentence(rule, lang),
  ]
    .filter((sentence) => sentence !== null)
    .join(' ');
}

function quoted(label: string, lang: Lang): string {
  return lang === 'fr' ? `« ${label} »` : `“${label}”`;
}

function triggerInWords(trigger: RuleTrigger, lang: Lang): string {
  const fr = lang === 'fr';
  const dateWords = {
    date: fr ? 'la date' : 'the date',
    notifiedOn: fr ? 'la date de notification' : 'the notification date',
    publishedOn: fr ? 'la date de publication' : 'the publication date',
  }[trigger.date];
  let source: string;
  if (trigger.source === 'challenged_act') {
    source = fr ? 'de l’acte contesté' : 'of the challenged act';
  } else {
    const kinds = (trigger.eventKinds ?? []).map((kind) => quoted(LEGAL_EVENT_KINDS.label(kind, lang), lang));
    const kindWords = kinds.length > 0 ? ` ${listInWords(kinds, lang, true)}` : '';
    source = fr ? `d’un événement${kindWords}` : `of an event${kindWords}`;
  }
  const conditions: string[] = [];
  const condition = (name: Bilingual, labels: string[]) => {
    if (labels.length > 0) {
      conditions.push(`${name[lang]} ${listInWords(labels, lang, true)}`);
    }
  };
  condition(
    { fr: 'procédure', en: 'procedure' },
    (trigger.procedures ?? []).map((code) => quoted(LEGAL_PROCEDURES.label(code, lang), lang)),
  );
  condition(
    { fr: 'juridiction', en: 'forum' },
    (trigger.forums ?? []).map((code) => quoted(LEGAL_FORUMS.label(code, lang), lang)),
  );
  condition(
    { fr: 'issue', en: 'outcome' },
    (trigger.outcomes ?? []).map((code) => quoted(LEGAL_OUTCOMES.label(code, lang), lang)),
  );
  const scope = conditions.length > 0 ? ` (${conditions.join(fr ? ' ; ' : '; ')})` : '';
  return fr
    ? `Calculée d’office à partir de ${dateWords} ${source}${scope}.`
    : `Computed automatically from ${dateWords} ${source}${scope}.`;
}

/** The rule's computation in general words (no dates), and its trigger in words (null: applied by hand only). */
export function describeRule(rule: DeadlineRule): { description: Bilingual; trigger: Bilingual | null } {
  return {
    description: { fr: ruleDescription(rule, 'fr'), en: ruleDescription(rule, 'en') },
    trigger:
      rule.triggers.length === 0
        ? null
        : {
            fr: rule.triggers.map((trigger) => triggerInWords(trigger, 'fr')).join(' '),
            en: rule.triggers.map((trigger) => triggerInWords(trigger, 'en')).join(' '),
          },
  };
}

function triggerDate(trigger: RuleTrigger, source: TriggerSource): string | null {
  if (source.source === 'challenged_act') {
    return trigger.date === 'publishedOn' ? source.publishedOn : null;
  }
  switch (trigger.date) {
    case 'date':
      return source.date;
    case 'notifiedOn':
      return source.notifiedOn;
    case 'publishedOn':
      return null;
  }
}

function triggerMatches(trigger: RuleTrigger, legalCase: TriggerCase, source: TriggerSource): boolean {
  if (trigger.source !== source.source) return false;
  if (trigger.procedures && !trigger.procedures.includes(legalCase.procedure)) return false;
  if (trigger.forums && !trigger.forums.includes(legalCase.forum)) return false;
  if (source.source === 'event') {
    if (trigger.eventKinds && !trigger.eventKinds.includes(source.kind)) return false;
    if (trigger.outcomes && (source.outcome === null || !trigger.outcomes.includes(source.outcome))) {
      return false;
    }
  }
  return true;
}

/**
 * Each rule the source starts for that case, with the day it starts from. A rule whose date is
 * missing (a decision not yet notified, an act without its publication date) does not apply yet.
 */
export function rulesStartedBy(
  legalCase: TriggerCase,
  source: TriggerSource,
): { rule: DeadlineRule; startsOn: string }[] {
  const started: { rule: DeadlineRule; startsOn: string }[] = [];
  for (const rule of DEADLINE_RULES) {
    for (const trigger of rule.triggers) {
      const startsOn = triggerMatches(trigger, legalCase, source) ? triggerDate(trigger, source) : null;
      if (startsOn === null) continue;
      assertLocalDate(startsOn);
      started.push({ rule, startsOn });
      break;
    }
  }
  return started;
}
