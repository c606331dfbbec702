import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { OwnCredentialsDto } from '../../auth/dto/own-credentials.dto';

/** `currentPassword` (and `totp`) are required when administrators change their own password. */
export class ResetPasswordDto extends OwnCredentialsDto {
  @ApiProperty({
    description: 'The new password: at least 12 characters, not a common one, not the email or name',
    format: 'password',
  })
  @IsString()
  password!: string;
}
