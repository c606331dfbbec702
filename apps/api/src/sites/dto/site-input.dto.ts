import {
  LIMITS,
  SITE_KINDS,
  SITE_STATUSES,
  type SiteKind,
  type SiteStatus,
  SITE_READ_ONLY_FIELDS,
} from '@vigie/domain';
import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  OmitType,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PointDto, PolygonDto } from '../../common/validators';
import { readOnlyFields } from '../../common/read-only-fields';

export class SiteInputDto {
  @ApiProperty({ maxLength: LIMITS.shortText })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.shortText)
  name!: string;

  @ApiPropertyOptional({ type: [String], description: 'Nicknames used on the ground' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.childRows)
  @IsString({ each: true })
  @MaxLength(LIMITS.shortText, { each: true })
  aliases?: string[];

  @ApiProperty({ enum: SITE_KINDS.codes })
  @IsIn(SITE_KINDS.codes as SiteKind[], { message: `must be one of: ${SITE_KINDS.codes.join(', ')}` })
  kind!: SiteKind;

  @ApiProperty({ type: PointDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PointDto)
  location!: PointDto;

  @ApiPropertyOptional({ type: PolygonDto, nullable: true })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @ValidateNested()
  @Type(() => PolygonDto)
  perimeter?: PolygonDto | null;

  @ApiPropertyOptional({ enum: SITE_STATUSES.codes, default: 'unknown' })
  @IsOptional()
  @IsIn(SITE_STATUSES.codes as SiteStatus[], { message: `must be one of: ${SITE_STATUSES.codes.join(', ')}` })
  status?: SiteStatus;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(LIMITS.longText)
  notes?: string | null;
}

export class CreateSiteDto extends SiteInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-generated id (idempotent create)' })
  @IsOptional()
  @IsUUID('all')
  id?: string;
}

export class ReplaceSiteDto extends SiteInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'If sent, must equal the id in the URL' })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class PatchSiteDto extends IntersectionType(
  PartialType(OmitType(ReplaceSiteDto, ['version'] as const)),
  PickType(ReplaceSiteDto, ['version'] as const),
) {}

/**
 * The read-only fields of the GET representation, which a PUT or PATCH may carry back as read.
 */
export const SITE_READ_ONLY = readOnlyFields(SITE_READ_ONLY_FIELDS);
