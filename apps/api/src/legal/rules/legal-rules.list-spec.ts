import type { ListSpec } from '../../common/list-query/list-spec';

/**
 * The columns of the rules as the repository lists them: the rules (data in `@vigie/domain/legal`,
 * bound as JSON and read as `r`) and the legal team's confirmations (`c`).
 */
export const LEGAL_RULES_FROM = (placeholder: string) => `jsonb_to_recordset(${placeholder}::jsonb)
    AS r(code text, position int, title_fr text, title_en text, citation text, nature text)
  LEFT JOIN legal_rule_confirmations c ON c.rule = r.code`;

/**
 * `GET /api/legal-rules`: a rule's `id` is its code. By default in the order the rules are written
 * (`position`), as the legal team reads them; `title` sorts by the French title.
 */
export const LEGAL_RULE_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'r.code', type: 'text', ops: ['eq'] },
    code: { column: 'r.code', type: 'text', ops: ['eq'] },
    nature: { column: 'r.nature', type: 'enum', values: ['deadline', 'earliest'], ops: ['eq'] },
    confirmed: { column: '(c.rule IS NOT NULL)', type: 'boolean', ops: ['eq'] },
  },
  sorts: {
    id: 'r.code',
    code: 'r.code',
    position: 'r.position',
    title: 'r.title_fr',
    citation: 'r.citation',
    nature: 'r.nature',
    confirmed: '(c.rule IS NOT NULL)',
    confirmedAt: 'c.confirmed_at',
  },
  nullableSorts: ['confirmedAt'],
  defaultSort: { field: 'position', order: 'ASC' },
  idColumn: 'r.code',
  search: { kind: 'ilike', columns: ['r.code', 'r.title_fr', 'r.title_en', 'r.citation'] },
};
