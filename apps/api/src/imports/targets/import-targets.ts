import { Injectable } from '@nestjs/common';
import type { ImportKind } from '@vigie/domain';
import type { ImportTarget } from './import-target';
import { IncidentImportTarget } from './incident-target';
import { ObservationImportTarget } from './observation-target';

/** The import target of each kind of record. */
@Injectable()
export class ImportTargets {
  constructor(
    private readonly observations: ObservationImportTarget,
    private readonly incidents: IncidentImportTarget,
  ) {}

  of(kind: ImportKind): ImportTarget {
    return kind === 'observations' ? this.observations : this.incidents;
  }
}
