import { IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { ReplaceUserDto } from './user-input.dto';

/** Some fields and the version the change is based on. */
export class PatchUserDto extends IntersectionType(
  PartialType(OmitType(ReplaceUserDto, ['version'] as const)),
  PickType(ReplaceUserDto, ['version'] as const),
) {}
