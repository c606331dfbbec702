import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import type { SecuritySettings } from '../auth/security-settings';
import { SecuritySettingsDto } from './dto/security-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
@RequirePermission('settings.manage')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('security')
  getSecurity(@CurrentActor() actor: Actor): Promise<SecuritySettings> {
    return this.settings.getSecurity(actor);
  }

  @Put('security')
  @ApiOperation({
    summary: 'Make a second factor mandatory for admin and legal accounts (yours must be set up first)',
  })
  putSecurity(@CurrentActor() actor: Actor, @Body() dto: SecuritySettingsDto): Promise<SecuritySettings> {
    return this.settings.putSecurity(actor, dto);
  }
}
