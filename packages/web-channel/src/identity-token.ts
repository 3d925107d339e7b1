import { SwitchboardError } from '@switchboard/core';
import { checkExpiry, signToken, stringClaim, verifySignedToken } from './signed-token.ts';

/** Who the host site says the visitor is. */
export interface Identity {
  userId: string;
  name?: string;
  email?: string;
}

export interface IdentityClaims extends Identity {
  /** Expiry, epoch seconds. */
  exp: number;
}

/** Identity tokens are handed to a page and exchanged at once: a short life is enough. */
export const MAX_IDENTITY_TTL_SECONDS = 3_600;

export interface MintIdentityTokenOptions {
  /** The shared WIDGET_IDENTITY_SECRET. */
  secret: string;
  /** @defaultValue 300 */
  ttlSeconds?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/**
 * Mints an identity token on the host site's backend, for a logged-in user:
 * `base64url({"userId","name"?,"email"?,"exp","typ":"identity"}) + "." +
 * base64url(HMAC-SHA256(secret, <first part>))`. The page passes it to the widget, which exchanges
 * it for a session token; the secret itself never reaches the page.
 */
export function mintIdentityToken(identity: Identity, options: MintIdentityTokenOptions): string {
  const ttl = Math.min(options.ttlSeconds ?? 300, MAX_IDENTITY_TTL_SECONDS);
  const exp = Math.floor((options.clock ?? Date.now)() / 1000) + ttl;
  return signToken('identity', { ...identity, exp }, options.secret);
}

/**
 * The identity in a token minted with `secret`.
 * @throws SwitchboardError UNAUTHORIZED when it is malformed, forged, expired or lives too long.
 */
export function verifyIdentityToken(
  token: string,
  options: { secret: string; clock?: () => number },
): IdentityClaims {
  const claims = verifySignedToken('identity', token, options.secret);
  const now = (options.clock ?? Date.now)();
  const exp = checkExpiry(claims, now);
  // A long-lived identity token in a page would be a long-lived credential: refuse it.
  if (exp * 1000 - now > MAX_IDENTITY_TTL_SECONDS * 1000 + 60_000)
    throw new SwitchboardError('UNAUTHORIZED', 'The identity token lives too long.', {
      details: { maxTtlSeconds: MAX_IDENTITY_TTL_SECONDS },
    });
  const name = stringClaim(claims, 'name', false);
  const email = stringClaim(claims, 'email', false);
  return {
    userId: stringClaim(claims, 'userId', true)!,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    exp,
  };
}
