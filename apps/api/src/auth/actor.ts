import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@vigie/domain';
import type { FastifyRequest } from 'fastify';

/** Who is making the request, as the guard resolved it from the session. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Empty when the request carries a personal access token instead of a session. */
  sessionId: string;
  /** The personal access token the request carries, if any (DESIGN §5). */
  accessTokenId?: string;
  ip: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** The authenticated actor; the guard guarantees one on every non-public route. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without an authenticated actor');
  return actor;
});
