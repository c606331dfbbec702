import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/**
 * Everything the API reads from its environment, validated at start (DESIGN §8). Names are the
 * environment variables; the README's configuration table lists them.
 */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

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
   * limits), the protocol (Secure cookie, Origin check) and the host are the client's.
   */
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  VIGIE_TRUST_PROXY: boolean = false;

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

  /** Largest evidence file accepted by `POST /api/attachments`, in MB (2^20 bytes). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 100 : Number(value)))
  @IsInt({ message: 'VIGIE_MAX_UPLOAD_MB must be an integer' })
  @Min(1)
  @Max(10_240)
  VIGIE_MAX_UPLOAD_MB: number = 100;

  /** Where evidence files are stored (content-addressed); default `<project>/.data/files`. */
  @IsOptional()
  @IsString()
  VIGIE_DATA_DIR?: string;

  /** The Chromium that prints reports to PDF (installed by `npm start` when missing). */
  @IsOptional()
  @IsString()
  VIGIE_CHROMIUM_PATH: string = '/usr/bin/chromium';

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

  /** `false`: this process runs no scheduled maintenance job (anchors, file checks, purges). */
  @IsOptional()
  @Transform(({ value }) => !(value === 'false' || value === false))
  VIGIE_SCHEDULED_JOBS: boolean = true;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'warn';
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
