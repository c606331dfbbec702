const COMBINING_MARKS = /\p{M}/gu;
/** Dropped without a space, so that "C.R.S." reads "crs" and "l'abri" reads "labri" on both sides. */
const JOINERS = /[.'’ʼ`´]/g;
const SEPARATORS = /[^a-z0-9]+/g;

/** Lower case, no accents, no punctuation, single spaces: how headers and coded cells are compared. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(JOINERS, '')
    .replace(SEPARATORS, ' ')
    .trim();
}

/** True when the folded `phrase` appears in the folded `text` as whole words. */
export function containsWords(text: string, phrase: string): boolean {
  return ` ${text} `.includes(` ${phrase} `);
}

/**
 * The readings of a header, the whole first: KoboToolbox prefixes a question with its groups
 * (`group/field`, `group_name/field`, or `group-field` with the "-" separator option).
 */
export function headerReadings(header: string): string[] {
  const readings = [header];
  const slash = header.lastIndexOf('/');
  if (slash >= 0 && slash < header.length - 1) readings.push(header.slice(slash + 1));
  const dash = header.lastIndexOf('-');
  if (dash > 0 && dash < header.length - 1 && !/\s/.test(header)) readings.push(header.slice(dash + 1));
  return readings;
}
