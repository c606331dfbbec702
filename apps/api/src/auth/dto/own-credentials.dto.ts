import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/**
 * The proofs a change of one's own credentials asks for: the current password, and the current code
 * when the account has a second factor. Optional here because an administrator changing someone
 * else's account sends none; the service names what is missing.
 */
export class OwnCredentialsDto {
  @ApiPropertyOptional({
    description: 'Your current password (changes of your own account)',
    format: 'password',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  currentPassword?: string;

  @ApiPropertyOptional({ description: 'The current 6-digit code, when your account has a second factor' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be 6 digits' })
  totp?: string;
}
