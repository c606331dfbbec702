import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class SecuritySettingsDto {
  @ApiProperty({ description: 'When on, `admin` and `legal` accounts must use a second factor (TOTP)' })
  @IsBoolean()
  totpRequiredForPrivileged!: boolean;
}
