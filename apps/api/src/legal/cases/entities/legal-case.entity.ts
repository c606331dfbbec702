import type { MultiPolygon, Polygon } from 'geojson';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LegalCaseStatus, LegalForum, LegalOutcome, LegalProcedure } from '@vigie/domain';
import { TrackedColumns } from '../../../common/tracked.columns';

/**
 * A legal case and the act it challenges (DESIGN §3). The generated full-text columns, indexes and
 * constraints are in the migration `CreateLegalCases`.
 */
@Entity({ name: 'legal_cases' })
export class LegalCaseEntity extends TrackedColumns {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'reference', type: 'text' })
  reference!: string;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'procedure', type: 'text' })
  procedure!: LegalProcedure;

  @Column({ name: 'forum', type: 'text' })
  forum!: LegalForum;

  @Column({ name: 'court_reference', type: 'text', nullable: true })
  courtReference!: string | null;

  @Column({ name: 'status', type: 'text', default: 'preparing' })
  status!: LegalCaseStatus;

  @Column({ name: 'outcome', type: 'text', nullable: true })
  outcome!: LegalOutcome | null;

  /** Restricted (DESIGN §3): admin and legal only. */
  @Column({ name: 'claimants', type: 'text', nullable: true })
  claimants!: string | null;

  @Column({ name: 'respondents', type: 'text', nullable: true })
  respondents!: string | null;

  @Column({ name: 'lawyer', type: 'text', nullable: true })
  lawyer!: string | null;

  @Column({ name: 'summary', type: 'text', nullable: true })
  summary!: string | null;

  @Column({ name: 'public_summary', type: 'text', nullable: true })
  publicSummary!: string | null;

  /** Restricted (DESIGN §3): admin and legal only. */
  @Column({ name: 'confidential_notes', type: 'text', nullable: true })
  confidentialNotes!: string | null;

  @Column({ name: 'parent_case_id', type: 'uuid', nullable: true })
  parentCaseId!: string | null;

  @Column({ name: 'act_reference', type: 'text', nullable: true })
  actReference!: string | null;

  @Column({ name: 'act_title', type: 'text', nullable: true })
  actTitle!: string | null;

  @Column({ name: 'act_authority', type: 'text', nullable: true })
  actAuthority!: string | null;

  @Column({ name: 'act_signed_on', type: 'date', nullable: true })
  actSignedOn!: string | null;

  @Column({ name: 'act_published_on', type: 'date', nullable: true })
  actPublishedOn!: string | null;

  @Column({ name: 'act_valid_from', type: 'date', nullable: true })
  actValidFrom!: string | null;

  @Column({ name: 'act_valid_to', type: 'date', nullable: true })
  actValidTo!: string | null;

  @Column({ name: 'act_perimeter', type: 'geometry', srid: 4326, nullable: true })
  actPerimeter!: Polygon | MultiPolygon | null;

  @Column({ name: 'act_document_id', type: 'uuid', nullable: true })
  actDocumentId!: string | null;
}
