import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BackupsModule } from '../backups/backups.module';
import { FilesModule } from '../files/files.module';
import { HealthController } from './health.controller';

/**
 * AuthModule for the admin's session (details), FilesModule for the file check's findings,
 * BackupsModule for the backups' freshness.
 */
@Module({ imports: [AuthModule, BackupsModule, FilesModule], controllers: [HealthController] })
export class HealthModule {}
