import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { cssString, registerHelpers, type Translations } from './helpers';
import { TrustedMarkup } from './trusted-markup';

const NNBSP = '\u202f';
const translations: Record<'fr' | 'en', Translations> = {
  fr: { hello: 'Bonjour {name}', evictions: '{count} expulsions', 'evictions.one': '{count} expulsion' },
  en: { hello: 'Hello {name}', 'evictions.one': '{count} eviction', 'evictions.other': '{count} evictions' },
};

function render(source: string, model: Record<string, unknown>, lang: 'fr' | 'en'): string {
  const hbs = Handlebars.create();
  registerHelpers(hbs, translations);
  return hbs.compile(source, { strict: true })({ lang, ...model });
}

describe('report helpers', () => {
  it('num: French narrow no-break space for thousands and decimal comma; English comma and point', () => {
    expect(render('{{num n}}', { n: 1234567.891 }, 'fr')).toBe(`1${NNBSP}234${NNBSP}567,89`);
    expect(render('{{num n}}', { n: 1234567.891 }, 'en')).toBe('1,234,567.89');
    expect(render('{{num n 0}}', { n: 9.26 }, 'fr')).toBe('9');
    expect(render('{{num n}}', { n: 0 }, 'fr')).toBe('0');
  });

  it('pct: whole percentages, French with a narrow no-break space before %, a dash when unknown', () => {
    expect(render('{{pct f}}', { f: 0.375 }, 'fr')).toBe(`38${NNBSP}%`);
    expect(render('{{pct f}}', { f: 0.375 }, 'en')).toBe('38%');
    expect(render('{{pct f}}', { f: null }, 'en')).toBe('—');
  });

  it('date and datetime: Paris days, so 23:30 on 31 March (21:30Z) is still 31 March', () => {
    expect(render('{{date d}}', { d: '2025-03-31' }, 'fr')).toBe('31 mars 2025');
    expect(render('{{date d}}', { d: '2025-03-31T21:30:00Z' }, 'fr')).toBe('31 mars 2025');
    expect(render('{{date d}}', { d: '2025-03-31T21:30:00Z' }, 'en')).toBe('31 March 2025');
    expect(render('{{datetime d}}', { d: '2025-03-31T21:30:00Z' }, 'fr')).toBe('31 mars 2025 à 23:30');
    expect(render('{{datetime d}}', { d: '2025-01-15T08:05:00Z' }, 'en')).toBe('15 January 2025 at 09:05');
  });

  it('month, shortMonth and period', () => {
    expect(render('{{month m}}', { m: '2025-03' }, 'fr')).toBe('mars 2025');
    expect(render('{{month m}}', { m: '2025-03' }, 'en')).toBe('March 2025');
    expect(render('{{shortMonth m}}', { m: '2025-02' }, 'en')).toBe('Feb');
    expect(render('{{period a b}}', { a: '2025-02-01', b: '2025-02-28' }, 'fr')).toBe('février 2025');
    expect(render('{{period a b}}', { a: '2025-01-01', b: '2025-12-31' }, 'en')).toBe('2025');
    expect(render('{{period a b}}', { a: '2024-11-01', b: '2025-10-31' }, 'fr')).toBe(
      '1 novembre 2024 – 31 octobre 2025',
    );
  });

  it('change: signed difference and percentage of the previous value', () => {
    expect(render('{{change a b}}', { a: 50, b: 40 }, 'fr')).toBe(`+10 (+25${NNBSP}%)`);
    expect(render('{{change a b}}', { a: 30, b: 40 }, 'en')).toBe('\u221210 (\u221225%)');
    expect(render('{{change a b}}', { a: 3, b: 0 }, 'en')).toBe('+3');
    expect(render('{{change a b}}', { a: 4, b: 4 }, 'en')).toBe('±0');
    expect(render('{{change a b}}', { a: 2500, b: 1000 }, 'fr')).toBe(`+1${NNBSP}500 (+150${NNBSP}%)`);
  });

  it('label: vocabulary labels from @vigie/domain in the document language', () => {
    expect(render("{{label 'incidentType' t}}", { t: 'tear_gas' }, 'fr')).toBe('Gaz lacrymogène');
    expect(render("{{label 'area' a}}", { a: 'dunkerquois' }, 'en')).toBe('Dunkirk area');
    expect(() => render("{{label 'area' a}}", { a: 'paris' }, 'en')).toThrow(/not in area/);
  });

  it('label: the legal vocabularies and review statuses too (case dossiers, litigation news)', () => {
    expect(render("{{label 'legalProcedure' p}}", { p: 'refere_liberte' }, 'fr')).toBe('Référé-liberté');
    expect(render("{{label 'legalForum' f}}", { f: 'ta_lille' }, 'en')).toBe('Administrative court, Lille');
    expect(render("{{label 'legalEventKind' k}}", { k: 'hearing' }, 'fr')).toBe('Audience');
    expect(render("{{label 'legalCaseStatus' s}}", { s: 'decided' }, 'fr')).toBe('Jugé');
    expect(render("{{label 'legalOutcome' o}}", { o: 'rejected' }, 'en')).toBe('Rejected');
    expect(render("{{label 'deadlineStatus' s}}", { s: 'open' }, 'fr')).toBe('À tenir');
    expect(render("{{label 'reviewStatus' s}}", { s: 'validated' }, 'fr')).toBe('Validée');
  });

  it('fileSize: rounded in decimal units, then the exact count of bytes', () => {
    expect(render('{{fileSize n}}', { n: 1_234_567 }, 'fr')).toBe(
      `1,2\u00a0Mo (1${NNBSP}234${NNBSP}567 octets)`,
    );
    expect(render('{{fileSize n}}', { n: 1_234_567 }, 'en')).toBe('1.2 MB (1,234,567 bytes)');
    expect(render('{{fileSize n}}', { n: 123_456 }, 'en')).toBe('123.5 kB (123,456 bytes)');
    expect(render('{{fileSize n}}', { n: 999 }, 'fr')).toBe('999 octets');
    expect(render('{{fileSize n}}', { n: 1 }, 'en')).toBe('1 byte');
    expect(render('{{fileSize n}}', { n: 3_000_000_000 }, 'en')).toBe('3 GB (3,000,000,000 bytes)');
  });

  it('t: translations with formatted values and plural forms; a missing key is an error', () => {
    expect(render("{{t 'hello' name=n}}", { n: 'Calais' }, 'fr')).toBe('Bonjour Calais');
    expect(render("{{t 'evictions' count=c}}", { c: 1 }, 'fr')).toBe('1 expulsion');
    expect(render("{{t 'evictions' count=c}}", { c: 1500 }, 'fr')).toBe(`1${NNBSP}500 expulsions`);
    expect(render("{{t 'evictions' count=c}}", { c: 2 }, 'en')).toBe('2 evictions');
    expect(() => render("{{t 'nope'}}", {}, 'en')).toThrow(/Missing en translation: nope/);
  });

  it('escapes what helpers return, and prints unescaped only markup our code generated', () => {
    expect(render("{{t 'hello' name=n}}", { n: '<script>{{x}}</script>' }, 'en')).toBe(
      'Hello &lt;script&gt;{{x}}&lt;/script&gt;',
    );
    expect(render('{{trusted svg}}', { svg: new TrustedMarkup('<svg></svg>') }, 'en')).toBe('<svg></svg>');
    expect(() => render('{{trusted svg}}', { svg: '<script></script>' }, 'en')).toThrow(
      /only markup generated/,
    );
  });

  it('eq and gt for conditions', () => {
    expect(render('{{#if (eq a "x")}}yes{{else}}no{{/if}}', { a: 'x' }, 'en')).toBe('yes');
    expect(render('{{#if (gt a 2)}}yes{{else}}no{{/if}}', { a: 2 }, 'en')).toBe('no');
  });
});

describe('cssString (the footer printed in a page-margin box)', () => {
  it('keeps letters, digits and plain punctuation as they are', () => {
    expect(cssString('Vigie — Note mensuelle — février 2026')).toBe(
      '"Vigie — Note mensuelle — février 2026"',
    );
    expect(cssString('Confidentiel, usage interne · TA-Lille 2501234/3')).toBe(
      '"Confidentiel, usage interne \\b7  TA-Lille 2501234/3"',
    );
  });

  it('escapes whatever could end the string, the rule or the style element', () => {
    const hostile = 'x"; } body { display: none } </style><script>alert(1)</script>\\\n&amp;';
    const literal = cssString(hostile);
    expect(literal.slice(1, -1)).not.toMatch(/["<>&{};\n]|\\(?![0-9a-f]+ )/);
    expect(literal).toContain('\\22 ');
    expect(literal).toContain('\\3c /style\\3e \\3c script\\3e ');
    // A CSS parser reads the escapes back as the text itself.
    const decoded = literal
      .slice(1, -1)
      .replace(/\\([0-9a-f]+) /g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
    expect(decoded).toBe(hostile);
  });

  it('is a helper of the templates, unescaped by Handlebars (it is already safe)', () => {
    const hbs = Handlebars.create();
    registerHelpers(hbs, { fr: {}, en: {} } as unknown as Record<'fr' | 'en', Translations>);
    expect(hbs.compile('content: {{cssString value}};')({ value: 'a"<b' })).toBe('content: "a\\22 \\3c b";');
  });
});
