import type { Point } from 'geojson';
import { Column, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import type { Area, LegalBasis, ObservationKind, ReviewStatus } from '@vigie/domain';
import { TrackedColumns } from '../../common/tracked.columns';
import { ObservationForceEntity } from './observation-force.entity';
import { ObservationSeizureEntity } from './observation-seizure.entity';

/** An eviction observed on one living site. `communeCode` and `area` are set by a trigger. */
@Entity({ name: 'observations' })
@Index('observations_commune_started_at_idx', ['communeCode', 'startedAt'], { where: 'deleted_at IS NULL' })
@Index('observations_area_started_at_idx', ['area', 'startedAt'], { where: 'deleted_at IS NULL' })
// Covering (id, location, site_id): migration 1795426000000-CoverDuplicateSearch.
@Index('observations_kind_started_at_cover_idx', ['kind', 'startedAt'], { where: 'deleted_at IS NULL' })
export class ObservationEntity extends TrackedColumns {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: ObservationKind;

  @Index('observations_started_at_idx', { where: 'deleted_at IS NULL' })
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Index('observations_location_idx', { spatial: true, where: 'deleted_at IS NULL' })
  @Column({ name: 'location', type: 'geometry', spatialFeatureType: 'Point', srid: 4326 })
  location!: Point;

  @Column({ name: 'location_accuracy_m', type: 'double precision', nullable: true })
  locationAccuracyM!: number | null;

  @Index('observations_site_id_idx')
  @Column({ name: 'site_id', type: 'uuid', nullable: true })
  siteId!: string | null;

  @Column({ name: 'commune_code', type: 'text', nullable: true, insert: false, update: false })
  communeCode!: string | null;

  @Column({ name: 'area', type: 'text', nullable: true, insert: false, update: false })
  area!: Area | null;

  @Column({ name: 'people_evicted', type: 'integer', nullable: true })
  peopleEvicted!: number | null;

  @Column({ name: 'minors_seen', type: 'integer', nullable: true })
  minorsSeen!: number | null;

  @Column({ name: 'arrests', type: 'integer', default: 0 })
  arrests!: number;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis!: LegalBasis | null;

  @Column({ name: 'legal_basis_details', type: 'text', nullable: true })
  legalBasisDetails!: string | null;

  @Column({ name: 'interpreters_present', type: 'boolean', nullable: true })
  interpretersPresent!: boolean | null;

  @Column({ name: 'bailiff_present', type: 'boolean', nullable: true })
  bailiffPresent!: boolean | null;

  @Column({ name: 'contractor_present', type: 'boolean', nullable: true })
  contractorPresent!: boolean | null;

  @Column({ name: 'contractor_name', type: 'text', nullable: true })
  contractorName!: string | null;

  @Column({ name: 'shelter_offered', type: 'boolean', nullable: true })
  shelterOffered!: boolean | null;

  @Column({ name: 'shelter_buses', type: 'integer', nullable: true })
  shelterBuses!: number | null;

  @Column({ name: 'people_sheltered', type: 'integer', nullable: true })
  peopleSheltered!: number | null;

  @Column({ name: 'observation_obstructed', type: 'boolean', nullable: true })
  observationObstructed!: boolean | null;

  @Column({ name: 'counts_reliable', type: 'boolean', default: true })
  countsReliable!: boolean;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Index('observations_status_idx')
  @Column({ name: 'status', type: 'text', default: 'draft' })
  status!: ReviewStatus;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @OneToMany(() => ObservationForceEntity, (force) => force.observation)
  forces!: ObservationForceEntity[];

  @OneToMany(() => ObservationSeizureEntity, (seizure) => seizure.observation)
  seizures!: ObservationSeizureEntity[];
}
