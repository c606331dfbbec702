import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '../../../db/data-source';
import { AccessControlFeatureModule } from './access-control.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditApiModule } from './audit/audit-api.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BackupsModule } from './backups/backups.module';
import { CommunesModule } from './communes/communes.module';
import { AppConfig } from './config/app-config';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { ImportsModule } from './imports/imports.module';
import { IncidentsModule } from './incidents/incidents.module';
import { LegalModule } from './legal/legal.module';
import { MetaModule } from './meta/meta.module';
import { ObservationsModule } from './observations/observations.module';
import { ReportsModule } from './reports/reports.module';
import { SitesModule } from './sites/sites.module';
import { StatsModule } from './stats/stats.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Named, so that an operator tells the API's sessions apart in pg_stat_activity.
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, 'vigie-api')),
        JobsModule,
        AuditModule,
        AuthModule,
        AccessControlFeatureModule,
        AuditApiModule,
        HealthModule,
        MetaModule,
        CommunesModule,
        SitesModule,
        ObservationsModule,
        IncidentsModule,
        AttachmentsModule,
        LegalModule,
        StatsModule,
        ExportsModule,
        ReportsModule,
        ImportsModule,
        BackupsModule,
      ],
    };
  }
}
