import { SwitchboardError } from '@switchboard/core';
import { checkExpiry, stringClaim, verifySignedToken } from './signed-token.ts';

/** Who the host site says the visitor is. */
export interface Identity {
  userId: string;
  name?: string;
  email?: string;
}

export interface IdentityClaims extends Identity {
  /** Expiry, epoch seconds. */
  exp: number;
  /**
   * `jwt`: a standard HS256 JSON Web Token. `legacy`: the earlier `<payload>.<hmac>` format,
   * accepted for one more release so sites that minted it keep working while they switch.
   */
  format: 'jwt' | 'legacy';
}

/** Identity tokens are handed to a page and exchanged at once: a short life is enough. */
export const MAX_IDENTITY_TTL_SECONDS = 3_600;
/** Only HMAC-SHA256: a token naming any other algorithm (`none`, RS256…) is refused. */
const ALGORITHM = 'HS256';

export interface MintIdentityTokenOptions {
  /** The shared WIDGET_IDENTITY_SECRET. */
  secret: string;
  /** @defaultValue 300 */
  ttlSeconds?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

const key = (secret: string) => new TextEncoder().encode(secret);
const unauthorized = (message: string, details?: Record<string, unknown>) =>
  new SwitchboardError('UNAUTHORIZED', message, details ? { details } : undefined);

/**
 * Mints an identity token on the host site's backend, for a logged-in user: an HS256 JWT with
 * `sub` (the user id), optional `name` and `email`, `iat` and `exp`. Any JWT library mints the
 * same (see the README); this one is for Node backends and tests. The page passes it to the
 * widget, which exchanges it for a session token; the secret itself never reaches the page.
 */
export async function mintIdentityToken(
  identity: Identity,
  options: MintIdentityTokenOptions,
): Promise<string> {
  const ttl = Math.min(options.ttlSeconds ?? 300, MAX_IDENTITY_TTL_SECONDS);
  const now = Math.floor((options.clock ?? Date.now)() / 1000);
  const { SignJWT } = await import('jose');
  return new SignJWT({
    ...(identity.name ? { name: identity.name } : {}),
    ...(identity.email ? { email: identity.email } : {}),
  })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(identity.userId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(key(options.secret));
}

/**
 * The identity in a token signed with `secret`: a JWT (three parts) or, for one more release,
 * the legacy two-part format.
 * @throws SwitchboardError UNAUTHORIZED when it is malformed, forged, expired or lives too long.
 */
export async function verifyIdentityToken(
  token: string,
  options: { secret: string; clock?: () => number },
): Promise<IdentityClaims> {
  const now = (options.clock ?? Date.now)();
  const parts = token.split('.').length;
  const identity =
    parts === 3
      ? await verifyJwt(token, options.secret, now)
      : verifyLegacy(token, options.secret, now);
  // A long-lived identity token in a page would be a long-lived credential: refuse it.
  if (identity.exp * 1000 - now > MAX_IDENTITY_TTL_SECONDS * 1000 + 60_000)
    throw unauthorized('The identity token lives too long.', {
      maxTtlSeconds: MAX_IDENTITY_TTL_SECONDS,
    });
  return identity;
}

async function verifyJwt(token: string, secret: string, now: number): Promise<IdentityClaims> {
  // Imported with the first token: a server whose widget has no identity secret never loads jose.
  const { errors, jwtVerify } = await import('jose');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      requiredClaims: ['sub', 'exp'],
      currentDate: new Date(now),
      clockTolerance: 30,
    }));
  } catch (error) {
    throw unauthorized(jwtFailure(error, errors));
  }
  return {
    userId: stringClaim(payload, 'sub', true)!,
    ...profileClaims(payload),
    exp: payload.exp as number,
    format: 'jwt',
  };
}

/** jose's reason in the words the legacy format used, so clients see one vocabulary. */
function jwtFailure(error: unknown, joseErrors: typeof import('jose').errors): string {
  if (error instanceof joseErrors.JWTExpired) return 'The identity token has expired.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'The token signature is not valid.';
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return `The identity token must be signed with ${ALGORITHM}.`;
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `The token's "${error.claim}" claim is missing or invalid.`;
  return 'The token is malformed.';
}

function verifyLegacy(token: string, secret: string, now: number): IdentityClaims {
  const claims = verifySignedToken('identity', token, secret);
  return {
    userId: stringClaim(claims, 'userId', true)!,
    ...profileClaims(claims),
    exp: checkExpiry(claims, now),
    format: 'legacy',
  };
}

/** The optional `name` and `email` claims, when present. */
function profileClaims(claims: Record<string, unknown>): Pick<Identity, 'name' | 'email'> {
  const name = stringClaim(claims, 'name', false);
  const email = stringClaim(claims, 'email', false);
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}
