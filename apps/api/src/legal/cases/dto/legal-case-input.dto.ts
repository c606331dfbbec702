import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  OmitType,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import {
  LEGAL_CASE_STATUSES,
  LEGAL_FORUMS,
  LEGAL_OUTCOMES,
  LEGAL_PROCEDURES,
  LIMITS,
  type LegalCaseStatus,
  type LegalForum,
  type LegalOutcome,
  type LegalProcedure,
  LEGAL_CASE_READ_ONLY_FIELDS,
} from '@vigie/domain';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate, Nullable, PolygonalDto } from '../../../common/validators';
import { readOnlyFields } from '../../../common/read-only-fields';

const oneOf = (codes: readonly string[]) => ({ message: `must be one of: ${codes.join(', ')}` });

/** The act a case challenges; every field optional (an act is often known bit by bit). */
export class ChallengedActDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.shortText, example: 'n° 2025-104' })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  reference?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.shortText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  title?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.shortText,
    example: 'Préfet du Pas-de-Calais',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  authority?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @Nullable()
  @IsLocalDate()
  signedOn?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'starts the 2-month annulment time limit',
  })
  @Nullable()
  @IsLocalDate()
  publishedOn?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @Nullable()
  @IsLocalDate()
  validFrom?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null: no end stated' })
  @Nullable()
  @IsLocalDate()
  validTo?: string | null;

  @ApiPropertyOptional({
    type: PolygonalDto,
    nullable: true,
    description: 'Polygon or MultiPolygon in France',
  })
  @Nullable()
  @IsObject()
  @ValidateNested()
  @Type(() => PolygonalDto)
  perimeter?: PolygonalDto | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The act's text: a file attached to this case",
  })
  @Nullable()
  @IsUUID('all')
  documentId?: string | null;
}

/** The writable fields of a legal case (DESIGN §3). */
export class LegalCaseInputDto {
  @ApiProperty({ maxLength: LIMITS.shortText, example: '2026-004', description: 'internal, unique' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.shortText)
  reference!: string;

  @ApiProperty({ maxLength: LIMITS.shortText })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.shortText)
  title!: string;

  @ApiProperty({ enum: LEGAL_PROCEDURES.codes })
  @IsIn(LEGAL_PROCEDURES.codes as LegalProcedure[], oneOf(LEGAL_PROCEDURES.codes))
  procedure!: LegalProcedure;

  @ApiProperty({ enum: LEGAL_FORUMS.codes })
  @IsIn(LEGAL_FORUMS.codes as LegalForum[], oneOf(LEGAL_FORUMS.codes))
  forum!: LegalForum;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.shortText, example: 'n° 2501234' })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  courtReference?: string | null;

  @ApiPropertyOptional({ enum: LEGAL_CASE_STATUSES.codes, default: 'preparing' })
  @IsOptional()
  @IsIn(LEGAL_CASE_STATUSES.codes as LegalCaseStatus[], oneOf(LEGAL_CASE_STATUSES.codes))
  status?: LegalCaseStatus;

  @ApiPropertyOptional({ enum: LEGAL_OUTCOMES.codes, nullable: true })
  @Nullable()
  @IsIn(LEGAL_OUTCOMES.codes as LegalOutcome[], oneOf(LEGAL_OUTCOMES.codes))
  outcome?: LegalOutcome | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.longText,
    description: 'Restricted: read by admin and legal only',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  claimants?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  respondents?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.shortText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  lawyer?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  summary?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.longText,
    description: 'may be published',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  publicSummary?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.longText,
    description: 'Restricted: read by admin and legal only',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  confidentialNotes?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the case this one appeals',
  })
  @Nullable()
  @IsUUID('all')
  parentCaseId?: string | null;

  @ApiPropertyOptional({ type: ChallengedActDto, nullable: true })
  @Nullable()
  @IsObject()
  @ValidateNested()
  @Type(() => ChallengedActDto)
  challengedAct?: ChallengedActDto | null;
}

export class CreateLegalCaseDto extends LegalCaseInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-generated id: a retried create returns 200' })
  @IsOptional()
  @IsUUID('all')
  id?: string;
}

export class ReplaceLegalCaseDto extends LegalCaseInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'If sent, must equal the id in the URL' })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

/** Some fields and the version the change is based on. */
export class PatchLegalCaseDto extends IntersectionType(
  PartialType(OmitType(ReplaceLegalCaseDto, ['version'] as const)),
  PickType(ReplaceLegalCaseDto, ['version'] as const),
) {}

/**
 * The read-only fields of the GET representation, which a PUT or PATCH may carry back as read.
 * The parent, the appeals, the sites and the deadlines are other records, shown with the case.
 */
export const LEGAL_CASE_READ_ONLY = readOnlyFields(LEGAL_CASE_READ_ONLY_FIELDS, [
  'parent',
  'appeals',
  'siteIds',
  'openDeadlines',
  'nextDueAt',
]);
