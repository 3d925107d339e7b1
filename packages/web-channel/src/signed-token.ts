import { createHmac, timingSafeEqual } from 'node:crypto';
import { SwitchboardError } from '@switchboard/core';

/**
 * The one token format of the web channel: `<payload>.<signature>`, where payload is the
 * base64url of a JSON object and signature the base64url of HMAC-SHA256(secret, payload).
 * Each payload names its type (`typ`), so a token of one kind is never accepted as another.
 */
export type TokenType = 'session' | 'identity';

const sign = (payload: string, secret: string) =>
  createHmac('sha256', secret).update(payload).digest();

export function signToken(typ: TokenType, claims: object, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, typ })).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

const unauthorized = (message: string) => new SwitchboardError('UNAUTHORIZED', message);

/**
 * The payload of a token signed with `secret` for `typ`, with `typ` removed. The signature is
 * checked in constant time before the payload is parsed; expiry is the caller's to check.
 * @throws SwitchboardError UNAUTHORIZED when the token is malformed, forged or of another type.
 */
export function verifySignedToken(
  typ: TokenType,
  token: string,
  secret: string,
): Record<string, unknown> {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw unauthorized('The token is malformed.');
  const expected = sign(payload, secret);
  const presented = Buffer.from(signature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
    throw unauthorized('The token signature is not valid.');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw unauthorized('The token is malformed.');
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims))
    throw unauthorized('The token is malformed.');
  const { typ: actual, ...rest } = claims as Record<string, unknown>;
  if (actual !== typ) throw unauthorized(`Not a ${typ} token.`);
  return rest;
}

/** Reads an optional string claim; anything else is a malformed token. */
export function stringClaim(
  claims: Record<string, unknown>,
  name: string,
  required: boolean,
): string | undefined {
  const value = claims[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 256)
    throw unauthorized(`The token's "${name}" claim is missing or invalid.`);
  return value;
}

/** Reads the `exp` claim (epoch seconds) and refuses an expired token. */
export function checkExpiry(claims: Record<string, unknown>, nowMs: number): number {
  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    throw unauthorized('The token has no expiry.');
  if (exp * 1000 <= nowMs) throw unauthorized('The token has expired.');
  return exp;
}
