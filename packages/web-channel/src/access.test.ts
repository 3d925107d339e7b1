import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { ApiKeyRing } from './api-keys.ts';
import { ConversationOwners, isWebConversationId } from './conversation-owners.ts';
import { RedisFailureThrottle } from './failure-throttle.ts';

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

describe('API key ring', () => {
  const ring = new ApiKeyRing([
    { name: 'a', sha256: hash('secret-a') },
    { name: 'b', sha256: hash('secret-b') },
  ]);
  it('names the key a secret belongs to, and nothing else', () => {
    expect(ring.identify('secret-a')).toBe('a');
    expect(ring.identify('secret-b')).toBe('b');
    for (const wrong of ['', 'secret-', 'secret-a ', 'constructor', hash('secret-a')])
      expect(ring.identify(wrong)).toBeUndefined();
    expect(ring.size).toBe(2);
  });
  it('refuses a configured digest that is not SHA-256', () => {
    expect(() => new ApiKeyRing([{ name: 'x', sha256: 'abcd' }])).toThrow(/"x"/);
  });
});

describe('conversation owners (real Redis)', () => {
  const test = useTestRedis();
  const owners = () =>
    new ConversationOwners({ redis: test.redis, prefix: `${test.prefix}owner:`, ttlSeconds: 60 });

  it('opens a conversation with its grant or for its identified user only', async () => {
    const anon = await owners().create();
    const ada = await owners().create('ada');
    expect(isWebConversationId(anon.conversationId)).toBe(true);
    expect(await owners().canOpen(anon.conversationId, { grant: anon.grant })).toBe(true);
    expect(await owners().canOpen(anon.conversationId, { grant: ada.grant })).toBe(false);
    expect(await owners().canOpen(anon.conversationId, {})).toBe(false);
    expect(await owners().canOpen(ada.conversationId, { userId: 'ada' })).toBe(true);
    expect(await owners().canOpen(ada.conversationId, { userId: 'bob' })).toBe(false);
    expect(await owners().canOpen(ada.conversationId, { grant: ada.grant })).toBe(true);
  });

  it('stores only the grant’s digest, with the TTL, and opens nothing it cannot read', async () => {
    const { conversationId, grant } = await owners().create();
    const key = `${test.prefix}owner:${conversationId}`;
    expect(await test.redis.get(key)).not.toContain(grant);
    expect(await test.redis.pttl(key)).toBeGreaterThan(0);
    await test.redis.set(key, '{"grant": 1}');
    expect(await owners().canOpen(conversationId, { grant })).toBe(false);
    for (const id of ['slack:T1:C1:1.2', 'web:short', `web:${'x'.repeat(65)}`])
      expect(await owners().canOpen(id, { grant, userId: 'u' })).toBe(false);
  });
});

describe('failure throttle (real Redis)', () => {
  const test = useTestRedis();
  it('locks a key after maxFailures until the window ends', async () => {
    const throttle = new RedisFailureThrottle({
      redis: test.redis,
      prefix: test.prefix,
      maxFailures: 3,
      windowSeconds: 60,
    });
    for (let i = 0; i < 3; i++) {
      expect(await throttle.lockedFor('ip:1')).toBe(0);
      await throttle.fail('ip:1');
    }
    const wait = await throttle.lockedFor('ip:1');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await throttle.lockedFor('ip:2')).toBe(0);
  });
});
