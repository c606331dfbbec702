import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { inject } from 'vitest';
import { createApp } from '../../apps/api/src/app.factory';
import { loadConfig } from '../../apps/api/src/config/app-config';

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real application on a random local port, on the test run's database. */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningApp> {
  // Login limits are tested on their own; other tests sign in many times from 127.0.0.1.
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    // On the run's database, pg-boss signs in as its own role, as under `npm start`.
    ...(databaseUrl === inject('databaseUrl')
      ? { VIGIE_QUEUE_DATABASE_URL: inject('queueDatabaseUrl') }
      : {}),
    LOG_LEVEL: 'error',
    VIGIE_LOGIN_MAX_FAILURES_PER_IP: '10000',
    VIGIE_LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '10000',
    // Scheduled maintenance is tested by running the jobs themselves.
    VIGIE_SCHEDULED_JOBS: 'false',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
