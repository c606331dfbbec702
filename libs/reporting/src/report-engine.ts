import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers, type Translations } from './helpers';
import { REPORT_KINDS, type ReportKind, type ReportLang } from './report-params';
import { TrustedMarkup } from './trusted-markup';

/** What a template receives: any model, with the document's language at its root. */
export type ReportDocument = { lang: ReportLang } & Record<string, unknown>;

/**
 * `reports-templates/` of the project: `VIGIE_TEMPLATES_DIR` when set, else the first one found
 * walking up from this file (source or `dist/`) and from the working directory.
 */
export function findTemplatesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIGIE_TEMPLATES_DIR) return resolve(env.VIGIE_TEMPLATES_DIR);
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    for (let dir = start; dir; dir = dirname(dir) === dir ? undefined : dirname(dir)) {
      const candidate = join(dir, 'reports-templates');
      if (existsSync(join(candidate, 'shared'))) return candidate;
    }
  }
  throw new Error('reports-templates/ not found (set VIGIE_TEMPLATES_DIR)');
}

function readPartials(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.hbs'))
      .sort()
      .map((file) => [basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8')]),
  );
}

interface CompiledKind {
  template: HandlebarsTemplateDelegate;
  partials: Record<string, HandlebarsTemplateDelegate>;
  css: TrustedMarkup;
}

/**
 * Templates → HTML. One private Handlebars instance (no helper or partial leaks to or from other
 * code), helpers from `helpers.ts`, templates compiled once in strict mode: a field the model lacks
 * is an error, not an empty string. Everything is escaped except what `trusted` prints (our CSS,
 * chart and map SVG).
 */
export class ReportEngine {
  private readonly hbs = Handlebars.create();
  private readonly kinds = new Map<ReportKind, CompiledKind>();
  private readonly strings: Record<ReportLang, Translations>;

  constructor(readonly templatesDir: string = findTemplatesDir()) {
    const shared = join(templatesDir, 'shared');
    const translations = Object.fromEntries(
      (['fr', 'en'] as const).map((lang) => [
        lang,
        JSON.parse(readFileSync(join(shared, 'i18n', `${lang}.json`), 'utf8')) as Translations,
      ]),
    ) as Record<ReportLang, Translations>;
    this.strings = translations;
    registerHelpers(this.hbs, translations);
    for (const [name, source] of Object.entries(readPartials(join(shared, 'partials')))) {
      this.hbs.registerPartial(name, this.compile(source));
    }
    const baseCss = readFileSync(join(shared, 'base.css'), 'utf8');
    for (const kind of REPORT_KINDS) {
      const dir = join(templatesDir, kind);
      const partials = Object.fromEntries(
        Object.entries(readPartials(join(dir, 'partials'))).map(([name, source]) => [
          name,
          this.compile(source),
        ]),
      );
      this.kinds.set(kind, {
        template: this.compile(readFileSync(join(dir, 'template.hbs'), 'utf8')),
        partials,
        css: new TrustedMarkup(`${baseCss}\n${readFileSync(join(dir, 'style.css'), 'utf8')}`),
      });
    }
  }

  render(kind: ReportKind, model: ReportDocument): string {
    const compiled = this.kinds.get(kind);
    if (!compiled) throw new Error(`Unknown report kind: ${kind}`);
    return compiled.template({ ...model, css: compiled.css }, { partials: compiled.partials });
  }

  /** The i18n strings of one language (`reports-templates/shared/i18n/<lang>.json`). */
  translations(lang: ReportLang): Translations {
    return this.strings[lang];
  }

  private compile(source: string): HandlebarsTemplateDelegate {
    return this.hbs.compile(source, { strict: true, preventIndent: true });
  }
}
