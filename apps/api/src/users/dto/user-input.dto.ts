import { LIMITS, ROLES, type Role } from '@vigie/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsString, Matches, MaxLength, Min } from 'class-validator';
import { readOnlyFields } from '../../common/read-only-fields';

/** The fields an administrator edits on an account. */
class UserFieldsDto {
  @ApiProperty({ example: 'marie.dupont@example.org', maxLength: LIMITS.shortText })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(LIMITS.shortText)
  email!: string;

  @ApiProperty({ example: 'Marie Dupont', maxLength: LIMITS.shortText })
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(LIMITS.shortText)
  name!: string;

  @ApiProperty({ enum: ROLES.codes })
  @IsIn(ROLES.codes as Role[], { message: `must be one of: ${ROLES.codes.join(', ')}` })
  role!: Role;
}

export class CreateUserDto extends UserFieldsDto {
  @ApiProperty({
    description: 'At least 12 characters, not a common password, not the email or the name',
    format: 'password',
  })
  @IsString()
  password!: string;
}

export class ReplaceUserDto extends UserFieldsDto {
  @ApiProperty({ description: 'false deactivates the account and ends its sessions' })
  @IsBoolean()
  active!: boolean;

  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

/**
 * The read-only fields of an account's GET representation, which a PUT or PATCH may carry back as
 * read. The id is in the URL (the body has no `id` of its own); the last sign-in and a lock follow
 * sign-ins, not the account's version.
 */
export const USER_READ_ONLY = readOnlyFields(
  ['id', 'totpEnabled', 'lastLoginAt', 'lockedUntil', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'],
  ['lastLoginAt', 'lockedUntil'],
);
