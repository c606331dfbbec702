import { LIMITS } from '@vigie/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@vigie.local' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(LIMITS.shortText)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: 'Current 6-digit code when the account has a second factor' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be 6 digits' })
  totp?: string;
}
