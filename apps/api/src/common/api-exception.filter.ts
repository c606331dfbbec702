import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiErrorBody } from '@vigie/domain';
import { QueryFailedError } from 'typeorm';
import { describeDatabaseError, describeStatement } from '../../../../db/safe-query-logger';
import { DomainError, type DomainErrorKind } from './domain-error';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function statusOfKind(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'unsupported_media_type':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
  }
}

/** Errors fastify raises before Nest sees the request (bad JSON, body too large, bad media type). */
interface FastifyClientError {
  statusCode: number;
  code?: string;
  message: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return (
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500 &&
    typeof code === 'string' &&
    code.startsWith('FST_')
  );
}

function fastifyMessage(error: FastifyClientError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `Malformed JSON body: ${error.message}`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported media type: send application/json';
    default:
      return error.message;
  }
}

/** A failed statement is logged without its parameters nor quoted values (testimony, secrets). */
function describeFailure(exception: unknown): unknown {
  if (exception instanceof QueryFailedError) {
    const query = typeof exception.query === 'string' ? describeStatement(exception.query) : '';
    return `Query failed: ${describeDatabaseError(exception.driverError ?? exception)} — ${query}`;
  }
  return exception instanceof Error ? (exception.stack ?? exception.message) : exception;
}

/**
 * Every error leaves the API as the JSON body of DESIGN §5; a 500 never carries internals.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.toBody(exception);
    if (exception instanceof DomainError && exception.details.retryAfterSeconds !== undefined) {
      void reply.header('Retry-After', String(exception.details.retryAfterSeconds));
    }
    if (status >= 500) {
      this.logger.error(describeFailure(exception));
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): {
    status: number;
    body: ApiErrorBody & { current?: unknown; code?: string };
  } {
    if (exception instanceof DomainError) {
      const status = statusOfKind(exception.kind);
      return {
        status,
        body: {
          statusCode: status,
          error: REASONS[status] ?? 'Error',
          message: exception.message,
          code: exception.code,
          ...(exception.details.errors ? { errors: exception.details.errors } : {}),
          ...(exception.details.current !== undefined ? { current: exception.details.current } : {}),
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const payload =
        typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message = Array.isArray(payload.message)
        ? payload.message.join('; ')
        : typeof payload.message === 'string'
          ? payload.message
          : exception.message;
      const errors = payload.errors as Record<string, string> | undefined;
      return {
        status,
        body: {
          statusCode: status,
          error: REASONS[status] ?? 'Error',
          message,
          ...(errors ? { errors } : {}),
        },
      };
    }
    if (isFastifyClientError(exception)) {
      const status = exception.statusCode;
      return {
        status,
        body: { statusCode: status, error: REASONS[status] ?? 'Error', message: fastifyMessage(exception) },
      };
    }
    return {
      status: 500,
      body: { statusCode: 500, error: REASONS[500] as string, message: 'Internal server error' },
    };
  }
}
