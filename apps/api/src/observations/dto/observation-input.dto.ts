import {
  FORCE_UNITS,
  LEGAL_BASES,
  LIMITS,
  OBSERVATION_KINDS,
  SEIZURE_ITEMS,
  type ForceUnit,
  type LegalBasis,
  type ObservationKind,
  type SeizureItem,
  OBSERVATION_READ_ONLY_FIELDS,
} from '@vigie/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EndsWithin, IsCount, IsTimestampWithOffset, Nullable, PointDto } from '../../common/validators';
import { readOnlyFields } from '../../common/read-only-fields';

export class ForceDto {
  @ApiProperty({ enum: FORCE_UNITS.codes })
  @IsIn(FORCE_UNITS.codes as ForceUnit[], { message: `must be one of: ${FORCE_UNITS.codes.join(', ')}` })
  unit!: ForceUnit;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Nullable()
  @IsCount()
  vehicles?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Nullable()
  @IsCount()
  officers?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.shortText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  identifiers?: string | null;
}

export class SeizureDto {
  @ApiProperty({ enum: SEIZURE_ITEMS.codes })
  @IsIn(SEIZURE_ITEMS.codes as SeizureItem[], {
    message: `must be one of: ${SEIZURE_ITEMS.codes.join(', ')}`,
  })
  item!: SeizureItem;

  @ApiProperty({ minimum: 0 })
  @IsCount()
  quantity!: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  destroyed?: boolean;
}

/**
 * The writable fields of an observation, as sent on create and on a whole-record update.
 * Server-managed fields (commune, area, status, timestamps…) are not accepted.
 */
export class ObservationInputDto {
  @ApiProperty({ enum: OBSERVATION_KINDS.codes })
  @IsIn(OBSERVATION_KINDS.codes as ObservationKind[], {
    message: `must be one of: ${OBSERVATION_KINDS.codes.join(', ')}`,
  })
  kind!: ObservationKind;

  @ApiProperty({ example: '2025-03-04T07:30:00+01:00' })
  @IsTimestampWithOffset()
  startedAt!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-03-04T09:00:00+01:00' })
  @Nullable()
  @IsTimestampWithOffset()
  @EndsWithin('startedAt', LIMITS.observationMaxHours)
  endedAt?: string | null;

  @ApiProperty({ type: PointDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Nullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  locationAccuracyM?: number | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID('all')
  siteId?: string | null;

  @ApiPropertyOptional({ type: [ForceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.childRows)
  @ValidateNested({ each: true })
  @Type(() => ForceDto)
  forces?: ForceDto[];

  @ApiPropertyOptional({ type: [SeizureDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.childRows)
  @ValidateNested({ each: true })
  @Type(() => SeizureDto)
  seizures?: SeizureDto[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Nullable()
  @IsCount()
  peopleEvicted?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Nullable()
  @IsCount()
  minorsSeen?: number | null;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @IsCount()
  arrests?: number;

  @ApiPropertyOptional({ enum: LEGAL_BASES.codes, nullable: true })
  @Nullable()
  @IsIn(LEGAL_BASES.codes as LegalBasis[], { message: `must be one of: ${LEGAL_BASES.codes.join(', ')}` })
  legalBasis?: LegalBasis | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  legalBasisDetails?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null = not known' })
  @Nullable()
  @IsBoolean()
  interpretersPresent?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null = not known' })
  @Nullable()
  @IsBoolean()
  bailiffPresent?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null = not known' })
  @Nullable()
  @IsBoolean()
  contractorPresent?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.shortText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  contractorName?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null = not known' })
  @Nullable()
  @IsBoolean()
  shelterOffered?: boolean | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Nullable()
  @IsCount()
  shelterBuses?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Nullable()
  @IsCount()
  peopleSheltered?: number | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'observers kept away' })
  @Nullable()
  @IsBoolean()
  observationObstructed?: boolean | null;

  @ApiPropertyOptional({ default: true, description: 'false when observers could not count' })
  @IsOptional()
  @IsBoolean()
  countsReliable?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  description?: string | null;
}

export class CreateObservationDto extends ObservationInputDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Client-generated id: a retried create with the same id and content returns 200',
  })
  @IsOptional()
  @IsUUID('all')
  id?: string;
}

export class ReplaceObservationDto extends ObservationInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'If sent, must equal the id in the URL' })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

/**
 * The read-only fields of the GET representation, which a PUT or PATCH may carry back as read.
 * Possible duplicates follow the other observations, not this record's version.
 */
export const OBSERVATION_READ_ONLY = readOnlyFields(OBSERVATION_READ_ONLY_FIELDS, ['possibleDuplicateIds']);
