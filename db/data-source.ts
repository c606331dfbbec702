import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { CommuneEntity } from '../apps/api/src/communes/entities/commune.entity';
import { SiteEntity } from '../apps/api/src/sites/entities/site.entity';
import { ObservationEntity } from '../apps/api/src/observations/entities/observation.entity';
import { ObservationForceEntity } from '../apps/api/src/observations/entities/observation-force.entity';
import { ObservationSeizureEntity } from '../apps/api/src/observations/entities/observation-seizure.entity';
import { UserEntity } from '../apps/api/src/auth/entities/user.entity';
import { DatasetFactEntity } from '../apps/api/src/dataset/entities/dataset-fact.entity';
import { IncidentEntity } from '../apps/api/src/incidents/entities/incident.entity';
import { LegalCaseEntity } from '../apps/api/src/legal/cases/entities/legal-case.entity';
import { LegalCaseEventEntity } from '../apps/api/src/legal/events/entities/legal-case-event.entity';
import { LegalDeadlineEntity } from '../apps/api/src/legal/deadlines/entities/legal-deadline.entity';
import { LegalEvidenceEntity } from '../apps/api/src/legal/evidence/entities/legal-evidence.entity';
import { CreateSchema1795354135574 } from './migrations/1795354135574-CreateSchema';
import { CreateAccessControl1795360000000 } from './migrations/1795360000000-CreateAccessControl';
import { CreateIncidentsAndEvidence1795370000000 } from './migrations/1795370000000-CreateIncidentsAndEvidence';
import { CreateReports1795380000000 } from './migrations/1795380000000-CreateReports';
import { CreateLegalCases1795390000000 } from './migrations/1795390000000-CreateLegalCases';
import { hideQueryParametersFromInspection, SafeQueryLogger } from './safe-query-logger';

// Whatever prints a failed statement prints it without its parameters (testimony, TOTP secrets).
hideQueryParametersFromInspection();
import { AddTotpReplayGuard1795401000000 } from './migrations/1795401000000-AddTotpReplayGuard';
import { AddAttachmentPublicationFailure1795403700000 } from './migrations/1795403700000-AddAttachmentPublicationFailure';
import { SearchByVisibility1795405300000 } from './migrations/1795405300000-SearchByVisibility';
import { CreateFileIntegrity1795409000000 } from './migrations/1795409000000-CreateFileIntegrity';
import { SharpenDuplicateRule1795412000000 } from './migrations/1795412000000-SharpenDuplicateRule';
import { CreateAccessTokens1795414500000 } from './migrations/1795414500000-CreateAccessTokens';
import { CreateImports1795420000000 } from './migrations/1795420000000-CreateImports';
import { CoverDuplicateSearch1795426000000 } from './migrations/1795426000000-CoverDuplicateSearch';
import { StoreImportInputs1795427000000 } from './migrations/1795427000000-StoreImportInputs';
import { StoreTileGeometry1795428000000 } from './migrations/1795428000000-StoreTileGeometry';
import { ObservationDailyFacts1795429000000 } from './migrations/1795429000000-ObservationDailyFacts';
import { TuneListAutovacuum1795430000000 } from './migrations/1795430000000-TuneListAutovacuum';
import { CountForcesPerObservation1795431000000 } from './migrations/1795431000000-CountForcesPerObservation';
import { CoverTileIndex1795432000000 } from './migrations/1795432000000-CoverTileIndex';
import { CreateBackupRuns1795425000000 } from './migrations/1795425000000-CreateBackupRuns';

/** Used when DATABASE_URL is unset: the local server `npm start` provisions. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vigie';

export const ENTITIES = [
  CommuneEntity,
  SiteEntity,
  ObservationEntity,
  ObservationForceEntity,
  ObservationSeizureEntity,
  UserEntity,
  DatasetFactEntity,
  IncidentEntity,
  LegalCaseEntity,
  LegalCaseEventEntity,
  LegalDeadlineEntity,
  LegalEvidenceEntity,
];

/** Listed explicitly (no glob) so that compiled code, tests and the CLI run the same list. */
export const MIGRATIONS = [
  CreateSchema1795354135574,
  CreateAccessControl1795360000000,
  CreateIncidentsAndEvidence1795370000000,
  CreateReports1795380000000,
  CreateLegalCases1795390000000,
  AddTotpReplayGuard1795401000000,
  AddAttachmentPublicationFailure1795403700000,
  SearchByVisibility1795405300000,
  CreateFileIntegrity1795409000000,
  SharpenDuplicateRule1795412000000,
  CreateAccessTokens1795414500000,
  CreateImports1795420000000,
  CreateBackupRuns1795425000000,
  CoverDuplicateSearch1795426000000,
  StoreImportInputs1795427000000,
  StoreTileGeometry1795428000000,
  ObservationDailyFacts1795429000000,
  TuneListAutovacuum1795430000000,
  CountForcesPerObservation1795431000000,
  CoverTileIndex1795432000000,
];

/** `applicationName` names the sessions in pg_stat_activity (the API's are `vigie-api`). */
export function dataSourceOptions(url: string, applicationName?: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    ...(applicationName ? { applicationName } : {}),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    // TypeORM's own loggers print a failed statement's parameters: this one never does.
    logger: new SafeQueryLogger(),
    // JSON built in SQL renders timestamps in the session's zone: pin it so output never varies.
    // JIT compilation costs tens of milliseconds and pays off only on long analytical queries.
    extra: { max: Number(process.env.VIGIE_DB_POOL_SIZE ?? 10), options: '-c timezone=UTC -c jit=off' },
  };
}

/** The data source the TypeORM CLI uses: `typeorm migration:run -d dist/db/data-source.js`. */
export const dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
