import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { RedisStateStore } from './redis-state-store.ts';

describe('RedisStateStore', () => {
  const test = useTestRedis();
  const store = () => new RedisStateStore({ redis: test.redis, prefix: test.prefix });

  it('grants a claim once, to whichever process asks first', async () => {
    const [a, b] = [store(), store()];
    expect(await a.claim('event:Ev1', 60)).toBe(true);
    expect(await b.claim('event:Ev1', 60)).toBe(false);
    expect(await b.claim('event:Ev2', 60)).toBe(true);
    await a.release('event:Ev2');
    expect(await a.claim('event:Ev2', 60)).toBe(true);
    expect(await test.redis.ttl(`${test.prefix}claim:event:Ev1`)).toBeGreaterThan(0);
  });

  it('remembers the threads the bot answered in, with an expiry', async () => {
    const s = store();
    expect(await s.isKnownThread('slack:T1:C1:1.2')).toBe(false);
    await s.rememberThread('slack:T1:C1:1.2', 600);
    expect(await s.isKnownThread('slack:T1:C1:1.2')).toBe(true);
    expect(await test.redis.ttl(`${test.prefix}thread:slack:T1:C1:1.2`)).toBeGreaterThan(500);
    await s.forgetThread('slack:T1:C1:1.2');
    expect(await s.isKnownThread('slack:T1:C1:1.2')).toBe(false);
  });
});
