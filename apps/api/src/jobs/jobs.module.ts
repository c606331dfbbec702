import { Global, Module } from '@nestjs/common';
import { ScheduledJobs } from './scheduled-jobs';

/** One scheduler for every maintenance job; global so that any feature module can register its own. */
@Global()
@Module({ providers: [ScheduledJobs], exports: [ScheduledJobs] })
export class JobsModule {}
