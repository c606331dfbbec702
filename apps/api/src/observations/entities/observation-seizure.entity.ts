import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SeizureItem } from '@vigie/domain';
import type { ObservationEntity } from './observation.entity';

/** Belongings seized (and possibly destroyed) during an eviction. */
@Entity({ name: 'observation_seizures' })
export class ObservationSeizureEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @ManyToOne('ObservationEntity', 'seizures', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'observation_id' })
  observation!: ObservationEntity;

  @Column({ name: 'observation_id', type: 'uuid' })
  observationId!: string;

  @Column({ name: 'position', type: 'integer' })
  position!: number;

  @Index('observation_seizures_item_idx')
  @Column({ name: 'item', type: 'text' })
  item!: SeizureItem;

  @Column({ name: 'quantity', type: 'integer' })
  quantity!: number;

  @Column({ name: 'destroyed', type: 'boolean', default: false })
  destroyed!: boolean;
}
