import { IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { ReplaceIncidentDto } from './incident-input.dto';

/** Some fields and the version the change is based on. */
export class PatchIncidentDto extends IntersectionType(
  PartialType(OmitType(ReplaceIncidentDto, ['version'] as const)),
  PickType(ReplaceIncidentDto, ['version'] as const),
) {}
