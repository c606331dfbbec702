import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTACHMENT_READ_ONLY_FIELDS, LIMITS } from '@vigie/domain';
import { Type } from 'class-transformer';
import { ConsentDto } from '../../common/consent.dto';
import { readOnlyFields } from '../../common/read-only-fields';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** What may change on an attachment: its caption and its consent. The file itself never changes. */
export class PatchAttachmentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'If sent, must equal the id in the URL' })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.shortText })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(LIMITS.shortText)
  caption?: string | null;

  @ApiPropertyOptional({ type: ConsentDto, description: 'scopes left out keep their value' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto;

  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

/**
 * The read-only fields of the GET representation, which a PATCH may carry back as read. The
 * publication copy is made after the upload, without a new version.
 */
export const ATTACHMENT_READ_ONLY = readOnlyFields(ATTACHMENT_READ_ONLY_FIELDS, ['publication']);
