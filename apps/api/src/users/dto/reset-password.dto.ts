import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class ResetPasswordDto {
  @ApiProperty({
    description: 'The new password: at least 12 characters, not a common one, not the email or name',
    format: 'password',
  })
  @IsString()
  password!: string;
}
