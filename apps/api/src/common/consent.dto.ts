import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { NotNullIfPresent } from './validators';

/**
 * What the people concerned agreed to (DESIGN §3), on incidents and evidence files. A scope left
 * out is not agreed on a create and unchanged on a partial update; null is refused (a consent is
 * given or not, never unknown).
 */
export class ConsentDto {
  @ApiPropertyOptional({ default: false, description: 'may be published (public summary, reports)' })
  @NotNullIfPresent()
  @IsBoolean()
  publication?: boolean;

  @ApiPropertyOptional({ default: false, description: 'may be used in legal proceedings' })
  @NotNullIfPresent()
  @IsBoolean()
  litigation?: boolean;

  @ApiPropertyOptional({ default: false, description: 'may be exported, de-identified, for research' })
  @NotNullIfPresent()
  @IsBoolean()
  research?: boolean;
}
