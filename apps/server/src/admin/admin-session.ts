import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Name of the browser session cookie of the admin UIs (admin page, bull-board). */
export const SESSION_COOKIE = 'switchboard_admin';

/** How long a browser login lasts: a working day, then the token is asked for again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * The MAC key, derived from the admin token (HKDF) rather than the token itself, so the cookie's
 * key has one purpose only. Changing the admin token therefore ends every browser session.
 */
function sessionKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, '', 'switchboard admin session v1', 32));
}

function mac(token: string, expiresAt: number): Buffer {
  return createHmac('sha256', sessionKey(token)).update(`session:${expiresAt}`).digest();
}

/**
 * A session cookie value: `<expiry ms>.<HMAC of the expiry>`. It carries no secret, only a
 * proof that someone holding the token logged in, valid until the expiry. It is stateless, so
 * logging out clears the cookie of that browser but cannot revoke a copy; rotating the admin
 * token revokes every session at once.
 */
export function signSession(token: string, expiresAt: number): string {
  return `${expiresAt}.${mac(token, expiresAt).toString('base64url')}`;
}

/** Whether `value` is a session signed with `token` that has not expired at `now`. */
export function isValidSession(value: string, token: string, now: number): boolean {
  const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const expiresAt = Number(match[1]);
  // Compared as text, not decoded: base64url's last character has spare bits, so decoding
  // would accept several spellings of one MAC. Both are 43 characters (the pattern fixes it),
  // so the compare takes constant time.
  const presented = Buffer.from(match[2] ?? '');
  const expected = Buffer.from(mac(token, expiresAt).toString('base64url'));
  return (
    presented.length === expected.length && timingSafeEqual(presented, expected) && expiresAt > now
  );
}

/** Every value the `Cookie` header carries under `name` (a browser may send duplicates). */
export function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = [];
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim());
  }
  return values;
}

export interface SessionCookieOptions {
  /** Add `Secure` (the request came over https): the browser then never sends it over http. */
  secure: boolean;
  /** Seconds the browser keeps it; 0 deletes it. */
  maxAgeSeconds: number;
}

/**
 * The `Set-Cookie` value. HttpOnly: page scripts cannot read it. SameSite=Strict: the browser
 * never sends it on a request started by another site. Path=/admin: sent to the admin UIs only.
 */
export function sessionCookie(value: string, options: SessionCookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'Path=/admin',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
