import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

/** `POST /api/kobo-feeds`: one feed per KoboToolbox form, with the saved mapping of that form. */
export class CreateKoboFeedDto {
  @ApiProperty({ maxLength: 200, example: 'Formulaire expulsions Calais' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'A saved mapping of observations' })
  @IsUUID('all')
  mappingId!: string;
}
