import {
  FORCE_UNITS,
  SEIZURE_ITEMS,
  TIME_ZONE,
  type ImportKind,
  type ImportMappingSpec,
} from '@vigie/domain';
import { booleanReader, codeListReader, codeReader, ValueMap } from './cell-values';
import { DateReader } from './dates';
import {
  DESTROYED_WORDS,
  FORCE_DETAIL_WORDS,
  HEADER_SYNONYMS,
  KOBO_FORM_METADATA,
  KOBO_SERVER_COLUMNS,
  SEIZURE_HEADER_SYNONYMS,
} from './header-synonyms';
import { targetSpec } from '@vigie/domain';
import { mappingErrors } from './mapping-errors';
import { TermMatcher } from './term-matcher';
import { containsWords, fold, headerReadings } from './text-folding';
import { booleanMatcher, vocabularyMatcher } from './value-synonyms';

interface Guess {
  target: string;
  score: number;
}

/** Scores: a header that is a field's name beats a name with a unit's detail, beats one that contains it. */
const EXACT = 1000;
const DETAILED = 600;
const CONTAINED = 300;
const COMPOSED = 200;

function phraseIndex(synonyms: Record<string, string[]>): [string, string][] {
  return Object.entries(synonyms).flatMap(([target, phrases]) =>
    phrases.map((phrase) => [fold(phrase), target] as [string, string]),
  );
}

const FIELD_PHRASES: Record<ImportKind, [string, string][]> = {
  observations: phraseIndex(HEADER_SYNONYMS.observations),
  incidents: phraseIndex(HEADER_SYNONYMS.incidents),
};

const itemMatcher = new TermMatcher<string>(
  SEIZURE_ITEMS.terms.flatMap((term) => [
    [term.code, term.code] as const,
    [term.fr, term.code] as const,
    [term.en, term.code] as const,
    ...(SEIZURE_HEADER_SYNONYMS[term.code] ?? []).map((phrase) => [phrase, term.code] as const),
  ]),
);
const unitMatcher = vocabularyMatcher(FORCE_UNITS);
/** "Autre" or "inconnu" alone says nothing of a unit in a header. */
const HEADER_UNITS: readonly string[] = FORCE_UNITS.codes.filter(
  (code) => code !== 'other' && code !== 'unknown',
);

const hasAnyWord = (folded: string, words: string[]) => words.some((word) => containsWords(folded, word));

/** Forces and seizures from one column per unit or item: "CRS", "Nb véhicules CRS", "Tentes détruites". */
function composedGuess(folded: string): Guess | undefined {
  const items = itemMatcher.scan(folded).codes;
  if (items.length === 1) {
    const item = items[0]!;
    return hasAnyWord(folded, DESTROYED_WORDS)
      ? { target: `seizures.${item}.destroyed`, score: DETAILED }
      : { target: `seizures.${item}.quantity`, score: COMPOSED };
  }
  const units = unitMatcher.scan(folded).codes.filter((code) => HEADER_UNITS.includes(code));
  if (units.length >= 2) return { target: 'forces', score: COMPOSED };
  if (units.length !== 1) return undefined;
  for (const [detail, words] of Object.entries(FORCE_DETAIL_WORDS)) {
    if (hasAnyWord(folded, words)) return { target: `forces.${units[0]}.${detail}`, score: DETAILED };
  }
  return { target: `forces.${units[0]}`, score: COMPOSED };
}

function guessHeader(kind: ImportKind, header: string, kobo: boolean): Guess | undefined {
  let best: Guess | undefined;
  const consider = (guess: Guess | undefined) => {
    if (guess && (!best || guess.score > best.score)) best = guess;
  };
  for (const reading of headerReadings(header)) {
    const folded = fold(reading);
    if (folded === '') continue;
    if (
      (reading.startsWith('_') && KOBO_SERVER_COLUMNS.has(folded)) ||
      (kobo && KOBO_FORM_METADATA.has(folded))
    ) {
      return { target: 'ignore', score: EXACT };
    }
    if (containsWords(folded, 'altitude')) return { target: 'ignore', score: EXACT };
    for (const [phrase, target] of FIELD_PHRASES[kind]) {
      if (folded === phrase) consider({ target, score: EXACT + phrase.length });
      else if (containsWords(folded, phrase)) consider({ target, score: CONTAINED + phrase.length });
    }
    if (kind === 'observations') consider(composedGuess(folded));
  }
  // `_geolocation` is KoboToolbox's copy of the form's first geopoint: the question itself comes first.
  if (best?.target === 'location' && header.startsWith('_')) return { ...best, score: CONTAINED };
  return best;
}

type Shape = 'datetime' | 'date' | 'time' | 'unknown';

const autoDates = new DateReader(TIME_ZONE, null);

function shapeOf(raw: string): Shape {
  const parts = autoDates.localParts(raw);
  if (parts) {
    const midnight = parts.time && parts.time.hour + parts.time.minute + parts.time.second === 0;
    return parts.time && !midnight ? 'datetime' : 'date';
  }
  return autoDates.time(raw).ok ? 'time' : 'unknown';
}

/** "Date" holding dates only is the date part of the start; "Fin" holding times only, the end time. */
function refineByValues(target: string, values: string[]): string {
  const shapes = new Set(values.map(shapeOf));
  const only = (shape: Shape) => shapes.size === 1 && shapes.has(shape);
  if ((target === 'startedAt' || target === 'occurredAt') && only('date')) return `${target}.date`;
  if ((target === 'startedAt' || target === 'occurredAt') && only('time')) return `${target}.time`;
  if (target === 'endedAt' && only('time')) return 'endedAt.time';
  return target;
}

/** A value map entry for a sample value the built-in matching does not read, when a guess is clear. */
function suggestValue(kind: ImportKind, target: string, raw: string): string | undefined {
  const spec = targetSpec(kind, target);
  if (!spec) return undefined;
  const none = new ValueMap(undefined);
  const folded = fold(raw);
  switch (spec.type) {
    case 'code': {
      if (codeReader(spec.vocabulary!, none)(raw).ok) return undefined;
      const codes = vocabularyMatcher(spec.vocabulary!).scan(folded).codes;
      return codes.length === 1 ? codes[0] : undefined;
    }
    case 'codes': {
      if (codeListReader(spec.vocabulary!, none)(raw).ok) return undefined;
      const codes = vocabularyMatcher(spec.vocabulary!).scan(folded).codes;
      return codes.length > 0 ? codes.join(' ') : undefined;
    }
    case 'boolean':
    case 'presence': {
      if (booleanReader(none)(raw).ok) return undefined;
      const word = booleanMatcher.exact(folded.split(' ')[0] ?? '');
      return word === undefined ? undefined : word === 'null' ? '' : word;
    }
    default:
      return undefined;
  }
}

/**
 * A first mapping for a file, from its headers (French or English, KoboToolbox group prefixes
 * left out) and its first rows (dates or times, values the built-in matching does not read).
 */
export function suggestMapping(
  kind: ImportKind,
  columns: string[],
  sampleRows: string[][],
): ImportMappingSpec {
  const kobo = columns.includes('_uuid') || columns.includes('_submission_time');
  const samples = (index: number) => [
    ...new Set(sampleRows.map((row) => row[index] ?? '').filter((cell) => cell !== '')),
  ];
  const guesses = columns.map((header, index) => {
    const guess = guessHeader(kind, header, kobo);
    return guess ? { ...guess, target: refineByValues(guess.target, samples(index)) } : undefined;
  });
  // A single-valued target goes to its best column; the others are left out.
  const bestFor = new Map<string, number>();
  guesses.forEach((guess, index) => {
    if (!guess || targetSpec(kind, guess.target)?.multi) return;
    const best = bestFor.get(guess.target);
    if (best === undefined || guess.score > guesses[best]!.score) bestFor.set(guess.target, index);
  });
  const mapped: Record<string, string> = {};
  columns.forEach((header, index) => {
    const guess = guesses[index];
    const multi = guess && targetSpec(kind, guess.target)?.multi;
    mapped[header] = guess && (multi || bestFor.get(guess.target) === index) ? guess.target : 'ignore';
  });
  const mapping: ImportMappingSpec = { columns: mapped, values: {}, timezone: TIME_ZONE, dateFormat: null };
  settle(kind, columns, mapping);

  const values: Record<string, Record<string, string>> = {};
  columns.forEach((header, index) => {
    const target = mapped[header]!;
    for (const raw of samples(index)) {
      const code = suggestValue(kind, target, raw);
      if (code !== undefined) (values[target] ??= {})[raw] = code;
    }
  });
  const sourceColumn = columns.find((header) => mapped[header] === 'sourceId') ?? null;
  return { ...mapping, values, sourceIdColumn: sourceColumn };
}

/** Leaves out what the checks refuse (a latitude without longitude…), so a suggestion is always valid. */
function settle(kind: ImportKind, columns: string[], mapping: ImportMappingSpec): void {
  const byTarget = (target: string) => columns.filter((header) => mapping.columns[header] === target);
  // A date alone is a start without time: each row says so, which is clearer than leaving it out.
  for (const start of ['startedAt', 'occurredAt']) {
    const [date] = byTarget(`${start}.date`);
    if (date && byTarget(`${start}.time`).length === 0 && byTarget(start).length === 0)
      mapping.columns[date] = start;
  }
  if (byTarget('location').length > 0) {
    for (const header of [...byTarget('location.latitude'), ...byTarget('location.longitude')]) {
      mapping.columns[header] = 'ignore';
    }
  }
  for (let pass = 0; pass < 3; pass += 1) {
    const errors = Object.keys(mappingErrors(kind, columns, mapping)).filter((key) =>
      key.startsWith('columns.'),
    );
    if (errors.length === 0) return;
    for (const key of errors) mapping.columns[key.slice('columns.'.length)] = 'ignore';
  }
}
