import { Column, CreateDateColumn, DeleteDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * Columns every mutable record carries (DESIGN §3). `version` is checked and bumped by the
 * repositories inside the update statement, so TypeORM's own @VersionColumn is not used.
 */
export abstract class TrackedColumns {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @Column({ name: 'version', type: 'integer', default: 1 })
  version!: number;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** Digest of the create request, to answer a retried create with the same id (DESIGN §5). */
  @Column({ name: 'creation_digest', type: 'text', nullable: true, select: false })
  creationDigest!: string | null;
}
