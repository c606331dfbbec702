import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { neutraliseFormula, neutraliseFormulaSql } from '../../apps/api/src/common/spreadsheet-cells';
import { connect } from '../support/given';

/* The SQL twin of `neutraliseFormula`, run by PostgreSQL: the same text for every value. */

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
});
afterAll(async () => {
  await dataSource?.destroy();
});

describe(neutraliseFormulaSql.name, () => {
  it('gives what neutraliseFormula gives, and null for null', async () => {
    const values = [
      '=HYPERLINK("http://evil","x")',
      "+cmd|' /C calc'!A0",
      '-5',
      '@SUM(1)',
      '\t=1',
      '\r=1',
      '\n=1',
      ' =1',
      "'=1",
      'a-b',
      '\\=1',
      '',
      'Récit « ordinaire »',
      '=\n=',
    ];
    const rows = (await dataSource.query(
      `SELECT v.value, ${neutraliseFormulaSql('v.value')} AS neutralised
         FROM unnest($1::text[]) WITH ORDINALITY AS v(value, n) ORDER BY n`,
      [values],
    )) as { value: string; neutralised: string }[];
    expect(rows.map((row) => row.neutralised)).toEqual(values.map(neutraliseFormula));
    const [empty] = (await dataSource.query(`SELECT ${neutraliseFormulaSql('NULL::text')} AS value`)) as {
      value: null;
    }[];
    expect(empty!.value).toBeNull();
  });
});
