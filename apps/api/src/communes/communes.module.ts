import { Module } from '@nestjs/common';
import { CommunesController } from './communes.controller';
import { CommunesRepository } from './communes.repository';
import { CommunesService } from './communes.service';

@Module({ controllers: [CommunesController], providers: [CommunesService, CommunesRepository] })
export class CommunesModule {}
