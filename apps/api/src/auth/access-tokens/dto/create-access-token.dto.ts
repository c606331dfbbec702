import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_TOKEN_SCOPES, type AccessTokenScope } from '@vigie/domain';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { OwnCredentialsDto } from '../../dto/own-credentials.dto';

/**
 * `POST /api/auth/tokens`. A token outlives the session that makes it, so making one needs the
 * current password (and code), like any change of one's own credentials: a stolen session alone
 * must not turn into a lasting credential.
 */
export class CreateAccessTokenDto extends OwnCredentialsDto {
  @ApiProperty({ example: 'Script R — thèse', description: 'What the token is for (1–100 characters)' })
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'must not be empty' })
  name!: string;

  @ApiProperty({ enum: ACCESS_TOKEN_SCOPES, isArray: true, example: ['exports'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ACCESS_TOKEN_SCOPES.length)
  @ArrayUnique()
  @IsIn(ACCESS_TOKEN_SCOPES, { each: true, message: `must be among: ${ACCESS_TOKEN_SCOPES.join(', ')}` })
  scopes!: AccessTokenScope[];

  @ApiProperty({
    example: '2027-06-30',
    description:
      'A Paris local date (the token works through that day) or a timestamp with its offset; at most ' +
      '`VIGIE_ACCESS_TOKEN_MAX_DAYS` (365 by default) days ahead',
  })
  @IsString()
  @MaxLength(40)
  expiresAt!: string;
}
