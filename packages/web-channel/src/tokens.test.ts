import { createHmac } from 'node:crypto';
import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import {
  MAX_IDENTITY_TTL_SECONDS,
  mintIdentityToken,
  verifyIdentityToken,
} from './identity-token.ts';
import { createSessionToken, type SessionClaims, verifySessionToken } from './session-token.ts';
import { signToken } from './signed-token.ts';

const secret = 's'.repeat(32);
const now = 1_700_000_000_000;
const clock = () => now;
const claims: SessionClaims = {
  sid: 'sid-1',
  conversationId: 'conv-12345678',
  userId: 'u1',
  exp: now / 1000 + 60,
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isSwitchboardError(err) ? `${err.code}:${err.message}` : String(err);
  }
  return undefined;
}

describe('session tokens', () => {
  it('round-trips the claims', () => {
    const token = createSessionToken(claims, secret);
    expect(verifySessionToken(token, { secret, clock })).toEqual(claims);
  });

  it('refuses an expired token', () => {
    const token = createSessionToken({ ...claims, exp: now / 1000 }, secret);
    expect(codeOf(() => verifySessionToken(token, { secret, clock }))).toMatch(
      /^UNAUTHORIZED:.*expired/,
    );
  });

  it('refuses a token signed with another secret, or with a changed payload', () => {
    const token = createSessionToken(claims, secret);
    expect(codeOf(() => verifySessionToken(token, { secret: 'x'.repeat(32), clock }))).toMatch(
      /^UNAUTHORIZED:.*signature/,
    );
    const [, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claims, conversationId: 'someone-else', typ: 'session' }),
    ).toString('base64url');
    expect(codeOf(() => verifySessionToken(`${forged}.${signature}`, { secret, clock }))).toMatch(
      /^UNAUTHORIZED:.*signature/,
    );
  });

  it('refuses malformed tokens with 401, never a crash', () => {
    for (const bad of ['', 'abc', 'a.b.c', '.', 'a.', '!!.??']) {
      expect(codeOf(() => verifySessionToken(bad, { secret, clock }))).toMatch(/^UNAUTHORIZED:/);
    }
    const notJson = Buffer.from('nope').toString('base64url');
    const signed = signToken('session', {}, secret).split('.')[1];
    expect(codeOf(() => verifySessionToken(`${notJson}.${signed}`, { secret, clock }))).toMatch(
      /^UNAUTHORIZED:/,
    );
  });

  it('never accepts an identity token as a session token, even with the same secret', async () => {
    const jwt = await mintIdentityToken({ userId: 'u1' }, { secret, clock });
    expect(codeOf(() => verifySessionToken(jwt, { secret, clock }))).toMatch(/^UNAUTHORIZED:/);
    const legacy = signToken('identity', { userId: 'u1', exp: now / 1000 + 60 }, secret);
    expect(codeOf(() => verifySessionToken(legacy, { secret, clock }))).toMatch(
      /^UNAUTHORIZED:Not a session token/,
    );
  });

  it('refuses a token without the required claims', () => {
    const token = signToken('session', { sid: 'x', exp: now / 1000 + 60 }, secret);
    expect(codeOf(() => verifySessionToken(token, { secret, clock }))).toMatch(/conversationId/);
  });
});

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return isSwitchboardError(err) ? `${err.code}:${err.message}` : String(err);
  }
  return undefined;
}

/** An HS256 JWT built by hand from RFC 7519, as any JWT library would build it. */
function handMadeJwt(payload: object, options: { key?: string; alg?: string } = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${part({ alg: options.alg ?? 'HS256', typ: 'JWT' })}.${part(payload)}`;
  const signature = createHmac('sha256', options.key ?? secret)
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

describe('identity tokens (minted by the host backend)', () => {
  const exp = now / 1000 + 300;

  it('round-trips the identity as an HS256 JWT with a short expiry', async () => {
    const token = await mintIdentityToken(
      { userId: 'cust-42', name: 'Ada', email: 'ada@example.com' },
      { secret, clock },
    );
    expect(token.split('.')).toHaveLength(3);
    expect(await verifyIdentityToken(token, { secret, clock })).toEqual({
      userId: 'cust-42',
      name: 'Ada',
      email: 'ada@example.com',
      exp,
      format: 'jwt',
    });
  });

  it('accepts a standard JWT made without our code (sub, name, email, exp)', async () => {
    const token = handMadeJwt({ sub: 'cust-7', name: 'Grace', iat: now / 1000, exp });
    expect(await verifyIdentityToken(token, { secret, clock })).toEqual({
      userId: 'cust-7',
      name: 'Grace',
      exp,
      format: 'jwt',
    });
  });

  it('refuses forged, expired, long-lived, unsigned or wrongly-typed JWTs', async () => {
    const verify = (token: string) => reasonOf(verifyIdentityToken(token, { secret, clock }));
    expect(await verify(handMadeJwt({ sub: 'u', exp }, { key: 'o'.repeat(32) }))).toMatch(
      /^UNAUTHORIZED:.*signature/,
    );
    expect(await verify(handMadeJwt({ sub: 'u', exp: now / 1000 - 600 }))).toMatch(/expired/);
    expect(
      await verify(handMadeJwt({ sub: 'u', exp: now / 1000 + MAX_IDENTITY_TTL_SECONDS * 10 })),
    ).toMatch(/too long/);
    const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'u', exp })).toString('base64url');
    expect(await verify(`${header}.${body}.`)).toMatch(/^UNAUTHORIZED:/);
    expect(await verify(handMadeJwt({ sub: 'u', exp }, { alg: 'HS512' }))).toMatch(/HS256/);
    expect(await verify(handMadeJwt({ exp }))).toMatch(/"sub"/);
    expect(await verify(handMadeJwt({ sub: 42, exp }))).toMatch(/^UNAUTHORIZED:/);
    expect(await verify(handMadeJwt({ sub: 'u', exp, name: { x: 1 } }))).toMatch(/"name"/);
    expect(await verify('a.b.c')).toMatch(/^UNAUTHORIZED:/);
  });

  it('still accepts the legacy format for one release, and says which it was', async () => {
    const payload = Buffer.from(
      JSON.stringify({ userId: 'u', exp: now / 1000 + 60, typ: 'identity' }),
    ).toString('base64url');
    const signature = createHmac('sha256', secret).update(payload).digest('base64url');
    const claims = await verifyIdentityToken(`${payload}.${signature}`, { secret, clock });
    expect(claims).toMatchObject({ userId: 'u', format: 'legacy' });
    const long = signToken(
      'identity',
      { userId: 'u', exp: now / 1000 + MAX_IDENTITY_TTL_SECONDS * 10 },
      secret,
    );
    expect(await reasonOf(verifyIdentityToken(long, { secret, clock }))).toMatch(/too long/);
    const forged = signToken('identity', { userId: 'u', exp: now / 1000 + 60 }, 'o'.repeat(32));
    expect(await reasonOf(verifyIdentityToken(forged, { secret, clock }))).toMatch(/signature/);
  });
});
