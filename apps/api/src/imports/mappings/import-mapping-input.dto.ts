import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IMPORT_KINDS, type ImportKind } from '@vigie/domain';
import { ImportMappingDto } from '../dto/import-mapping.dto';

/** `POST /api/import-mappings`: a mapping saved by name for the headers of a file. */
export class CreateImportMappingDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: IMPORT_KINDS })
  @IsIn(IMPORT_KINDS as unknown as ImportKind[], { message: `must be one of: ${IMPORT_KINDS.join(', ')}` })
  kind!: ImportKind;

  @ApiProperty({ type: [String], description: 'The headers of the file the mapping is for' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  columns!: string[];

  @ApiProperty({ type: ImportMappingDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ImportMappingDto)
  mapping!: ImportMappingDto;
}

/** `PUT /api/import-mappings/:id`: a new name or mapping, on the version read. */
export class UpdateImportMappingDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: ImportMappingDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ImportMappingDto)
  mapping!: ImportMappingDto;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;
}
