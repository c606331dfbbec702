import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { PublicationCopies } from './publication-copies';
import { FilesModule } from '../files/files.module';

@Module({
  imports: [FilesModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, AttachmentsRepository, PublicationCopies],
})
export class AttachmentsModule {}
