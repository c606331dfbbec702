import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ForceUnit } from '@vigie/domain';
import type { ObservationEntity } from './observation.entity';

/** A police or gendarmerie unit seen during an eviction. */
@Entity({ name: 'observation_forces' })
export class ObservationForceEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @ManyToOne('ObservationEntity', 'forces', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'observation_id' })
  observation!: ObservationEntity;

  @Column({ name: 'observation_id', type: 'uuid' })
  observationId!: string;

  /** Order of the row in the form, kept so a record reads back as it was written. */
  @Column({ name: 'position', type: 'integer' })
  position!: number;

  @Index('observation_forces_unit_idx')
  @Column({ name: 'unit', type: 'text' })
  unit!: ForceUnit;

  @Column({ name: 'vehicles', type: 'integer', nullable: true })
  vehicles!: number | null;

  @Column({ name: 'officers', type: 'integer', nullable: true })
  officers!: number | null;

  @Column({ name: 'identifiers', type: 'text', nullable: true })
  identifiers!: string | null;
}
