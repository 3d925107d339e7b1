import { createHash, timingSafeEqual } from 'node:crypto';
import type { RedisFailureThrottle } from '@switchboard/web-channel';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieValues, isValidSession, SESSION_COOKIE } from './admin-session.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `presented` is the admin token. Both sides are hashed first so `timingSafeEqual`
 * always compares equal lengths: the time taken says nothing about the token or its length.
 */
export function isAdminToken(presented: string, token: string): boolean {
  return timingSafeEqual(digest(presented), digest(token)) && presented !== '';
}

/** Whether `header` is `Bearer <token>`. */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return isAdminToken(match?.[1] ?? '', token) && match !== null;
}

/** Whether the request carries a valid, unexpired admin session cookie. */
export function hasValidSession(request: FastifyRequest, token: string, now: number): boolean {
  // Every candidate is checked (no early exit), so a duplicate cookie cannot shorten the work.
  return cookieValues(request.headers.cookie, SESSION_COOKIE)
    .map((value) => isValidSession(value, token, now))
    .includes(true);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF check for cookie-authenticated requests. We check `Origin` rather than require a
 * custom header because bull-board's UI, which we do not control, sends its own PUT/POST/DELETE
 * requests and cannot add one; browsers put `Origin` on every such request, cross-site ones
 * included. With no `Origin` (not a browser, or a very old one) `Sec-Fetch-Site`, when sent,
 * must say same-origin. SameSite=Strict already keeps the cookie off cross-site requests; this
 * is the second lock. Behind a proxy, the proxy must pass the browser's `Host` through (or the
 * app must trust `X-Forwarded-Host`), or every cookie-authenticated change is refused.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) {
    const site = request.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  try {
    const from = new URL(origin);
    // Parsed with the origin's scheme so default ports compare equal (`host:443` = `host`).
    return new URL(`${from.protocol}//${request.host}`).host === from.host;
  } catch {
    return false; // `Origin: null` (sandboxed frames, privacy redirects) or garbage
  }
}

/**
 * Answered here rather than thrown: bull-board installs its own error handler in its context,
 * which would turn a thrown error into a 500.
 */
function refuse(reply: FastifyReply, status: 401 | 403, message: string) {
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  const code = status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN';
  return reply.status(status).send({ error: { code, message } });
}

/** Counts wrong admin tokens per client address; see `RedisFailureThrottle`. */
export type AdminThrottle = Pick<RedisFailureThrottle, 'lockedFor' | 'fail'>;

/** The throttle's key: the client address (the real one when TRUST_PROXY names the proxy). */
export const throttleKey = (request: FastifyRequest) => `ip:${request.ip}`;

/** 429 with Retry-After when this address guessed wrong too often; answered, not thrown. */
export async function refuseIfLocked(
  throttle: AdminThrottle | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const wait = throttle ? await throttle.lockedFor(throttleKey(request)) : 0;
  if (wait === 0) return false;
  await reply
    .status(429)
    .header('retry-after', String(wait))
    .send({
      error: {
        code: 'RATE_LIMITED',
        message: 'Too many wrong admin tokens from this address; try again later.',
        details: { retryAfterSeconds: wait },
      },
    });
  return true;
}

export interface RequireAdminOptions {
  /** Clock for session expiry. @defaultValue Date.now */
  now?: () => number;
  /** Locks an address out after repeated wrong bearer tokens; left out, guesses are unlimited. */
  throttle?: AdminThrottle;
}

/**
 * An `onRequest` hook admitting the admin token (`Authorization: Bearer`) or a browser session
 * cookie from `POST /admin/api/session`. A cookie-authenticated request that changes state must
 * also come from this origin (`isSameOrigin`), else 403; anything else is 401. A request that
 * presents a token is a guess: a wrong one counts against the address, and a locked address
 * gets 429 without its token being checked (right or wrong), so the lock is no oracle.
 * Cookie-only requests are not counted (an expired cookie is not a guess).
 */
export function requireAdmin(token: string, options: RequireAdminOptions = {}) {
  const now = options.now ?? Date.now;
  const { throttle } = options;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      if (await refuseIfLocked(throttle, request, reply)) return;
      if (isAuthorized(header, token)) return;
      await throttle?.fail(throttleKey(request));
    }
    if (!hasValidSession(request, token, now())) {
      await refuse(reply, 401, 'A valid admin bearer token or session is required.');
      return;
    }
    if (SAFE_METHODS.has(request.method) || isSameOrigin(request)) return;
    await refuse(reply, 403, 'Cross-site admin request refused: Origin does not match this host.');
  };
}
