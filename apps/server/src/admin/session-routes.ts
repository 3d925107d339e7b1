import { SwitchboardError } from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type AdminThrottle,
  isAdminToken,
  isAuthorized,
  isSameOrigin,
  refuseIfLocked,
  throttleKey,
} from './admin-auth.ts';
import { SESSION_TTL_MS, sessionCookie, signSession } from './admin-session.ts';

export interface SessionRoutesOptions {
  /** The admin token a login must present. */
  token: string;
  /** @defaultValue Date.now */
  now?: () => number;
  /** Locks an address out after repeated wrong tokens; left out, guesses are unlimited. */
  throttle?: AdminThrottle;
}

/** The token from a login body: absent, or `{ token }` with nothing else. */
function bodyToken(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : null;
  const unknown = fields?.find((field) => field !== 'token');
  const token = (body as { token?: unknown }).token;
  if (!fields || unknown || (token !== undefined && typeof token !== 'string')) {
    throw new SwitchboardError('BAD_REQUEST', 'body: expected { "token": string } or nothing', {
      details: { field: unknown ?? 'token' },
    });
  }
  return token;
}

const isHttps = (request: FastifyRequest) => request.protocol === 'https';

function unauthorized(reply: FastifyReply) {
  return reply
    .status(401)
    .header('www-authenticate', 'Bearer')
    .send({ error: { code: 'UNAUTHORIZED', message: 'The admin token is not valid.' } });
}

/**
 * Browser login for the admin UIs (registered at `/admin/api/session`). A browser cannot send a
 * bearer header when it navigates, so the token is presented once here (bearer header or
 * `{ token }` body) and exchanged for a signed, expiring, HttpOnly cookie (see admin-session.ts).
 */
export async function sessionRoutes(app: FastifyInstance, options: SessionRoutesOptions) {
  const now = options.now ?? Date.now;

  app.post('/', async (request, reply) => {
    const presented = bodyToken(request.body);
    // Every login is a guess until it succeeds; a locked address is refused unchecked.
    if (await refuseIfLocked(options.throttle, request, reply)) return reply;
    const valid =
      presented !== undefined
        ? isAdminToken(presented, options.token)
        : isAuthorized(request.headers.authorization, options.token);
    if (!valid) {
      await options.throttle?.fail(throttleKey(request));
      return unauthorized(reply);
    }
    const expiresAt = now() + SESSION_TTL_MS;
    const cookie = sessionCookie(signSession(options.token, expiresAt), {
      secure: isHttps(request),
      maxAgeSeconds: SESSION_TTL_MS / 1000,
    });
    return reply
      .header('set-cookie', cookie)
      .header('cache-control', 'no-store')
      .send({ expiresAt: new Date(expiresAt).toISOString() });
  });

  // Logout needs no session (it only clears this browser's cookie) but, like every other
  // browser-made change, it must come from this origin.
  app.delete('/', async (request, reply) => {
    if (!isSameOrigin(request)) {
      throw new SwitchboardError('FORBIDDEN', 'Cross-site admin request refused.');
    }
    const cookie = sessionCookie('', { secure: isHttps(request), maxAgeSeconds: 0 });
    return reply.header('set-cookie', cookie).status(204).send();
  });
}
