import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A dry run keeps, per row, the record it converted (the body a client would send), its source key
 * and content digest: the commit then writes exactly what the dry run showed, checking again only
 * what may have changed since (the records earlier imports made, the links), without converting
 * and validating every row a second time.
 */
export class StoreImportInputs1795427000000 implements MigrationInterface {
  name = 'StoreImportInputs1795427000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE import_rows
        ADD COLUMN input jsonb,
        ADD COLUMN source_key text,
        ADD COLUMN source_id text,
        ADD COLUMN digest text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE import_rows DROP COLUMN input, DROP COLUMN source_key, DROP COLUMN source_id, DROP COLUMN digest`);
  }
}
