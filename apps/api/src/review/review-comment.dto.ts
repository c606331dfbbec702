import { ApiProperty } from '@nestjs/swagger';
import { LIMITS } from '@vigie/domain';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Why a submitted record goes back to its author. */
export class ReviewCommentDto {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.longText, description: 'Shown to the author' })
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.longText)
  comment!: string;
}
