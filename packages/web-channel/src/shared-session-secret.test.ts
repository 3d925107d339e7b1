import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { createSessionToken, verifySessionToken } from './session-token.ts';
import { sharedSessionSecret } from './shared-session-secret.ts';

describe('the widget session secret shared through Redis (no WIDGET_SESSION_SECRET)', () => {
  const test = useTestRedis();
  const others: Redis[] = [];
  afterAll(() => {
    for (const redis of others) redis.disconnect();
  });

  it('is made once: a token one server process signs, another verifies', async () => {
    const key = `${test.prefix}widget:session-secret`;
    const second = new Redis(inject('redisUrl'));
    others.push(second);
    const [a, b] = await Promise.all([
      sharedSessionSecret(test.redis, key),
      sharedSessionSecret(second, key),
    ]);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    const claims = { sid: 's', conversationId: 'web:abc', exp: Math.floor(Date.now() / 1000) + 60 };
    expect(verifySessionToken(createSessionToken(claims, a), { secret: b })).toEqual(claims);
    // A restart finds the same one: sessions outlive it.
    expect(await sharedSessionSecret(test.redis, key)).toBe(a);
  });

  it('refuses a key that holds something too short to be a secret', async () => {
    const key = `${test.prefix}widget:short`;
    await test.redis.set(key, 'short');
    await expect(sharedSessionSecret(test.redis, key)).rejects.toThrow(/shorter than 32/);
  });
});
