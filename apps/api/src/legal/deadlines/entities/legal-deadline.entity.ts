import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeadlineSource, DeadlineStatus } from '@vigie/domain';
import { TrackedColumns } from '../../../common/tracked.columns';

/**
 * A deadline of a case (DESIGN §3 Deadlines): computed by a rule of libs/domain from its source, or
 * written by hand (with a rule and a start date, or a due date alone). Constraints in the migration.
 */
@Entity({ name: 'legal_deadlines' })
export class LegalDeadlineEntity extends TrackedColumns {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  /** The last day, a Paris local date. */
  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'rule', type: 'text', nullable: true })
  rule!: string | null;

  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ name: 'basis_fr', type: 'text', nullable: true })
  basisFr!: string | null;

  @Column({ name: 'basis_en', type: 'text', nullable: true })
  basisEn!: string | null;

  @Column({ name: 'computed', type: 'boolean', default: false })
  computed!: boolean;

  @Column({ name: 'source', type: 'text', nullable: true })
  source!: DeadlineSource | null;

  @Column({ name: 'source_event_id', type: 'uuid', nullable: true })
  sourceEventId!: string | null;

  @Column({ name: 'status', type: 'text', default: 'open' })
  status!: DeadlineStatus;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy!: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'notes', type: 'text', nullable: true })
  notes!: string | null;
}
