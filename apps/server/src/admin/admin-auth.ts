import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `header` is `Bearer <token>`. Both sides are hashed first so `timingSafeEqual` always
 * compares equal lengths: the time taken says nothing about the token or its length.
 */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  const presented = digest(match?.[1] ?? '');
  return timingSafeEqual(presented, digest(token)) && match !== null;
}

/** An `onRequest` hook refusing requests without the admin token with 401. */
export function requireBearer(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isAuthorized(request.headers.authorization, token)) return;
    // Not in the core catalogue (only the admin API needs it), so answered here directly.
    await reply
      .status(401)
      .header('www-authenticate', 'Bearer')
      .send({
        error: { code: 'UNAUTHORIZED', message: 'A valid admin bearer token is required.' },
      });
  };
}
