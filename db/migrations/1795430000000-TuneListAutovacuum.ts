import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The lists' counts read the partial `(…, started_at) WHERE deleted_at IS NULL` indexes alone
 * (index-only scans) for the common filters (commune, area, kind, period) while the visibility map
 * is current (docs/architecture.md, "Lists"). With the default thresholds autovacuum waits for 20 %
 * of a table to be updated or inserted (10 % to analyse it): a table of a million rows then gains
 * 200,000 rows whose pages are not all-visible before it is vacuumed, and every count over them
 * fetches heap pages. The list tables are vacuumed and analysed after about 1 % instead (a few
 * seconds of work each time).
 */

/** The tables whose counts the lists run, and their autovacuum thresholds. */
const LIST_TABLES = ['observations', 'incidents'];
const AUTOVACUUM = {
  autovacuum_vacuum_scale_factor: 0.01,
  autovacuum_vacuum_insert_scale_factor: 0.01,
  autovacuum_analyze_scale_factor: 0.01,
};

export class TuneListAutovacuum1795430000000 implements MigrationInterface {
  name = 'TuneListAutovacuum1795430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const settings = Object.entries(AUTOVACUUM)
      .map(([name, value]) => `${name} = ${value}`)
      .join(', ');
    for (const table of LIST_TABLES) await queryRunner.query(`ALTER TABLE ${table} SET (${settings})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const names = Object.keys(AUTOVACUUM).join(', ');
    for (const table of LIST_TABLES) await queryRunner.query(`ALTER TABLE ${table} RESET (${names})`);
  }
}
