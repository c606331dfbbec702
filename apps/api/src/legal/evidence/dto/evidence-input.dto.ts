import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_EVIDENCE_READ_ONLY_FIELDS, LIMITS } from '@vigie/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { readOnlyFields } from '../../../common/read-only-fields';
import { Nullable } from '../../../common/validators';

/** What a link points at: exactly one of the three (checked by the service). */
export class EvidenceTargetDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  observationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'needs the litigation consent of the people concerned',
  })
  @IsOptional()
  @IsUUID('all')
  incidentId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'needs the litigation consent of the people concerned',
  })
  @IsOptional()
  @IsUUID('all')
  attachmentId?: string;
}

export class CreateEvidenceDto extends EvidenceTargetDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-generated id: a retried create returns 200' })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  note?: string | null;
}

/** Several records linked at once, all or nothing; those already linked are left as they are. */
export class LinkEvidenceBatchDto {
  @ApiProperty({ type: [EvidenceTargetDto], maxItems: LIMITS.childRows })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.childRows)
  @ValidateNested({ each: true })
  @Type(() => EvidenceTargetDto)
  items!: EvidenceTargetDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LIMITS.longText,
    description: 'for each link',
  })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  note?: string | null;
}

export class PatchEvidenceDto {
  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.longText })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.longText)
  note?: string | null;
}

/**
 * The read-only fields of the GET representation, which a PATCH may carry back as read (the body
 * takes no `id`: the URL names the link). The summary and `unusable` follow the linked record.
 */
export const LEGAL_EVIDENCE_READ_ONLY = readOnlyFields(
  ['id', ...LEGAL_EVIDENCE_READ_ONLY_FIELDS],
  ['summary', 'unusable'],
);
