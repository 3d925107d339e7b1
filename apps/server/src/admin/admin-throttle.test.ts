import { RedisFailureThrottle } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminParts } from '../../../../test/support/admin-parts.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from '../app.ts';

const TOKEN = 'admin-throttle-test-token';

describe('admin token guesses are throttled per client address', () => {
  const test = useTestRedis();
  let app: FastifyInstance;
  let parts: ReturnType<typeof adminParts>;

  beforeAll(async () => {
    parts = adminParts(test.redis, test.prefix);
    app = await buildApp({
      // The admin routes never reach the assistant.
      assistant: {} as AppOptions['assistant'],
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: {
        token: TOKEN,
        ...parts,
        throttle: new RedisFailureThrottle({
          redis: test.redis,
          prefix: `${test.prefix}admin-failures:`,
          maxFailures: 10,
          windowSeconds: 600,
        }),
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await parts?.queue.obliterate({ force: true });
    await parts?.queue.close();
  });

  const bearer = (remoteAddress: string, token: string, url = '/admin/api/status') =>
    app.inject({
      method: 'GET',
      url,
      remoteAddress,
      headers: { authorization: `Bearer ${token}` },
    });
  const login = (remoteAddress: string, token: string) =>
    app.inject({ method: 'POST', url: '/admin/api/session', remoteAddress, payload: { token } });

  it('locks an address out after 10 wrong tokens, right token included, others unaffected', async () => {
    const guesser = '198.51.100.10';
    for (let i = 0; i < 10; i++) expect((await bearer(guesser, `guess-${i}`)).statusCode).toBe(401);
    const locked = await bearer(guesser, 'guess-10');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Locked means unchecked: the right token gets the same 429, so the lock is no oracle…
    expect((await bearer(guesser, TOKEN)).statusCode).toBe(429);
    expect((await login(guesser, TOKEN)).statusCode).toBe(429);
    expect((await bearer(guesser, 'guess', '/admin/queues/')).statusCode).toBe(429);
    // …while another address is not affected.
    expect((await bearer('198.51.100.11', TOKEN)).statusCode).toBe(200);
  });

  it('counts wrong logins and bull-board guesses together', async () => {
    const guesser = '198.51.100.20';
    for (let i = 0; i < 5; i++) expect((await login(guesser, `guess-${i}`)).statusCode).toBe(401);
    for (let i = 0; i < 5; i++)
      expect((await bearer(guesser, `guess-${i}`, '/admin/queues/')).statusCode).toBe(401);
    expect((await login(guesser, 'one-more')).statusCode).toBe(429);
  });

  it('does not count successful logins, valid tokens or cookie-only requests', async () => {
    const admin = '198.51.100.30';
    for (let i = 0; i < 12; i++) expect((await login(admin, TOKEN)).statusCode).toBe(200);
    for (let i = 0; i < 12; i++) expect((await bearer(admin, TOKEN)).statusCode).toBe(200);
    for (let i = 0; i < 12; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/admin/api/status',
        remoteAddress: admin,
        headers: { cookie: 'switchboard_admin=1.expired' },
      });
      expect(res.statusCode).toBe(401);
    }
    for (let i = 0; i < 9; i++) expect((await bearer(admin, `typo-${i}`)).statusCode).toBe(401);
    expect((await bearer(admin, TOKEN)).statusCode).toBe(200);
  });
});
