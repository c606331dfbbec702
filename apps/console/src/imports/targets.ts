import {
  importTargetSpecs,
  type ImportKind,
  type Lang,
  type TargetSpec,
  type Vocabulary,
} from '@vigie/domain';

/** A field a column can be mapped to, as the mapping step lists it (from `@vigie/domain`). */
export interface ImportTarget {
  id: string;
  fr: string;
  en: string;
  /**
   * Coded fields take a value map (raw cell value → code): a vocabulary's codes, or yes/no/unknown.
   * Absent: free text, numbers, dates, positions, taken as they are.
   */
  coded?: Vocabulary<string> | 'boolean';
}

export const IGNORE = 'ignore';

/** What a value map of the target translates to, from how the API reads its cells. */
function codedOf(spec: TargetSpec): ImportTarget['coded'] {
  if (spec.type === 'code' || spec.type === 'codes') return spec.vocabulary;
  if (spec.type === 'boolean' || spec.type === 'presence') return 'boolean';
  return undefined;
}

function targetsOf(kind: ImportKind): readonly ImportTarget[] {
  return importTargetSpecs(kind).map((spec) => {
    const coded = codedOf(spec);
    return coded
      ? { id: spec.target, fr: spec.fr, en: spec.en, coded }
      : { id: spec.target, fr: spec.fr, en: spec.en };
  });
}

const TARGETS: Record<ImportKind, readonly ImportTarget[]> = {
  observations: targetsOf('observations'),
  incidents: targetsOf('incidents'),
};

export function importTargets(kind: ImportKind): readonly ImportTarget[] {
  return TARGETS[kind];
}

export function findTarget(kind: ImportKind, id: string): ImportTarget | undefined {
  return importTargets(kind).find((target) => target.id === id);
}

/** Choices of a target select, labelled in the console's language. */
export function targetChoices(kind: ImportKind, lang: Lang): { id: string; name: string }[] {
  return importTargets(kind).map((target) => ({ id: target.id, name: target[lang] }));
}

/**
 * The value sent for "unknown" in a boolean value map is the empty string, which a select cannot
 * tell from "no choice" (automatic): the form holds this marker instead.
 */
export const UNKNOWN_VALUE = '__unknown__';

export interface ValueCode {
  /** What the form holds (`UNKNOWN_VALUE` for the empty code). */
  id: string;
  fr: string;
  en: string;
}

const BOOLEAN_CODES: readonly ValueCode[] = [
  { id: 'true', fr: 'Oui', en: 'Yes' },
  { id: 'false', fr: 'Non', en: 'No' },
  { id: UNKNOWN_VALUE, fr: 'Ne sait pas', en: 'Unknown' },
];

/** The codes a raw value of a coded target may be mapped to. */
export function valueCodes(target: ImportTarget): readonly ValueCode[] {
  if (!target.coded) return [];
  if (target.coded === 'boolean') return BOOLEAN_CODES;
  return target.coded.terms.map((term) => ({ id: term.code, fr: term.fr, en: term.en }));
}
