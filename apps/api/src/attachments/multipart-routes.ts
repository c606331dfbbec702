import '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** The only routes that take multipart/form-data (POST): evidence files and imports. */
export const UPLOAD_ROUTES: readonly string[] = ['/api/attachments', '/api/imports'];

/**
 * The multipart parser is registered for the whole server (Nest routes share one Fastify
 * context); every other route keeps answering 415 to a body that is not JSON, as before.
 */
export function refuseMultipartElsewhere(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request, reply) => {
    if (
      !request.isMultipart() ||
      (UPLOAD_ROUTES.includes(request.routeOptions.url ?? '') && request.method === 'POST')
    )
      return;
    await reply.status(415).header('content-type', 'application/json; charset=utf-8').send({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Unsupported media type: send application/json',
    });
  });
}
