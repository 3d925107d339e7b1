import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { resolveFollowUp } from '../followup.ts';
import { RedisConversationStore } from './conversation-store.ts';

describe('RedisConversationStore (real Redis)', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;

  it('keeps the last N turns with a TTL', async () => {
    const store = new RedisConversationStore({
      redis: testRedis.redis,
      maxTurns: 3,
      ttlSeconds: 120,
      prefix,
    });
    for (let i = 0; i < 5; i++) await store.append('c1', [{ role: 'user', text: `m${i}`, at: i }]);
    const turns = await store.load('c1');
    expect(turns.map((t) => t.text)).toEqual(['m2', 'm3', 'm4']);
    const ttl = await testRedis.redis.ttl(`${prefix}c1`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('keeps a conversation 30 days after its last message by default (SWITCHBOARD_RETENTION_DAYS)', async () => {
    const store = new RedisConversationStore({ redis: testRedis.redis, prefix });
    await store.append('kept', [{ role: 'user', text: 'hi', at: 1 }]);
    const ttl = await testRedis.redis.ttl(`${prefix}kept`);
    expect(ttl).toBeGreaterThan(30 * 86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(30 * 86_400);
    const expiresAt = await store.expiresAt('kept');
    expect(expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await store.expiresAt('never-written')).toBeNull();
  });

  it('erases conversations on request and counts those that existed', async () => {
    const store = new RedisConversationStore({ redis: testRedis.redis, prefix });
    await store.append('gone-1', [{ role: 'user', text: 'a', at: 1 }]);
    await store.append('gone-2', [{ role: 'user', text: 'b', at: 1 }]);
    await store.append('stays', [{ role: 'user', text: 'c', at: 1 }]);
    expect(await store.remove(['gone-1', 'gone-2', 'unknown'])).toBe(2);
    expect(await store.load('gone-1')).toEqual([]);
    expect((await store.load('stays')).map((t) => t.text)).toEqual(['c']);
    expect(await store.remove([])).toBe(0);
  });

  it('isolates conversations and returns [] for unknown ones', async () => {
    const store = new RedisConversationStore({ redis: testRedis.redis, prefix });
    await store.append('a', [{ role: 'user', text: 'hello', at: 1 }]);
    expect(await store.load('b')).toEqual([]);
    expect((await store.load('a'))[0]?.text).toBe('hello');
  });

  it('resolves a follow-up from turns stored in Redis by another store instance', async () => {
    const writer = new RedisConversationStore({ redis: testRedis.redis, prefix });
    await writer.append('c2', [
      { role: 'user', text: 'How do I turn on dark mode?', at: 1 },
      { role: 'assistant', text: 'Open Settings > Display.', at: 2 },
    ]);
    const reader = new RedisConversationStore({ redis: testRedis.redis.duplicate(), prefix });
    const history = await reader.load('c2');
    expect(resolveFollowUp('and how do I turn it off?', history).query).toBe(
      'how do I turn dark mode off?',
    );
  });

  it('skips a corrupt entry instead of failing the conversation', async () => {
    const store = new RedisConversationStore({ redis: testRedis.redis, prefix });
    await testRedis.redis.rpush(
      `${prefix}c3`,
      '{not json',
      JSON.stringify({ role: 'user', text: 'ok', at: 1 }),
    );
    expect((await store.load('c3')).map((t) => t.text)).toEqual(['ok']);
  });
});
