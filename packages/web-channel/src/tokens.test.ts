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

  it('never accepts an identity token as a session token, even with the same secret', () => {
    const identity = mintIdentityToken({ userId: 'u1' }, { secret, clock });
    expect(codeOf(() => verifySessionToken(identity, { secret, clock }))).toMatch(
      /^UNAUTHORIZED:Not a session token/,
    );
  });

  it('refuses a token without the required claims', () => {
    const token = signToken('session', { sid: 'x', exp: now / 1000 + 60 }, secret);
    expect(codeOf(() => verifySessionToken(token, { secret, clock }))).toMatch(/conversationId/);
  });
});

describe('identity tokens (minted by the host backend)', () => {
  it('round-trips the identity with a short expiry', () => {
    const token = mintIdentityToken(
      { userId: 'cust-42', name: 'Ada', email: 'ada@example.com' },
      { secret, clock },
    );
    expect(verifyIdentityToken(token, { secret, clock })).toEqual({
      userId: 'cust-42',
      name: 'Ada',
      email: 'ada@example.com',
      exp: now / 1000 + 300,
    });
  });

  it('has the documented format: base64url JSON payload, base64url HMAC-SHA256', async () => {
    const { createHmac } = await import('node:crypto');
    const payload = Buffer.from(
      JSON.stringify({ userId: 'u', exp: now / 1000 + 60, typ: 'identity' }),
    ).toString('base64url');
    const signature = createHmac('sha256', secret).update(payload).digest('base64url');
    expect(verifyIdentityToken(`${payload}.${signature}`, { secret, clock }).userId).toBe('u');
  });

  it('refuses long-lived, expired or forged identity tokens', () => {
    const long = signToken(
      'identity',
      { userId: 'u', exp: now / 1000 + MAX_IDENTITY_TTL_SECONDS * 10 },
      secret,
    );
    expect(codeOf(() => verifyIdentityToken(long, { secret, clock }))).toMatch(/too long/);
    const expired = mintIdentityToken({ userId: 'u' }, { secret, clock: () => now - 600_000 });
    expect(codeOf(() => verifyIdentityToken(expired, { secret, clock }))).toMatch(/expired/);
    const other = mintIdentityToken({ userId: 'u' }, { secret: 'o'.repeat(32), clock });
    expect(codeOf(() => verifyIdentityToken(other, { secret, clock }))).toMatch(/signature/);
  });
});
