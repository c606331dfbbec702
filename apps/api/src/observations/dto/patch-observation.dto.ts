import { IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { ReplaceObservationDto } from './observation-input.dto';

/** Some fields and the version the change is based on. */
export class PatchObservationDto extends IntersectionType(
  PartialType(OmitType(ReplaceObservationDto, ['version'] as const)),
  PickType(ReplaceObservationDto, ['version'] as const),
) {}
