import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

/** `POST /api/imports/:id/commit`. */
export class CommitImportDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Import the valid rows and record the rejected ones as skipped',
  })
  @IsOptional()
  @IsBoolean()
  skipRejected?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Admins only: the records enter as validated, not submitted',
  })
  @IsOptional()
  @IsBoolean()
  asValidated?: boolean;
}
