import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vector tiles (`GET /api/<resource>/tiles/{z}/{x}/{y}.mvt`) are cut in Web Mercator: each point is
 * kept there once, as it is written (a stored generated column), with a GiST index, so that a tile
 * finds its points by an index range on the tile's envelope and never projects a row when it is
 * read. Live rows only in the index, as for `location` (the trash is small and rarely mapped).
 * docs/decisions.md, "Vector tiles on a stored Web-Mercator column".
 */
export class StoreTileGeometry1795428000000 implements MigrationInterface {
  name = 'StoreTileGeometry1795428000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['observations', 'incidents']) {
      await queryRunner.query(
        `ALTER TABLE ${table} ADD COLUMN location_3857 geometry(Point, 3857)
           GENERATED ALWAYS AS (ST_Transform(location, 3857)) STORED`,
      );
      await queryRunner.query(
        `CREATE INDEX ${table}_location_3857_idx ON ${table} USING gist (location_3857)
           WHERE deleted_at IS NULL`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'observations']) {
      // Dropping the column drops its index.
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN location_3857`);
    }
  }
}
