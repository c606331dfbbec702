import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class TotpCodeDto {
  @ApiProperty({ example: '123456', description: 'The current 6-digit code of the authenticator app' })
  @Matches(/^\d{6}$/, { message: 'must be 6 digits' })
  code!: string;
}
