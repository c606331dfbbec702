import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A fact about the data set as a whole, e.g. `demo` when the synthetic demo set was loaded. */
@Entity({ name: 'dataset_facts' })
export class DatasetFactEntity {
  @PrimaryColumn({ name: 'key', type: 'text' })
  key!: string;

  @Column({ name: 'value', type: 'jsonb' })
  value!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
