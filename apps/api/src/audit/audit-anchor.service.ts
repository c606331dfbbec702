import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ScheduledJobs } from '../jobs/scheduled-jobs';
import {
  type Anchor,
  anchorPaths,
  appendAnchor,
  type AnchorPaths,
  loadOrCreateAnchorKey,
} from './audit-anchors';
import { verifyAuditChain } from './audit-verification';

/**
 * Anchors the audit chain outside the database on a schedule (`VIGIE_AUDIT_ANCHOR_CRON`, hourly by
 * default): verifies the chain and appends its count and head hash, signed, to the anchor file.
 * A broken chain is not anchored (that would vouch for the tampering): the job fails loudly instead.
 */
@Injectable()
export class AuditAnchorService implements OnModuleInit {
  private readonly logger = new Logger(AuditAnchorService.name);
  readonly paths: AnchorPaths;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly scheduledJobs: ScheduledJobs,
  ) {
    this.paths = anchorPaths(config);
  }

  onModuleInit(): void {
    if (!this.config.VIGIE_SCHEDULED_JOBS) return;
    // Made at the first start, so that a bad path is reported now rather than in an hour.
    loadOrCreateAnchorKey(this.paths);
    this.scheduledJobs.register({
      name: 'maintenance.audit-anchor',
      cron: this.config.VIGIE_AUDIT_ANCHOR_CRON,
      expireInSeconds: 3600,
      run: async () => {
        await this.run();
      },
    });
  }

  /** One anchor, now. */
  async run(): Promise<Anchor> {
    const verdict = await verifyAuditChain(this.dataSource);
    if (!verdict.ok) {
      throw new Error(
        `Audit chain broken at event ${verdict.brokenAtId} (${verdict.reason}): not anchored. Run npm run audit:verify.`,
      );
    }
    const anchor = appendAnchor(this.paths, verdict.count, verdict.headHash);
    this.logger.log(`Audit chain anchored: ${anchor.count} events, head ${anchor.headHash}`);
    return anchor;
  }
}
