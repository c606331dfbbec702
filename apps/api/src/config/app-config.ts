import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { EXPORT_LICENSE_IDS, type ExportLicenseId } from '../exports/export-licenses';
import { DuplicateRuleSettings } from './duplicate-rule-settings';
import { IsTrustProxy, parseTrustProxy, type TrustProxy } from './trust-proxy';

/**
 * Everything the API reads from its environment, validated at start (DESIGN §8). Names are the
 * environment variables; the README's configuration table lists them. The thresholds of the
 * possible-duplicate rule (`VIGIE_DUPLICATE_*`) come from `DuplicateRuleSettings`, which the database
 * commands read too.
 */
export class AppConfig extends DuplicateRuleSettings {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /**
   * The pg-boss queues' own login role (it owns the `pgboss` schema and nothing else). Unset: the
   * queues use DATABASE_URL and create their schema themselves (a role that may create schemas).
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'VIGIE_QUEUE_DATABASE_URL must be a postgres:// URL' })
  VIGIE_QUEUE_DATABASE_URL?: string;

  /** `production` refuses a database role that could rewrite the audit trail (superuser, owner). */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** When the audit chain's head is anchored (signed line in the anchor file); cron, UTC. */
  @IsOptional()
  @Matches(/^\S+( \S+){4}$/, { message: 'VIGIE_AUDIT_ANCHOR_CRON must be a five-field cron expression' })
  VIGIE_AUDIT_ANCHOR_CRON: string = '0 * * * *';

  /** The append-only file of signed audit anchors; default `<project>/.data/audit-anchors.jsonl`. */
  @IsOptional()
  @IsString()
  VIGIE_AUDIT_ANCHOR_FILE?: string;

  /** The Ed25519 private key signing anchors (made at first start, 0600); default under `.data/`. */
  @IsOptional()
  @IsString()
  VIGIE_AUDIT_ANCHOR_KEY?: string;

  /** The public keys anchors are checked with (each new key is appended); default `<key>.pub`. */
  @IsOptional()
  @IsString()
  VIGIE_AUDIT_ANCHOR_PUBLIC_KEYS?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be an integer' })
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** 127.0.0.1 by default: until accounts exist, the API must not be reachable from the network. */
  @IsOptional()
  @IsString()
  HOST: string = '127.0.0.1';

  @IsOptional()
  @IsString()
  VIGIE_CONSOLE_DIR?: string;

  /**
   * Behind a TLS reverse proxy: trust its X-Forwarded-* headers, so that the client address (login
   * limits, audit), the protocol (Secure cookie, Origin check) and the host are the client's. Only
   * the proxies' addresses/CIDRs or their number: `true` (every hop) is refused (see trust-proxy.ts).
   */
  @Transform(({ value }) => parseTrustProxy(value))
  @IsTrustProxy()
  VIGIE_TRUST_PROXY: TrustProxy = false;

  /** Days sign-in attempts and ended sessions (addresses, user agents) are kept before the purge. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 90 : Number(value)))
  @IsInt({ message: 'VIGIE_AUTH_RETENTION_DAYS must be an integer (days)' })
  @Min(1, { message: 'VIGIE_AUTH_RETENTION_DAYS must be at least 1 (days)' })
  VIGIE_AUTH_RETENTION_DAYS: number = 90;

  /**
   * The address users reach Vigie at (`https://vigie.example.org`), for the links it writes where no
   * request tells it (calendar feeds). Without it, the address of the request is used.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*[^/?#\s])?$/, {
    message: 'VIGIE_PUBLIC_URL must be an http(s) URL without a trailing slash, query or fragment',
  })
  VIGIE_PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.*\{z\}.*$/, {
    message: 'VIGIE_TILE_URL must be an http(s) URL template with {z}/{x}/{y}',
  })
  VIGIE_TILE_URL?: string;

  @IsOptional()
  @IsString()
  VIGIE_TILE_ATTRIBUTION?: string;

  /** Failed logins from one address within 15 minutes before it gets 429. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt({ message: 'VIGIE_LOGIN_MAX_FAILURES_PER_IP must be an integer' })
  @Min(1)
  VIGIE_LOGIN_MAX_FAILURES_PER_IP: number = 30;

  /** Login attempts on one account within 15 minutes before it gets 429 (the lock comes first). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt({ message: 'VIGIE_LOGIN_MAX_ATTEMPTS_PER_ACCOUNT must be an integer' })
  @Min(1)
  VIGIE_LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: number = 20;

  /** Requests one personal access token may make per minute before it gets 429 (DESIGN §5). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 60 : Number(value)))
  @IsInt({ message: 'VIGIE_ACCESS_TOKEN_RATE_PER_MINUTE must be an integer (requests per minute)' })
  @Min(1, { message: 'VIGIE_ACCESS_TOKEN_RATE_PER_MINUTE must be at least 1' })
  @Max(100_000, { message: 'VIGIE_ACCESS_TOKEN_RATE_PER_MINUTE must be at most 100000' })
  VIGIE_ACCESS_TOKEN_RATE_PER_MINUTE: number = 60;

  /** The longest lifetime a personal access token may be given, in days. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 365 : Number(value)))
  @IsInt({ message: 'VIGIE_ACCESS_TOKEN_MAX_DAYS must be an integer (days)' })
  @Min(1, { message: 'VIGIE_ACCESS_TOKEN_MAX_DAYS must be at least 1 (days)' })
  @Max(3650, { message: 'VIGIE_ACCESS_TOKEN_MAX_DAYS must be at most 3650 (days)' })
  VIGIE_ACCESS_TOKEN_MAX_DAYS: number = 365;

  /** Largest evidence file accepted by `POST /api/attachments`, in MB (2^20 bytes). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 100 : Number(value)))
  @IsInt({ message: 'VIGIE_MAX_UPLOAD_MB must be an integer' })
  @Min(1)
  @Max(10_240)
  VIGIE_MAX_UPLOAD_MB: number = 100;

  /**
   * Largest file accepted by `POST /api/imports`, in MB. A spreadsheet of 50,000 rows is about
   * 10 MB; a larger file is most likely not a table of observations.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 50 : Number(value)))
  @IsInt({ message: 'VIGIE_IMPORT_MAX_MB must be an integer' })
  @Min(1)
  @Max(1024)
  VIGIE_IMPORT_MAX_MB: number = 50;

  /** Where evidence files are stored (content-addressed); default `<project>/.data/files`. */
  @IsOptional()
  @IsString()
  VIGIE_DATA_DIR?: string;

  /** The Chromium that prints reports to PDF (installed by `npm start` when missing). */
  @IsOptional()
  @IsString()
  VIGIE_CHROMIUM_PATH: string = '/usr/bin/chromium';

  /**
   * Chromium's sandbox for the report browser: `auto` (default) wherever the host allows it (not
   * root, user namespaces on), `on` always (the launch fails where it cannot), `off` never.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 'auto' : value))
  @IsIn(['auto', 'on', 'off'], { message: 'VIGIE_CHROMIUM_SANDBOX must be auto, on or off' })
  VIGIE_CHROMIUM_SANDBOX: 'auto' | 'on' | 'off' = 'auto';

  /** Reports this process renders at once; the others wait in the queue. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 2 : Number(value)))
  @IsInt({ message: 'VIGIE_REPORT_CONCURRENCY must be an integer' })
  @Min(1)
  @Max(16)
  VIGIE_REPORT_CONCURRENCY: number = 2;

  /** `false`: this process queues reports but renders none (another process works the queue). */
  @IsOptional()
  @Transform(({ value }) => !(value === 'false' || value === false))
  VIGIE_REPORT_WORKER: boolean = true;

  /** Name of the pg-boss queue of report jobs; processes that share it share the work. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9._-]{0,63}$/, {
    message: 'VIGIE_REPORT_QUEUE must be a lower-case name (letters, digits, . _ -)',
  })
  VIGIE_REPORT_QUEUE: string = 'reports.render';

  /**
   * Side in metres of the Lambert-93 grid that de-identified positions are snapped to (the centre
   * of their cell): report maps, research level (DESIGN §7: 500 m).
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 500 : Number(value)))
  @IsInt({ message: 'VIGIE_LOCATION_GRID_METRES must be an integer (metres)' })
  @Min(100, { message: 'VIGIE_LOCATION_GRID_METRES must be at least 100 (metres)' })
  @Max(20_000, { message: 'VIGIE_LOCATION_GRID_METRES must be at most 20000 (metres)' })
  VIGIE_LOCATION_GRID_METRES: number = 500;

  /**
   * A report map draws a grid cell only when it holds at least this many evictions of the period;
   * the evictions of smaller cells are drawn at their commune's point.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 3 : Number(value)))
  @IsInt({ message: 'VIGIE_REPORT_MAP_MIN_COUNT must be an integer' })
  @Min(1, { message: 'VIGIE_REPORT_MAP_MIN_COUNT must be at least 1' })
  VIGIE_REPORT_MAP_MIN_COUNT: number = 3;

  /** Research level (DESIGN §7): the last this-many Paris days are left out of researchers' figures. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt({ message: 'VIGIE_RESEARCH_EMBARGO_DAYS must be an integer (days)' })
  @Min(0, { message: 'VIGIE_RESEARCH_EMBARGO_DAYS must be 0 or more (days)' })
  @Max(3650, { message: 'VIGIE_RESEARCH_EMBARGO_DAYS must be at most 3650 (days)' })
  VIGIE_RESEARCH_EMBARGO_DAYS: number = 30;

  /**
   * Research exports (DESIGN §7): a commune-day cell holding fewer records than this is not shown
   * as such; its records are generalised to their area and month (docs/exports.md). 1 turns it off.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 3 : Number(value)))
  @IsInt({ message: 'VIGIE_RESEARCH_MIN_CELL_COUNT must be an integer' })
  @Min(1, { message: 'VIGIE_RESEARCH_MIN_CELL_COUNT must be at least 1' })
  @Max(1000, { message: 'VIGIE_RESEARCH_MIN_CELL_COUNT must be at most 1000' })
  VIGIE_RESEARCH_MIN_CELL_COUNT: number = 3;

  /** Licence of the exported data sets (data package `licenses`, its LICENSE file); SPDX id. */
  @IsOptional()
  @IsIn(EXPORT_LICENSE_IDS, {
    message: `VIGIE_EXPORT_LICENSE must be one of: ${EXPORT_LICENSE_IDS.join(', ')}`,
  })
  VIGIE_EXPORT_LICENSE: ExportLicenseId = 'ODbL-1.0';

  /** Who publishes the exported data sets (data package `contributors`, README, LICENSE). */
  @IsOptional()
  @IsString()
  @Matches(/^\S.{0,199}$/, { message: 'VIGIE_EXPORT_PUBLISHER must be 1 to 200 characters' })
  VIGIE_EXPORT_PUBLISHER: string = 'Observatoire Vigie';

  /**
   * How fast the file check reads stored files, in MB (2^20 bytes) per second, so that the nightly
   * re-hashing never starves the API of disk and CPU; 0 reads at full speed.
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt({ message: 'VIGIE_FILES_VERIFY_MB_PER_SECOND must be an integer (MB per second, 0: no limit)' })
  @Min(0, { message: 'VIGIE_FILES_VERIFY_MB_PER_SECOND must be 0 (no limit) or more' })
  VIGIE_FILES_VERIFY_MB_PER_SECOND: number = 20;

  /** When stored files are re-hashed; cron, UTC. */
  @IsOptional()
  @Matches(/^\S+( \S+){4}$/, { message: 'VIGIE_FILES_VERIFY_CRON must be a five-field cron expression' })
  VIGIE_FILES_VERIFY_CRON: string = '30 2 * * *';

  /** Where backups go: a directory (an external disk) or an rclone remote `name:path`. Unset: no backups. */
  @IsOptional()
  @IsString()
  @Matches(/^\S(.*\S)?$/, {
    message: 'VIGIE_BACKUP_TARGET must be a directory or an rclone remote name:path',
  })
  VIGIE_BACKUP_TARGET?: string;

  /** The age public key backups are encrypted to (`age1…`); its private half is kept offline. */
  @IsOptional()
  @Matches(/^age1[02-9ac-hj-np-z]{58}$/, {
    message: 'VIGIE_BACKUP_RECIPIENT must be an age public key (age1…, from npm run backup:keygen)',
  })
  VIGIE_BACKUP_RECIPIENT?: string;

  /** When the scheduled backup runs; cron, UTC. */
  @IsOptional()
  @Matches(/^\S+( \S+){4}$/, { message: 'VIGIE_BACKUP_CRON must be a five-field cron expression' })
  VIGIE_BACKUP_CRON: string = '30 2 * * *';

  /** When the restore drill runs; cron, UTC. */
  @IsOptional()
  @Matches(/^\S+( \S+){4}$/, { message: 'VIGIE_BACKUP_DRILL_CRON must be a five-field cron expression' })
  VIGIE_BACKUP_DRILL_CRON: string = '0 4 1 * *';

  /** Retention: the newest backup of each of the last N days, weeks and months is kept. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 7 : Number(value)))
  @IsInt({ message: 'VIGIE_BACKUP_KEEP_DAILY must be an integer (backups)' })
  @Min(1, { message: 'VIGIE_BACKUP_KEEP_DAILY must be at least 1' })
  VIGIE_BACKUP_KEEP_DAILY: number = 7;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 4 : Number(value)))
  @IsInt({ message: 'VIGIE_BACKUP_KEEP_WEEKLY must be an integer (backups)' })
  @Min(0, { message: 'VIGIE_BACKUP_KEEP_WEEKLY must be 0 or more' })
  VIGIE_BACKUP_KEEP_WEEKLY: number = 4;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 12 : Number(value)))
  @IsInt({ message: 'VIGIE_BACKUP_KEEP_MONTHLY must be an integer (backups)' })
  @Min(0, { message: 'VIGIE_BACKUP_KEEP_MONTHLY must be 0 or more' })
  VIGIE_BACKUP_KEEP_MONTHLY: number = 12;

  /** The identity file (private key) the restore drill may use; without it the drill cannot run. */
  @IsOptional()
  @IsString()
  VIGIE_BACKUP_DRILL_IDENTITY?: string;

  /**
   * Where the scheduled drill makes (and drops) its scratch database: a connection to this
   * PostgreSQL server as a role that may CREATE DATABASE and CREATE EXTENSION postgis. Never the
   * API's own role, which owns nothing; without it the drill runs from `npm run backup:drill` only.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'VIGIE_BACKUP_DRILL_DATABASE_URL must be a postgres:// URL' })
  VIGIE_BACKUP_DRILL_DATABASE_URL?: string;

  /** `false`: this process runs no scheduled maintenance job (anchors, file checks, purges). */
  @IsOptional()
  @Transform(({ value }) => !(value === 'false' || value === false))
  VIGIE_SCHEDULED_JOBS: boolean = true;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'warn';
}

/** The URL the pg-boss queues connect with: their own role when configured. */
export function queueDatabaseUrl(
  config: Pick<AppConfig, 'DATABASE_URL' | 'VIGIE_QUEUE_DATABASE_URL'>,
): string {
  return config.VIGIE_QUEUE_DATABASE_URL ?? config.DATABASE_URL;
}

/** Reads and validates the configuration; throws one message listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = plainToInstance(AppConfig, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new Error(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  return config;
}
