import { FORCE_UNITS, parisDayEnd, parisDayStart, SEIZURE_ITEMS, TIME_ZONE } from '@vigie/domain';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { SqlQuery } from '../common/list-sql';
import { snappedPointSql } from '../common/location-grid';
import { quoteLiteral } from '../common/sql-literals';
import { neutraliseFormulaSql } from '../common/spreadsheet-cells';
import {
  columnsOf,
  type ExportColumn,
  holdsText,
  type ExportLevel,
  type ExportResource,
  type ExportView,
} from './exports.columns';

/** The research rules in force for one export (DESIGN §7, configured). */
export interface ResearchRules {
  /** First instant of the embargo window: nothing from this instant on is exported. */
  embargoStart: Date;
  /** The first embargoed Paris day. */
  embargoFrom: string;
  embargoDays: number;
  gridMetres: number;
  minCellCount: number;
}

/** One table of one export: what to read and how. */
export interface ExportPlan {
  resource: ExportResource;
  level: ExportLevel;
  view: ExportView;
  from: string;
  to: string;
  /** The list filters (with the row-level access condition of the actor's role). */
  filters: ParsedListQuery;
  research: ResearchRules | null;
}

/** What a research export left out or generalised, and what it kept (README, audit). */
export interface ExportCounts {
  /** Rows in the file. */
  exported: number;
  /** Research level: validated, live records of the period and filters, before the rules. */
  inScope?: number;
  embargoed?: number;
  withoutResearchConsent?: number;
  /** Rows shown with their area and month only (small commune-day cell). */
  generalised?: number;
  /** Rows left out because even their area-month group was too small. */
  suppressed?: number;
}

class Params {
  constructor(readonly values: unknown[]) {}

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const TABLES: Record<ExportResource, { table: string; alias: 'o' | 'i'; time: string }> = {
  observations: { table: 'observations o', alias: 'o', time: 'o.started_at' },
  incidents: { table: 'incidents i', alias: 'i', time: 'i.occurred_at' },
};

/** One row per observation with its seizures per item (quantity, destroyed quantity). */
const SEIZURES_JOIN = `LEFT JOIN LATERAL (SELECT ${SEIZURE_ITEMS.codes
  .map(
    (item) =>
      `sum(quantity) FILTER (WHERE item = ${quoteLiteral(item)}) AS ${item}_q, ` +
      `sum(quantity) FILTER (WHERE item = ${quoteLiteral(item)} AND destroyed) AS ${item}_d`,
  )
  .join(', ')} FROM observation_seizures WHERE observation_id = o.id) sz ON true`;

/** One row per observation with its forces per unit (rows, vehicles, officers) and identifiers. */
const FORCES_JOIN = `LEFT JOIN LATERAL (SELECT ${FORCE_UNITS.codes
  .map(
    (unit) =>
      `count(*) FILTER (WHERE unit = ${quoteLiteral(unit)}) AS ${unit}_n, ` +
      `sum(vehicles) FILTER (WHERE unit = ${quoteLiteral(unit)}) AS ${unit}_v, ` +
      `sum(officers) FILTER (WHERE unit = ${quoteLiteral(unit)}) AS ${unit}_o`,
  )
  .join(', ')},
  string_agg(unit || ': ' || identifiers, '; ' ORDER BY position)
    FILTER (WHERE identifiers IS NOT NULL AND identifiers <> '') AS identifiers
  FROM observation_forces WHERE observation_id = o.id) fc ON true`;

function joins(resource: ExportResource): string {
  const alias = TABLES[resource].alias;
  const commune = `LEFT JOIN communes c ON c.code = ${alias}.commune_code`;
  if (resource === 'incidents') return commune;
  return `${commune} LEFT JOIN sites s ON s.id = o.site_id ${SEIZURES_JOIN} ${FORCES_JOIN}`;
}

/** The records of the plan's period and filters (and, for research, its rules). */
function conditions(plan: ExportPlan, params: Params): string[] {
  const { alias, time } = TABLES[plan.resource];
  const list = [
    `(${plan.filters.where})`,
    `${time} >= ${params.bind(parisDayStart(plan.from))}`,
    `${time} < ${params.bind(parisDayEnd(plan.to))}`,
  ];
  if (plan.research) list.push(`${alias}.status = 'validated'`, `${alias}.deleted_at IS NULL`);
  return list;
}

/**
 * How the text of the rows leaves: `csv` with formulas neutralised (a CSV opens in spreadsheet
 * software), `values` as stored (GeoJSON; the XLSX writer neutralises its own cells).
 */
export type ExportTextForm = 'csv' | 'values';

/** `AS "name"` for each column: the header of the CSV and the keys of the rows. */
function selectList(plan: ExportPlan, embargoStart: string | null, form: ExportTextForm): string {
  return columnsOf(plan.resource, plan.level, plan.view)
    .map(({ column, sql }) => {
      const value = embargoStart ? sql.replace(/\{embargoStart\}/g, embargoStart) : sql;
      const cell = form !== 'values' && holdsText(column) ? neutraliseFormulaSql(value) : value;
      return `${cell} AS "${column.name}"`;
    })
    .join(',\n       ');
}

/**
 * The research CTEs (`graded`): the records the rules keep, each with its Paris day, the size of its
 * commune-day cell (`exact` when at least the minimum count) and, for the rows of small cells, the
 * size of the group of such rows of its area and month (`coarse_n`); the rows of a large enough
 * group are generalised to it, the others suppressed.
 */
function researchCtes(plan: ExportPlan, params: Params): { sql: string; embargoStart: string } {
  const rules = plan.research as ResearchRules;
  const { table, alias, time } = TABLES[plan.resource];
  const embargoStart = params.bind(rules.embargoStart);
  const where = [...conditions(plan, params), `${time} < ${embargoStart}`];
  if (plan.resource === 'incidents') where.push('i.consent_research');
  const min = String(rules.minCellCount);
  return {
    embargoStart,
    sql: `scoped AS (
         SELECT ${alias}.id, (${time} AT TIME ZONE ${quoteLiteral(TIME_ZONE)})::date AS day,
                ${alias}.commune_code, ${alias}.area, ${alias}.location
           FROM ${table}
          WHERE ${where.join(' AND ')}
       ), celled AS (
         SELECT scoped.*, count(*) OVER (PARTITION BY commune_code, day) AS cell_n FROM scoped
       ), graded AS (
         SELECT celled.*, cell_n >= ${min} AS exact,
                count(*) FILTER (WHERE cell_n < ${min}) OVER (PARTITION BY area, date_trunc('month', day)) AS coarse_n
           FROM celled
       )`,
  };
}

/**
 * The rows of one table of an export, in order, with the columns of its level as named columns;
 * CSV-safe text unless `values` is asked for.
 */
export function exportSelectSql(plan: ExportPlan, form: ExportTextForm = 'csv'): SqlQuery {
  const params = new Params([...plan.filters.params]);
  const { table, alias, time } = TABLES[plan.resource];
  if (!plan.research) {
    const where = conditions(plan, params);
    return {
      text: `SELECT ${selectList(plan, null, form)}
  FROM ${table} ${joins(plan.resource)}
 WHERE ${where.join(' AND ')}
 ORDER BY ${time}, ${alias}.id`,
      values: params.values,
    };
  }
  const rules = plan.research;
  const ctes = researchCtes(plan, params);
  const grid = String(rules.gridMetres);
  const min = String(rules.minCellCount);
  return {
    text: `WITH ${ctes.sql}
SELECT ${selectList(plan, ctes.embargoStart, form)}
  FROM (SELECT graded.id, graded.day, graded.exact,
               CASE WHEN graded.exact THEN ${snappedPointSql('graded.location', grid)} END AS centre
          FROM graded WHERE graded.exact OR graded.coarse_n >= ${min}) g
  JOIN ${table} ON ${alias}.id = g.id
  ${joins(plan.resource)}
 ORDER BY g.day, ${alias}.id`,
    values: params.values,
  };
}

/** The counts of one table of an export: `{ counts: ExportCounts }`. */
export function exportCountsSql(plan: ExportPlan): SqlQuery {
  const params = new Params([...plan.filters.params]);
  const { table, time } = TABLES[plan.resource];
  if (!plan.research) {
    return {
      text: `SELECT json_build_object('exported', count(*)) AS counts FROM ${table} WHERE ${conditions(plan, params).join(' AND ')}`,
      values: params.values,
    };
  }
  const candidates = conditions(plan, params);
  const ctes = researchCtes(plan, params);
  const min = String(plan.research.minCellCount);
  const consent = plan.resource === 'incidents' ? 'NOT i.consent_research' : 'false';
  return {
    text: `WITH ${ctes.sql}, candidates AS (
         SELECT ${time} >= ${ctes.embargoStart} AS embargoed, ${consent} AS unconsented
           FROM ${table} WHERE ${candidates.join(' AND ')}
       )
SELECT json_build_object(
         'inScope', (SELECT count(*) FROM candidates),
         'embargoed', (SELECT count(*) FILTER (WHERE embargoed) FROM candidates),
         'withoutResearchConsent', (SELECT count(*) FILTER (WHERE NOT embargoed AND unconsented) FROM candidates),
         'exported', (SELECT count(*) FILTER (WHERE exact OR coarse_n >= ${min}) FROM graded),
         'generalised', (SELECT count(*) FILTER (WHERE NOT exact AND coarse_n >= ${min}) FROM graded),
         'suppressed', (SELECT count(*) FILTER (WHERE NOT exact AND coarse_n < ${min}) FROM graded)
       ) AS counts`,
    values: params.values,
  };
}

/** The columns of a plan, in file order. */
export function planColumns(plan: Pick<ExportPlan, 'resource' | 'level' | 'view'>): ExportColumn[] {
  return columnsOf(plan.resource, plan.level, plan.view).map(({ column }) => column);
}
