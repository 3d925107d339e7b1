import { checkExpiry, signToken, stringClaim, verifySignedToken } from './signed-token.ts';

/** What a widget session token carries. The conversation id comes from here, never from a body. */
export interface SessionClaims {
  /** Random id of this session (per-session rate limits). */
  sid: string;
  conversationId: string;
  /** Set for identified users (from a host-minted identity token). */
  userId?: string;
  name?: string;
  email?: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

export interface SessionTokenOptions {
  secret: string;
  /** @defaultValue Date.now */
  clock?: () => number;
}

export function createSessionToken(claims: SessionClaims, secret: string): string {
  return signToken('session', claims, secret);
}

/**
 * The claims of a session token this server signed.
 * @throws SwitchboardError UNAUTHORIZED when it is malformed, forged or expired.
 */
export function verifySessionToken(token: string, options: SessionTokenOptions): SessionClaims {
  const claims = verifySignedToken('session', token, options.secret);
  const exp = checkExpiry(claims, (options.clock ?? Date.now)());
  const userId = stringClaim(claims, 'userId', false);
  const name = stringClaim(claims, 'name', false);
  const email = stringClaim(claims, 'email', false);
  return {
    sid: stringClaim(claims, 'sid', true)!,
    conversationId: stringClaim(claims, 'conversationId', true)!,
    ...(userId ? { userId } : {}),
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    exp,
  };
}
