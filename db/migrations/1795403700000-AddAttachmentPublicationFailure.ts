import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publication copies of videos, sounds and PDFs (metadata removed), as images already had: they go
 * in `publication_sha256` like an image's JPEG copy (no width and height). `publication_failure`
 * says why no copy could be made of a file (ffmpeg or the PDF reader could not read it), so that a
 * broken file is not tried again on every request. Neither set: no copy was tried yet (files
 * uploaded before this migration); one is made on the next request or by the scheduled job.
 */
export class AddAttachmentPublicationFailure1795403700000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE attachments
        ADD COLUMN publication_failure text,
        ADD CONSTRAINT attachments_publication_failure_check
          CHECK (publication_failure IS NULL OR publication_sha256 IS NULL)`);
    // Images had their copy made at upload: one they lack, sharp could not make (e.g. HEVC HEIC).
    await queryRunner.query(`
      UPDATE attachments SET publication_failure = 'sharp could not decode this image'
       WHERE publication_sha256 IS NULL AND mime_type LIKE 'image/%'`);
    await queryRunner.query(`
      CREATE INDEX attachments_publication_pending_idx ON attachments (created_at)
       WHERE publication_sha256 IS NULL AND publication_failure IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX attachments_publication_pending_idx`);
    await queryRunner.query(
      `ALTER TABLE attachments DROP CONSTRAINT attachments_publication_failure_check, DROP COLUMN publication_failure`,
    );
  }
}
