import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEADLINE_READ_ONLY_FIELDS, DEADLINE_STATUSES, LIMITS, type DeadlineStatus } from '@vigie/domain';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { readOnlyFields } from '../../../common/read-only-fields';
import { IsLocalDate, Nullable } from '../../../common/validators';

/**
 * A deadline added by hand: either a due date, or a rule of `GET /api/legal-rules` and the day it
 * starts from (the engine computes the due date and writes its basis).
 */
export class CreateDeadlineDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-generated id: a retried create returns 200' })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiPropertyOptional({
    maxLength: LIMITS.shortText,
    description: "required without a rule (default: the rule's title)",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.shortText)
  title?: string;

  @ApiPropertyOptional({ format: 'date', description: 'the last day; without a rule only' })
  @IsOptional()
  @IsLocalDate()
  dueAt?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'a rule code of GET /api/legal-rules' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  rule?: string;

  @ApiPropertyOptional({ format: 'date', description: 'with a rule: the day the period starts from' })
  @IsOptional()
  @IsLocalDate()
  startsOn?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  notes?: string | null;
}

/** A change of a deadline. A computed one takes only `title`, `notes` and `status`. */
export class PatchDeadlineDto {
  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ maxLength: LIMITS.shortText })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.shortText)
  title?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsLocalDate()
  dueAt?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @Nullable()
  @IsString()
  @MaxLength(100)
  rule?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @Nullable()
  @IsLocalDate()
  startsOn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  notes?: string | null;

  @ApiPropertyOptional({
    enum: DEADLINE_STATUSES.codes,
    description: 'done or cancelled record who and when',
  })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES.codes as DeadlineStatus[], {
    message: `must be one of: ${DEADLINE_STATUSES.codes.join(', ')}`,
  })
  status?: DeadlineStatus;
}

/**
 * The read-only fields of the GET representation, which a PATCH may carry back as read (the body
 * takes no `id`: the URL names the deadline). The case's reference and title, whether the rule is
 * confirmed and the closer's name follow other records. `dueAt`, `rule` and `startsOn` are input,
 * but a computed deadline takes them back only unchanged (the service compares them).
 */
export const DEADLINE_READ_ONLY = readOnlyFields(
  ['id', ...DEADLINE_READ_ONLY_FIELDS],
  ['caseReference', 'caseTitle', 'ruleConfirmed', 'closedByName'],
);
