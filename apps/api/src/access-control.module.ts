import { Module } from '@nestjs/common';
import { TotpModule } from './auth/totp.module';
import { SettingsModule } from './settings/settings.module';
import { UsersModule } from './users/users.module';

/** Accounts administration, self-service second factor and security settings, registered as one. */
@Module({ imports: [UsersModule, TotpModule, SettingsModule] })
export class AccessControlFeatureModule {}
