import { Module } from '@nestjs/common';
import { FileStore } from './file-store';

/**
 * The content-addressed store of file bytes (evidence, generated PDFs), shared by the contexts that
 * keep files: one provider, so one start-up clean-up of the temporary directory.
 */
@Module({
  providers: [FileStore],
  exports: [FileStore],
})
export class FilesModule {}
