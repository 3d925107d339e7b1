import { createHash, timingSafeEqual } from 'node:crypto';
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

export interface RequireAdminOptions {
  /** Clock for session expiry. @defaultValue Date.now */
  now?: () => number;
}

/**
 * An `onRequest` hook admitting the admin token (`Authorization: Bearer`) or a browser session
 * cookie from `POST /admin/api/session`. A cookie-authenticated request that changes state must
 * also come from this origin (`isSameOrigin`), else 403; anything else is 401.
 */
export function requireAdmin(token: string, options: RequireAdminOptions = {}) {
  const now = options.now ?? Date.now;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isAuthorized(request.headers.authorization, token)) return;
    if (!hasValidSession(request, token, now())) {
      await refuse(reply, 401, 'A valid admin bearer token or session is required.');
      return;
    }
    if (SAFE_METHODS.has(request.method) || isSameOrigin(request)) return;
    await refuse(reply, 403, 'Cross-site admin request refused: Origin does not match this host.');
  };
}
