import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '@vigie/domain';
import { Nullable } from '../../common/validators';

/** `PUT /api/imports/:id/mapping` (DESIGN §5); the values are checked against the file's columns. */
export class ImportMappingDto {
  @ApiProperty({
    description: 'Header → target field (`ignore` to leave it out)',
    example: { Date: 'startedAt', Lieu: 'site', 'Tentes saisies': 'seizures.tent.quantity' },
  })
  @IsObject()
  columns!: Record<string, string>;

  @ApiPropertyOptional({
    description: 'Target field → raw value → code',
    example: { forces: { 'C.R.S.': 'crs' }, shelterOffered: { 'ne sait pas': '' } },
  })
  @IsOptional()
  @IsObject()
  values?: Record<string, Record<string, string>>;

  @ApiPropertyOptional({ default: 'Europe/Paris', description: 'IANA time zone of the dates in the file' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timezone?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'dd/MM/yyyy HH:mm' })
  @Nullable()
  @IsString()
  @MaxLength(100)
  dateFormat?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '_uuid' })
  @Nullable()
  @IsString()
  @MaxLength(LIMITS.shortText)
  sourceIdColumn?: string | null;

  @ApiPropertyOptional({
    description: 'Target field → raw value used when no column gives one',
    example: { kind: 'eviction', 'startedAt.time': '07:00' },
  })
  @IsOptional()
  @IsObject()
  defaults?: Record<string, string>;
}
