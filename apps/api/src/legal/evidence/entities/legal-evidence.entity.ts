import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TrackedColumns } from '../../../common/tracked.columns';

/** A record linked to a case as evidence: exactly one of an observation, an incident, a file. */
@Entity({ name: 'legal_case_evidence' })
export class LegalEvidenceEntity extends TrackedColumns {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'observation_id', type: 'uuid', nullable: true })
  observationId!: string | null;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column({ name: 'attachment_id', type: 'uuid', nullable: true })
  attachmentId!: string | null;

  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;
}
