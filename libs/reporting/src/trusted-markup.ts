/**
 * Markup our own code generated (chart and map SVG, the template's stylesheet), the only thing a
 * template may print unescaped, through the `trusted` helper. Anything else — a string from the
 * database above all — is escaped, and `trusted` refuses it.
 */
export class TrustedMarkup {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}
