import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FORCE_UNITS,
  INCIDENT_TYPES,
  LIMITS,
  type ForceUnit,
  type IncidentType,
  INCIDENT_READ_ONLY_FIELDS,
} from '@vigie/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConsentDto } from '../../common/consent.dto';
import { IsCount, IsTimestampWithOffset, Nullable, PointDto } from '../../common/validators';
import { readOnlyFields } from '../../common/read-only-fields';

/**
 * The writable fields of an incident, as sent on create and on a whole-record update.
 * Server-managed fields (commune, area, status, timestamps…) are not accepted.
 */
export class IncidentInputDto {
  @ApiProperty({ enum: INCIDENT_TYPES.codes })
  @IsIn(INCIDENT_TYPES.codes as IncidentType[], {
    message: `must be one of: ${INCIDENT_TYPES.codes.join(', ')}`,
  })
  type!: IncidentType;

  @ApiProperty({ example: '2025-03-04T07:45:00+01:00' })
  @IsTimestampWithOffset()
  occurredAt!: string;

  @ApiPropertyOptional({
    type: PointDto,
    nullable: true,
    description: "Required unless observationId is given: then the observation's location is copied",
  })
  @Nullable()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location?: PointDto | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID('all')
  observationId?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'anonymous count' })
  @Nullable()
  @IsCount()
  victimCount?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'at most victimCount' })
  @Nullable()
  @IsCount()
  minorCount?: number | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null = not known' })
  @Nullable()
  @IsBoolean()
  injured?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null = not known' })
  @Nullable()
  @IsBoolean()
  medicalCare?: boolean | null;

  @ApiPropertyOptional({ enum: FORCE_UNITS.codes, isArray: true, maxItems: LIMITS.childRows })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.childRows)
  @ArrayUnique({ message: 'must not contain the same unit twice' })
  @IsIn(FORCE_UNITS.codes as ForceUnit[], {
    each: true,
    message: `each must be one of: ${FORCE_UNITS.codes.join(', ')}`,
  })
  perpetrators?: ForceUnit[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText, description: 'internal' })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  publicSummary?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.longText,
    description:
      'Restricted: read by admin and legal only. Other roles may send it on create, not on update.',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  testimony?: string | null;

  @ApiPropertyOptional({ type: ConsentDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto;
}

export class CreateIncidentDto extends IncidentInputDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Client-generated id: a retried create with the same id and content returns 200',
  })
  @IsOptional()
  @IsUUID('all')
  id?: string;
}

export class ReplaceIncidentDto extends IncidentInputDto {
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
 */
export const INCIDENT_READ_ONLY = readOnlyFields(INCIDENT_READ_ONLY_FIELDS);
