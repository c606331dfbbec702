import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LIMITS } from '@vigie/domain';
import { projectRoot } from '../../../db/project-root';
import { AppModule } from './app.module';
import { refuseMultipartElsewhere } from './attachments/multipart-routes';
import { MULTIPART_LIMITS, maxUploadBytes } from './attachments/upload-limits';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { COMPRESSION_OPTIONS, excludeFromCompression } from './common/compression';
import { serveConsole } from './common/console-files';
import { securityHeaderValues } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { fastifyTrustProxy } from './config/trust-proxy';

const LOG_LEVELS: Record<AppConfig['LOG_LEVEL'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * Builds the application (API under /api, OpenAPI, console) without listening, so that `main.ts`
 * and the end-to-end tests run exactly the same stack.
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: LIMITS.jsonBodyBytes,
    trustProxy: fastifyTrustProxy(config.VIGIE_TRUST_PROXY),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: LOG_LEVELS[config.LOG_LEVEL],
    // Throw instead of exiting, so that main.ts says what failed and what to do.
    abortOnError: false,
  });
  // Only JSON bodies (and multipart on the upload routes): fastify would otherwise hand a text/plain
  // body to the JSON validation, and Nest an HTML form's, which any web page can post.
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) return;
    await reply.status(415).header('content-type', 'application/json; charset=utf-8').send({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Unsupported media type: send application/json',
    });
  });
  // Security headers on every response (API, OpenAPI UI, console files, errors); routes may send a
  // stricter CSP of their own, which replaces this one.
  const securityHeaders = securityHeaderValues(config);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(securityHeaders);
      done();
    });
  // Brotli or gzip for JSON, text and scripts; before every route (it hooks each one as it is added).
  excludeFromCompression(app.getHttpAdapter().getInstance());
  await app.register(fastifyCompress, COMPRESSION_OPTIONS);
  await app.register(fastifyCookie);
  // Uploads stream part by part (POST /api/attachments); the size limit is checked by the handler.
  await app.register(fastifyMultipart, {
    limits: {
      ...MULTIPART_LIMITS,
      fileSize: Math.max(maxUploadBytes(config), config.VIGIE_IMPORT_MAX_MB * 1024 * 1024),
    },
    throwFileSizeLimit: false,
  });
  refuseMultipartElsewhere(app.getHttpAdapter().getInstance());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigie API')
      .setDescription(
        'Observation and documentation of evictions at the French–British border. Lists follow the ra-data-json-server dialect; errors are `{ statusCode, error, message, errors }`.',
      )
      .setVersion('0.1.0')
      .build(),
  );
  // No validator badge: it would send the document's address to validator.swagger.io (and the CSP refuses it).
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: { validatorUrl: null },
  });

  await serveConsole(
    app.getHttpAdapter().getInstance(),
    config.VIGIE_CONSOLE_DIR ?? join(projectRoot(), 'dist', 'console'),
  );
  return app;
}
