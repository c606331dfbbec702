import { quoteLiteral } from './sql-literals';

/*
 * Formula injection (OWASP "CSV Injection"): spreadsheet software opening a CSV, or a sheet re-saved
 * as CSV, runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)` sends data
 * away, `=cmd|…` ran programs through DDE), and a leading tab or carriage return can hide such a
 * start. Free text typed in the field or brought in by an import reaches our files as it was typed,
 * so every text cell Vigie writes into a CSV or XLSX goes through these two functions. The rule is on
 * the first character only: RFC 4180 quoting already keeps a delimiter or quote inside the value from
 * starting a new cell. A text that reads as a number ("-5", "+33 6…") is neutralised too: in a text
 * column it is text, and "-5+cmd|…" starts the same way. Typed columns (numbers, dates, booleans) are
 * never passed here. NUL, which ASVS also lists, cannot occur: PostgreSQL text cannot hold it.
 */

/** The first characters that make spreadsheet software read a cell as a formula. */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

/** A leading apostrophe: spreadsheet software shows the rest as text and never evaluates it. */
export const FORMULA_ESCAPE = "'";

/** The text, with a leading apostrophe when its first character would start a formula. */
export function neutraliseFormula(text: string): string {
  return (FORMULA_TRIGGERS as readonly string[]).includes(text.charAt(0)) ? `${FORMULA_ESCAPE}${text}` : text;
}

/** The same characters as a PostgreSQL regular expression (`-` last: a literal, not a range). */
const TRIGGER_PATTERN = quoteLiteral('^([=+@\\t\\r-])');
const ESCAPED = quoteLiteral(`${FORMULA_ESCAPE}\\1`);

/**
 * `neutraliseFormula` in SQL, around a text expression (for CSV written by `COPY`): the same value,
 * null for null. The expression is evaluated once.
 */
export function neutraliseFormulaSql(expression: string): string {
  return `regexp_replace(${expression}, ${TRIGGER_PATTERN}, ${ESCAPED})`;
}
