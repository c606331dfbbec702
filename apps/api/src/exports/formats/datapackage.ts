import type { ExportColumn, ExportLevel, ExportResource } from '../exports.columns';
import type { ExportCounts, ResearchRules } from '../exports.sql';
import { EXPORT_LICENSES, type ExportLicenseId } from '../export-licenses';

/*
 * A Frictionless Data Package 2.0 (https://datapackage.org): `datapackage.json` describing each CSV
 * with its Table Schema, the CSVs, a README on methodology and transformations, and the licence.
 * Custom properties (`unit`, `categoriesEn`, `vigie`) are allowed by the profiles and ignored by
 * readers that do not know them.
 */

export const DATAPACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';

/** The CSV dialect of every file of a package (RFC 4180). */
export const CSV_DIALECT = {
  header: true,
  delimiter: ',',
  lineTerminator: '\r\n',
  quoteChar: '"',
  doubleQuote: true,
} as const;

export interface PackageTable {
  resource: ExportResource;
  columns: readonly ExportColumn[];
  counts: ExportCounts;
}

export interface PackageContext {
  level: ExportLevel;
  from: string;
  to: string;
  /** The filters asked for (area, communeCode), as given. */
  filters: Record<string, string>;
  created: Date;
  publisher: string;
  license: ExportLicenseId;
  research: ResearchRules | null;
  tables: readonly PackageTable[];
}

const TITLES: Record<ExportResource, { fr: string; en: string; description: string }> = {
  observations: {
    fr: 'Expulsions observées',
    en: 'Evictions observed',
    description:
      'One row per operation observed on one living site (eviction, large-scale eviction, site made unusable, dispersal).',
  },
  incidents: {
    fr: 'Incidents',
    en: 'Incidents',
    description:
      'One row per act of violence, arrest or obstruction observed, against exiled people or against observers.',
  },
};

/**
 * What the README says of text cells: the CSVs are written for spreadsheet software too, so a text
 * that would start a formula carries a leading apostrophe (common/spreadsheet-cells.ts).
 */
export const FORMULA_NOTE =
  'Text cells (free text, names, labels; not codes, ids, numbers, dates or booleans) that begin with `=`, `+`, `-`, `@`, ' +
  "a tab or a carriage return are written with a leading apostrophe (`'`), so that spreadsheet software shows them " +
  "as text instead of running them as formulas (formula injection). A value that begins with `'` and then one of " +
  'these characters was recorded without that apostrophe.';

export function csvPath(resource: ExportResource): string {
  return `data/${resource}.csv`;
}

/** A Table Schema field for a column. */
export function tableSchemaField(column: ExportColumn): Record<string, unknown> {
  const field: Record<string, unknown> = {
    name: column.name,
    type: column.type,
    title: column.title.fr,
    description: `${column.title.en}. ${column.description}`,
  };
  if (column.uuid) field.format = 'uuid';
  if (column.type === 'boolean') {
    field.trueValues = ['true'];
    field.falseValues = ['false'];
  }
  if (column.unit) field.unit = column.unit;
  const constraints: Record<string, unknown> = {};
  if (column.required) constraints.required = true;
  if (column.minimum !== undefined) constraints.minimum = column.minimum;
  if (column.vocabulary) {
    constraints.enum = [...column.vocabulary.codes];
    field.categories = column.vocabulary.terms.map((term) => ({ value: term.code, label: term.fr }));
    field.categoriesEn = column.vocabulary.terms.map((term) => ({ value: term.code, label: term.en }));
  }
  if (Object.keys(constraints).length > 0) field.constraints = constraints;
  return field;
}

export function packageName(context: Pick<PackageContext, 'level' | 'from' | 'to'>): string {
  return `vigie-${context.level}-${context.from}-${context.to}`;
}

export function datapackageDescriptor(context: PackageContext): Record<string, unknown> {
  const license = EXPORT_LICENSES[context.license];
  return {
    $schema: DATAPACKAGE_PROFILE,
    name: packageName(context),
    title: `Vigie — expulsions et incidents observés, ${context.from} – ${context.to} (${context.level === 'research' ? 'niveau recherche' : 'niveau interne'})`,
    description:
      'Evictions of informal living sites and incidents of violence and obstruction observed by an independent ' +
      'border observatory on the French side of the French–British border (Calaisis, Dunkerquois and the rest ' +
      'of the northern coast). Figures are minimums: only what observers saw is recorded. See README.md.',
    version: '1.0.0',
    created: context.created.toISOString(),
    keywords: ['evictions', 'expulsions', 'border', 'Calais', 'Dunkerque', 'human rights'],
    licenses: [{ name: context.license, path: license.path, title: license.title }],
    contributors: [{ title: context.publisher, roles: ['publisher'] }],
    sources: [{ title: `${context.publisher} — field observations recorded in Vigie` }],
    resources: context.tables.map((table) => ({
      name: table.resource,
      type: 'table',
      title: `${TITLES[table.resource].fr} — ${TITLES[table.resource].en}`,
      description: TITLES[table.resource].description,
      path: csvPath(table.resource),
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { ...CSV_DIALECT },
      schema: {
        fields: table.columns.map(tableSchemaField),
        primaryKey: ['id'],
        missingValues: [''],
      },
    })),
    vigie: {
      level: context.level,
      period: { from: context.from, to: context.to, timezone: 'Europe/Paris' },
      filters: context.filters,
      research: context.research && {
        embargoDays: context.research.embargoDays,
        embargoFrom: context.research.embargoFrom,
        gridMetres: context.research.gridMetres,
        gridProjection: 'EPSG:2154 (Lambert-93), cells from the origin',
        minCellCount: context.research.minCellCount,
      },
      rows: Object.fromEntries(context.tables.map((table) => [table.resource, table.counts])),
    },
  };
}

function countLine(label: string, value: number | undefined): string {
  return value === undefined ? '' : `| ${label} | ${value} |\n`;
}

function transformations(context: PackageContext): string {
  if (!context.research) {
    return (
      'Internal level: every field that is not restricted, at full precision (positions, instants). ' +
      'Restricted fields (testimony) are never exported. Keep this package inside the organisation.\n'
    );
  }
  const rules = context.research;
  const tables = context.tables
    .map(
      (table) =>
        `### ${table.resource}\n\n| | rows |\n|---|---|\n` +
        countLine('validated records of the period and filters', table.counts.inScope) +
        countLine(`removed: in the embargo window (from ${rules.embargoFrom})`, table.counts.embargoed) +
        (table.resource === 'incidents'
          ? countLine('removed: without research consent', table.counts.withoutResearchConsent)
          : '') +
        countLine('removed: small cell, even at area-month level', table.counts.suppressed) +
        countLine('generalised to area and month (small commune-day cell)', table.counts.generalised) +
        countLine('rows in the file', table.counts.exported),
    )
    .join('\n');
  return `Research level (de-identified). Applied in this order:

1. Only validated records; restricted fields, free text (descriptions, details, names of contractors, unit
   identifiers, public summaries) and user ids are removed.
2. Nothing from the last ${rules.embargoDays} days before the export (from ${rules.embargoFrom}, Paris time): recent
   positions could lead to a living site still in use.
3. Incidents only when the people concerned agreed to research use (consent flag).
4. Dates instead of instants (Paris local date and month).
5. Positions replaced by the centre of their cell in a ${rules.gridMetres} m grid of Lambert-93 (EPSG:2154, cells counted
   from the projection's origin), given in WGS84 degrees.
6. Small cells: a commune-day cell holding fewer than ${rules.minCellCount} records of a table is not shown as such;
   its records keep their area and month only (\`generalised\` = true; no date, commune or position). When the
   generalised records of an area and month are still fewer than ${rules.minCellCount}, they are left out.

${tables}`;
}

function definitions(table: PackageTable): string {
  const rows = table.columns.map((column) => {
    const codes = column.vocabulary
      ? ` Codes: ${column.vocabulary.terms.map((term) => `\`${term.code}\` ${term.fr} / ${term.en}`).join(', ')}.`
      : '';
    const unit = column.unit ? ` Unit: ${column.unit}.` : '';
    return `| \`${column.name}\` | ${column.type} | ${column.title.fr} — ${column.title.en}. ${column.description}${unit}${codes} |`;
  });
  return `### ${csvPath(table.resource)}\n\n| column | type | definition |\n|---|---|---|\n${rows.join('\n')}\n`;
}

export function packageReadme(context: PackageContext): string {
  const license = EXPORT_LICENSES[context.license];
  const filters = Object.entries(context.filters)
    .map(([key, value]) => `${key} = ${value}`)
    .join(', ');
  return `# ${packageName(context)}

Data set exported from Vigie by ${context.publisher} on ${context.created.toISOString()}.
Licence: ${license.title} (${license.path}); see LICENSE.

## Coverage

- Period: ${context.from} to ${context.to} inclusive, Paris local dates (Europe/Paris).
- Territory: ${filters || 'the whole territory (Calaisis, Dunkerquois, rest of the northern coast)'}.
- Level: ${context.level}.
- Files: ${context.tables.map((table) => `${csvPath(table.resource)} (${table.counts.exported} rows)`).join(', ')}.

## Methodology

Observers of an independent border observatory record what they see on the ground: evictions of informal
living sites (one record per operation on one site) and incidents of violence, arrest or obstruction. Records
are reviewed before validation. **Every figure is a minimum**: operations nobody observed are missing, counts are
estimates made on site (\`counts_reliable\` = false when observers could not count), and observers were sometimes
kept away (\`observation_obstructed\`). Communes and areas are derived from the recorded position. Seizure
quantities are 0 when none was recorded; an empty cell means unknown.

## Transformations

${transformations(context)}
## Definitions

CSV files: RFC 4180, UTF-8, comma-separated, header row, CR LF record ends (a line break inside a quoted field is a bare LF); empty cell = missing value. The Table
Schema of each file (types, constraints, codes with French and English labels, units) is in datapackage.json.

${FORMULA_NOTE}

${context.tables.map(definitions).join('\n')}`;
}

export function packageLicense(context: Pick<PackageContext, 'license' | 'publisher' | 'created'>): string {
  const license = EXPORT_LICENSES[context.license];
  return `This data set is made available by ${context.publisher} under the ${license.title}
(SPDX: ${context.license}). The full text of the licence is at ${license.path}

Copyright ${context.created.getUTCFullYear()} ${context.publisher}.
`;
}
