import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  LEGAL_EVENT_KINDS,
  LEGAL_EVENT_READ_ONLY_FIELDS,
  LEGAL_OUTCOMES,
  LIMITS,
  type LegalEventKind,
  type LegalOutcome,
} from '@vigie/domain';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { readOnlyFields } from '../../../common/read-only-fields';
import { IsLocalDate, IsLocalTime, Nullable } from '../../../common/validators';

/** The writable fields of an event of a case's chronology. */
export class LegalEventInputDto {
  @ApiProperty({ enum: LEGAL_EVENT_KINDS.codes })
  @IsIn(LEGAL_EVENT_KINDS.codes as LegalEventKind[], {
    message: `must be one of: ${LEGAL_EVENT_KINDS.codes.join(', ')}`,
  })
  kind!: LegalEventKind;

  @ApiProperty({
    format: 'date',
    description: 'Paris local date; a decision or a notification is never in the future',
  })
  @IsLocalDate()
  date!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '14:00',
    description: 'hearings and site visits',
  })
  @Nullable()
  @IsLocalTime()
  time?: string | null;

  @ApiProperty({ maxLength: LIMITS.shortText })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.shortText)
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  details?: string | null;

  @ApiPropertyOptional({ enum: LEGAL_OUTCOMES.codes, nullable: true, description: 'decisions only' })
  @Nullable()
  @IsIn(LEGAL_OUTCOMES.codes as LegalOutcome[], {
    message: `must be one of: ${LEGAL_OUTCOMES.codes.join(', ')}`,
  })
  outcome?: LegalOutcome | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'decisions only: the day it was notified, which starts the time limits to appeal',
  })
  @Nullable()
  @IsLocalDate()
  notifiedOn?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.shortText,
    description: 'hearings and site visits',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  room?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.shortText,
    description: 'hearings and site visits',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  judge?: string | null;
}

export class CreateLegalEventDto extends LegalEventInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-generated id: a retried create returns 200' })
  @IsOptional()
  @IsUUID('all')
  id?: string;
}

/** Some fields and the version the change is based on. */
export class PatchLegalEventDto extends PartialType(LegalEventInputDto) {
  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

/**
 * The read-only fields of the GET representation, which a PATCH may carry back as read (the body
 * takes no `id`: the URL names the event).
 */
export const LEGAL_EVENT_READ_ONLY = readOnlyFields(['id', ...LEGAL_EVENT_READ_ONLY_FIELDS]);
