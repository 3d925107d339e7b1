import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAdmin } from './admin-auth.ts';
import { cookieValues, isValidSession, SESSION_COOKIE, signSession } from './admin-session.ts';
import { sessionRoutes } from './session-routes.ts';

const TOKEN = 'admin-secret-token';
const NOW = 1_800_000_000_000;

describe('admin session values', () => {
  it('are valid until their expiry, for the token that signed them only', () => {
    const value = signSession(TOKEN, NOW + 1000);
    expect(value).not.toContain(TOKEN);
    expect(isValidSession(value, TOKEN, NOW)).toBe(true);
    expect(isValidSession(value, TOKEN, NOW + 1000)).toBe(false);
    expect(isValidSession(value, 'rotated-token', NOW)).toBe(false);
    expect(isValidSession(`${value}x`, TOKEN, NOW)).toBe(false);
    expect(isValidSession(value.replace(/^\d+/, String(NOW + 9999)), TOKEN, NOW)).toBe(false);
  });

  it('reads every value of the cookie from the header', () => {
    const header = `a=1; ${SESSION_COOKIE}=x.y; b=2;${SESSION_COOKIE}=z`;
    expect(cookieValues(header, SESSION_COOKIE)).toEqual(['x.y', 'z']);
    expect(cookieValues(undefined, SESSION_COOKIE)).toEqual([]);
  });
});

describe('requireAdmin and the session routes (real Fastify)', () => {
  let app: FastifyInstance;
  let now = NOW;

  beforeAll(async () => {
    // trustProxy, so a request can say it came over https (X-Forwarded-Proto) without TLS here.
    app = Fastify({ trustProxy: true });
    await app.register(sessionRoutes, {
      token: TOKEN,
      now: () => now,
      prefix: '/admin/api/session',
    });
    await app.register(
      async (scope) => {
        scope.addHook('onRequest', requireAdmin(TOKEN, { now: () => now }));
        scope.get('/thing', async () => ({ ok: true }));
        scope.post('/thing', async () => ({ changed: true }));
      },
      { prefix: '/admin/api' },
    );
  });
  afterAll(() => app.close());

  async function login(headers: Record<string, string> = {}) {
    return app.inject({
      method: 'POST',
      url: '/admin/api/session',
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
    });
  }

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await login({ 'x-forwarded-proto': 'https' });
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
    expect(String((await login()).headers['set-cookie'])).not.toContain('Secure');
  });

  it('lets the cookie in until it expires', async () => {
    const value = /=([^;]+);/.exec(String((await login()).headers['set-cookie']))?.[1];
    const cookie = `${SESSION_COOKIE}=${value}`;
    const read = () => app.inject({ method: 'GET', url: '/admin/api/thing', headers: { cookie } });
    expect((await read()).statusCode).toBe(200);
    now = NOW + 12 * 60 * 60 * 1000 - 1;
    expect((await read()).statusCode).toBe(200);
    now = NOW + 12 * 60 * 60 * 1000;
    expect((await read()).statusCode).toBe(401);
    now = NOW;
  });

  it('matches Origin against Host, default ports included', async () => {
    const cookie = `${SESSION_COOKIE}=${signSession(TOKEN, NOW + 60_000)}`;
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/admin/api/thing', headers: { cookie, ...headers } });
    expect(
      (await post({ host: 'admin.example', origin: 'https://admin.example' })).statusCode,
    ).toBe(200);
    expect(
      (await post({ host: 'admin.example:443', origin: 'https://admin.example' })).statusCode,
    ).toBe(200);
    expect(
      (await post({ host: 'admin.example:8443', origin: 'https://admin.example' })).statusCode,
    ).toBe(403);
    expect(
      (await post({ host: 'admin.example', origin: 'https://admin.example.evil' })).statusCode,
    ).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    // No Origin and no Sec-Fetch-Site: not a browser-made request, so no cross-site risk.
    expect((await post({})).statusCode).toBe(200);
  });
});
