import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Min } from 'class-validator';

/** `POST /api/observations/:id/merge`: the record merged into `:id`, and the version of `:id` seen. */
export class MergeObservationDto {
  @ApiProperty({ format: 'uuid', description: 'The observation merged into this one (soft-deleted)' })
  @IsUUID('all')
  duplicateId!: string;

  @ApiProperty({ description: 'The version of the kept observation the decision is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}
