import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS } from '@vigie/domain';
import { Type } from 'class-transformer';
import {
  IsBoolean,
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

/** Consent scopes to change; those left out keep their value. */
export class ConsentPatchDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  publication?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  litigation?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  research?: boolean;
}

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

  @ApiPropertyOptional({ type: ConsentPatchDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentPatchDto)
  consent?: ConsentPatchDto;

  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}
