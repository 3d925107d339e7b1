import { SwitchboardError } from '@switchboard/core';
import {
  bearerToken,
  isWebConversationId,
  normalizeOrigin,
  type OriginPolicy,
  type RateLimiter,
  type SessionClaims,
  verifySessionToken,
} from '@switchboard/web-channel';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fallbackHit } from './limit-fallback.ts';

/** The origin a request reached this server at, as a browser on this origin would send it. */
export function ownOrigin(request: FastifyRequest): string {
  const origin = `${request.protocol}://${request.host}`;
  return normalizeOrigin(origin) ?? origin;
}

/**
 * An `onRequest` hook for /api/widget: refuses origins that may not embed the widget (403) and
 * answers allowed ones with CORS headers, on every route and on preflights.
 */
export function originGuard(policy: OriginPolicy) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const origin = request.headers.origin;
    if (!policy.allows(origin, ownOrigin(request)))
      throw new SwitchboardError('FORBIDDEN', 'This origin may not use the chat widget.', {
        details: { origin },
      });
    reply.header('vary', 'Origin');
    if (origin === undefined) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', 'Retry-After');
  };
}

/** Counts a request against `key`; over the limit, a 429 with Retry-After. */
export async function enforceLimit(
  limiter: RateLimiter,
  reply: FastifyReply,
  key: string,
  limit: number,
): Promise<void> {
  // Redis down: this process's own window keeps the limit instead of failing the request.
  const decision = await limiter.hit(key, limit).catch(() => fallbackHit(key, limit));
  if (decision.allowed) return;
  reply.header('retry-after', String(decision.retryAfterSeconds));
  throw new SwitchboardError('RATE_LIMITED', 'Too many requests; try again shortly.', {
    details: { retryAfterSeconds: decision.retryAfterSeconds },
  });
}

/**
 * The session behind `Authorization: Bearer <token>`.
 * @throws SwitchboardError UNAUTHORIZED (401) when the token is missing, forged or expired.
 */
export function sessionOf(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { secret: string; clock?: () => number },
): SessionClaims {
  const token = bearerToken(request.headers.authorization);
  reply.header('www-authenticate', 'Bearer');
  if (!token) throw new SwitchboardError('UNAUTHORIZED', 'A widget session token is required.');
  const claims = verifySessionToken(token, options);
  // Tokens are only issued for owned `web:` conversations; anything else (a token signed
  // before conversations had owners) is refused, and the widget asks for a new session.
  if (!isWebConversationId(claims.conversationId))
    throw new SwitchboardError('UNAUTHORIZED', 'This session token is for no widget conversation.');
  reply.removeHeader('www-authenticate');
  return claims;
}
