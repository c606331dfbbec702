/**
 * The "without" side of the auth-audit benchmark (bench/lib/auth-audit.mts), started as a child
 * process like `dist/apps/api/src/main.js`: the same compiled application, built by the same
 * `createApp` and listening the same way, except for two things, replaced here and only here:
 *
 * - the global `AccessGuard` lets every request through and sets a fixed admin actor on it (no
 *   session lookup, no role check, no `last_seen_at` touch);
 * - `AuditService.record` does nothing (no advisory lock, no head read, no insert).
 *
 * Why prototypes and not `Test.createTestingModule(…).overrideGuard(AccessGuard)`: the guard is
 * registered as `{ provide: APP_GUARD, useClass: AccessGuard }`, which Nest's scanner stores under a
 * generated `APP_GUARD (UUID: …)` token, so overriding the `AccessGuard` token has no effect (the real
 * guard still answers 401). Replacing the two methods keeps `createApp` — and so the global prefix,
 * pipes, filter, cookie plugin, body parsers, OpenAPI and console routes — exactly as shipped. The
 * benchmark checks that the replacement took effect (a request without a token succeeds here and gets
 * 401 from the real server; no audit event is written for this side's creates).
 *
 * Never part of the application: nothing in `apps/` can switch authentication off.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const requireCompiled = createRequire(join(ROOT, 'package.json'));
const load = (path: string): unknown => requireCompiled(join(ROOT, path));

interface ExecutionContextLike {
  switchToHttp(): { getRequest<T>(): T };
}
interface RequestLike {
  ip: string;
  actor?: unknown;
}
interface ListeningApp {
  enableShutdownHooks(): void;
  listen(port: number, host: string): Promise<unknown>;
}

const fixedActor = JSON.parse(process.env.BENCH_FIXED_ACTOR ?? 'null') as {
  id: string;
  email: string;
  name: string;
  role: string;
  sessionId: string;
} | null;
if (!fixedActor || fixedActor.role !== 'admin') {
  console.error('BENCH_FIXED_ACTOR must be the JSON of an admin actor');
  process.exit(1);
}

// What main.ts imports first.
requireCompiled('reflect-metadata');

const { AccessGuard } = load('dist/apps/api/src/auth/access.guard.js') as {
  AccessGuard: { prototype: { canActivate(context: ExecutionContextLike): unknown } };
};
const { AuditService } = load('dist/apps/api/src/audit/audit.service.js') as {
  AuditService: { prototype: { record(...args: unknown[]): Promise<void> } };
};
if (
  typeof AccessGuard.prototype.canActivate !== 'function' ||
  typeof AuditService.prototype.record !== 'function'
) {
  console.error(
    'AccessGuard.canActivate or AuditService.record not found in dist/: the benchmark needs updating',
  );
  process.exit(1);
}
AccessGuard.prototype.canActivate = function passThrough(context: ExecutionContextLike): boolean {
  const request = context.switchToHttp().getRequest<RequestLike>();
  request.actor = { ...fixedActor, ip: request.ip };
  return true;
};
AuditService.prototype.record = async function noAudit(): Promise<void> {};

// From here on, exactly what dist/apps/api/src/main.js does.
const { loadConfig } = load('dist/apps/api/src/config/app-config.js') as {
  loadConfig(): { PORT: number; HOST: string };
};
const { createApp } = load('dist/apps/api/src/app.factory.js') as {
  createApp(config: unknown): Promise<ListeningApp>;
};

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  console.log(`Vigie baseline (no authentication, no audit) is running on port ${config.PORT}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
