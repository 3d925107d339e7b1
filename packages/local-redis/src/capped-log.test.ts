import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { RedisCappedLog } from './capped-log.ts';

type Entry = { id: string; conversationId: string; at: number };

describe('RedisCappedLog (real Redis)', () => {
  const testRedis = useTestRedis();

  it('finds and removes the entries a predicate picks, and only those', async () => {
    const log = new RedisCappedLog<Entry>({ redis: testRedis.redis, key: `${testRedis.prefix}a` });
    for (const [id, conversationId] of [
      ['1', 'c1'],
      ['2', 'c2'],
      ['3', 'c1'],
      ['4', 'c3'],
    ] as const)
      await log.push({ id, conversationId, at: Number(id) });
    const ofC1 = (e: Entry) => e.conversationId === 'c1';
    expect((await log.matching(ofC1)).map((e) => e.id)).toEqual(['3', '1']);
    expect(await log.removeWhere(ofC1)).toBe(2);
    expect((await log.recent()).map((e) => e.id)).toEqual(['4', '2']);
    expect(await log.removeWhere(ofC1)).toBe(0);
  });

  it('drops entries older than maxAgeMs from the old end when it is pushed to', async () => {
    let now = 1_000_000;
    const log = new RedisCappedLog<Entry>({
      redis: testRedis.redis,
      key: `${testRedis.prefix}b`,
      maxAgeMs: 10_000,
      timeOf: (e) => e.at,
      clock: () => now,
    });
    await log.push({ id: 'old', conversationId: 'c', at: now - 20_000 });
    await log.push({ id: 'recent', conversationId: 'c', at: now - 5_000 });
    // The old entry went at once: it was past the retention when it was pushed.
    expect((await log.recent()).map((e) => e.id)).toEqual(['recent']);
    now += 6_000;
    await log.push({ id: 'new', conversationId: 'c', at: now });
    expect((await log.recent()).map((e) => e.id)).toEqual(['new']);
  });
});
