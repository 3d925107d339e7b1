import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { ConversationOwners } from './conversation-owners.ts';

describe("conversation owners: a user's conversations, for data requests (real Redis)", () => {
  const test = useTestRedis();
  const owners = (name: string) =>
    new ConversationOwners({
      redis: test.redis,
      prefix: `${test.prefix}${name}:`,
      ttlSeconds: 600,
    });

  it('lists the identified user’s conversations, never an anonymous one or another user’s', async () => {
    const store = owners('a');
    const first = await store.create('ana');
    const second = await store.create('ana');
    await store.create('bob');
    await store.create();
    expect(await store.conversationsOf('ana')).toEqual(
      [first.conversationId, second.conversationId].sort(),
    );
    expect(await store.conversationsOf('nobody')).toEqual([]);
    expect(await store.ownerOf(first.conversationId)).toEqual({ userId: 'ana' });
    expect(await store.ownerOf('web:unknownunknownunknown')).toBeNull();
    // The list's key names no one: the user id is hashed.
    const keys = await test.redis.keys(`${test.prefix}a:user:*`);
    expect(keys.join(' ')).not.toContain('ana');
    expect(await test.redis.pttl(keys[0]!)).toBeGreaterThan(600_000);
  });

  it('forgets owner records and their list entries', async () => {
    const store = owners('b');
    const kept = await store.create('cy');
    const gone = await store.create('cy');
    const anonymous = await store.create();
    expect(await store.forget([gone.conversationId, anonymous.conversationId, 'web:none'])).toBe(2);
    expect(await store.conversationsOf('cy')).toEqual([kept.conversationId]);
    expect(await store.ownerOf(anonymous.conversationId)).toBeNull();
    expect(await store.canOpen(gone.conversationId, { grant: gone.grant, userId: 'cy' })).toBe(
      false,
    );
  });

  it('lists a conversation created before users had lists once its user opens it', async () => {
    const store = owners('c');
    const { conversationId } = await store.create('dee');
    // As an older version left it: the record, but no list.
    await test.redis.del(...(await test.redis.keys(`${test.prefix}c:user:*`)));
    expect(await store.conversationsOf('dee')).toEqual([]);
    expect(await store.canOpen(conversationId, { userId: 'dee' })).toBe(true);
    expect(await store.conversationsOf('dee')).toEqual([conversationId]);
  });

  it('drops list entries whose record expired', async () => {
    const store = owners('d');
    const { conversationId } = await store.create('eve');
    await test.redis.del(`${test.prefix}d:${conversationId}`);
    expect(await store.conversationsOf('eve')).toEqual([]);
    const [listKey] = await test.redis.keys(`${test.prefix}d:user:*`);
    expect(listKey ? await test.redis.smembers(listKey) : []).toEqual([]);
  });
});
