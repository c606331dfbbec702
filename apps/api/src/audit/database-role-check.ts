import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** What the API's database role may do that it must not: each makes the audit trail rewritable. */
export interface DatabaseRolePowers {
  role: string;
  superuser: boolean;
  /** It owns audit_events, or is a member of its owner: it may disable the triggers. */
  ownsAuditTable: boolean;
}

/** The message for a role that could rewrite the audit trail, or undefined for a least-privilege one. */
export function describeDatabaseRolePowers(powers: DatabaseRolePowers): string | undefined {
  const problems = [
    ...(powers.superuser ? ['is a PostgreSQL superuser'] : []),
    ...(powers.ownsAuditTable ? ['owns the audit_events table'] : []),
  ];
  if (problems.length === 0) return undefined;
  return (
    `The API's database role "${powers.role}" ${problems.join(' and ')}: anyone holding DATABASE_URL could ` +
    'disable the audit triggers and rewrite the audit trail. Connect the API as a role that owns nothing ' +
    '(SELECT and INSERT only on audit_events) and run migrations as the owner through ' +
    'VIGIE_OWNER_DATABASE_URL (README, "Configuration"); `npm start` without DATABASE_URL sets this up itself.'
  );
}

/**
 * At start: refuses (NODE_ENV=production) or warns about a database role that could rewrite the
 * audit trail — a superuser or the owner of audit_events (issue 10, item 8).
 */
@Injectable()
export class DatabaseRoleCheck implements OnModuleInit {
  private readonly logger = new Logger(DatabaseRoleCheck.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const message = describeDatabaseRolePowers(await this.powers());
    if (message === undefined) return;
    if (this.config.NODE_ENV === 'production') {
      throw new Error(`Refusing to start in production: ${message}`);
    }
    this.logger.warn(message);
  }

  async powers(): Promise<DatabaseRolePowers> {
    const [row] = (await this.dataSource.query(
      `SELECT current_user AS role, r.rolsuper AS superuser,
              COALESCE((SELECT pg_has_role(current_user, c.relowner, 'USAGE')
                          FROM pg_class c WHERE c.oid = to_regclass('public.audit_events')), false) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    )) as { role: string; superuser: boolean; owns: boolean }[];
    return { role: row?.role ?? '?', superuser: row?.superuser ?? false, ownsAuditTable: row?.owns ?? false };
  }
}
