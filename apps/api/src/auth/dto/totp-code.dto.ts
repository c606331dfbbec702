import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class TotpCodeDto {
  @ApiProperty({ example: '123456', description: 'The current 6-digit code of the authenticator app' })
  @Matches(/^\d{6}$/, { message: 'must be 6 digits' })
  code!: string;
}

/** Turning one's own second factor off: the current password and a current code (the service names a missing one). */
export class TotpDisableDto extends TotpCodeDto {
  @ApiPropertyOptional({ description: 'Your current password (required)', format: 'password' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  currentPassword?: string;
}

/** Starting an enrolment replaces the pending secret: only with the current password. */
export class TotpEnrolDto {
  @ApiPropertyOptional({ description: 'Your current password (required)', format: 'password' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  currentPassword?: string;
}
