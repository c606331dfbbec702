import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LegalEventKind, LegalOutcome } from '@vigie/domain';
import { TrackedColumns } from '../../../common/tracked.columns';

/** One step of a case's chronology (DESIGN §3 Events); constraints in the migration `CreateLegalCases`. */
@Entity({ name: 'legal_case_events' })
export class LegalCaseEventEntity extends TrackedColumns {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: LegalEventKind;

  /** Paris local date. */
  @Column({ name: 'date', type: 'date' })
  date!: string;

  /** Paris local time, hearings and site visits. */
  @Column({ name: 'time', type: 'time', nullable: true })
  time!: string | null;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'details', type: 'text', nullable: true })
  details!: string | null;

  @Column({ name: 'outcome', type: 'text', nullable: true })
  outcome!: LegalOutcome | null;

  @Column({ name: 'notified_on', type: 'date', nullable: true })
  notifiedOn!: string | null;

  @Column({ name: 'room', type: 'text', nullable: true })
  room!: string | null;

  @Column({ name: 'judge', type: 'text', nullable: true })
  judge!: string | null;
}
