/** How a query parameter's values are checked and bound. `date`: a Paris local date `YYYY-MM-DD`. */
export type FilterType = 'uuid' | 'text' | 'enum' | 'timestamp' | 'date' | 'integer' | 'boolean';

export type FilterOp = 'eq' | 'gte' | 'lte';

export interface FilterSpec {
  /** SQL expression of the column; a trusted constant, never user input. */
  column: string;
  type: FilterType;
  /** Allowed codes for `enum` filters. */
  values?: readonly string[];
  /** Which suffixes the filter accepts: `eq` is the bare name (repeatable), then `_gte`, `_lte`. */
  ops: readonly FilterOp[];
  /**
   * For a filter that is no comparison of one column (`EXISTS` over related rows, say): the SQL
   * condition for one value bound at `placeholder`; repeated values are alternatives (OR).
   * A trusted constant too; `column` then only documents what is compared.
   */
  condition?: (placeholder: string, op: FilterOp) => string;
}

export type SearchSpec = { kind: 'tsvector'; column: string } | { kind: 'ilike'; columns: readonly string[] };

/** What a list endpoint accepts: filters, sort fields and the special parameters. */
export interface ListSpec {
  filters: Readonly<Record<string, FilterSpec>>;
  /** Sort field → SQL expression. */
  sorts: Readonly<Record<string, string>>;
  /** Sort fields whose column may be null: unknown values go last in both directions. */
  nullableSorts?: readonly string[];
  defaultSort: { field: string; order: 'ASC' | 'DESC' };
  /** Expression of the unique key, appended to every ORDER BY so pages are stable. */
  idColumn: string;
  search?: SearchSpec;
  /** Geometry column for `bbox` and `near`. */
  geometry?: string;
  /** Column of the soft-delete timestamp; when set, deleted rows are hidden unless `deleted=true`. */
  deletedAt?: string;
}

export interface ParsedListQuery {
  /** SQL condition with `$n` placeholders; `TRUE` when there is no filter. */
  where: string;
  params: unknown[];
  orderBy: string;
  offset: number;
  limit: number;
}
