import type { Point } from 'geojson';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Area, ForceUnit, IncidentType, ReviewStatus } from '@vigie/domain';
import { TrackedColumns } from '../../common/tracked.columns';

/**
 * An act of violence, arrest or obstruction (DESIGN §3). `communeCode` and `area` are set by a
 * trigger; indexes and constraints are in the migration `CreateIncidentsAndEvidence`.
 */
@Entity({ name: 'incidents' })
export class IncidentEntity extends TrackedColumns {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'type', type: 'text' })
  type!: IncidentType;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'location', type: 'geometry', spatialFeatureType: 'Point', srid: 4326 })
  location!: Point;

  @Column({ name: 'observation_id', type: 'uuid', nullable: true })
  observationId!: string | null;

  @Column({ name: 'commune_code', type: 'text', nullable: true, insert: false, update: false })
  communeCode!: string | null;

  @Column({ name: 'area', type: 'text', nullable: true, insert: false, update: false })
  area!: Area | null;

  @Column({ name: 'victim_count', type: 'integer', nullable: true })
  victimCount!: number | null;

  @Column({ name: 'minor_count', type: 'integer', nullable: true })
  minorCount!: number | null;

  @Column({ name: 'injured', type: 'boolean', nullable: true })
  injured!: boolean | null;

  @Column({ name: 'medical_care', type: 'boolean', nullable: true })
  medicalCare!: boolean | null;

  @Column({ name: 'perpetrators', type: 'text', array: true, default: () => `'{}'` })
  perpetrators!: ForceUnit[];

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'public_summary', type: 'text', nullable: true })
  publicSummary!: string | null;

  /** Restricted (DESIGN §3): only admin and legal read it. */
  @Column({ name: 'testimony', type: 'text', nullable: true })
  testimony!: string | null;

  @Column({ name: 'consent_publication', type: 'boolean', default: false })
  consentPublication!: boolean;

  @Column({ name: 'consent_litigation', type: 'boolean', default: false })
  consentLitigation!: boolean;

  @Column({ name: 'consent_research', type: 'boolean', default: false })
  consentResearch!: boolean;

  @Column({ name: 'status', type: 'text', default: 'draft' })
  status!: ReviewStatus;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;
}
