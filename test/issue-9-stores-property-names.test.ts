import { RedisConversationStore, RedisFeedbackStore } from '@switchboard/assistant';
import { MemoryRecordStore, type RecordStore, RedisRecordStore } from '@switchboard/sync';
import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from './support/property-names.ts';
import { useTestRedis } from './support/test-redis.ts';

// Issue 9: ids come from outside (conversation ids, document ids, source names). Named like
// JavaScript properties they must address their own entry, in Redis and in memory alike.
describe('issue 9: stores keyed by property-named ids (real Redis)', () => {
  const testRedis = useTestRedis();

  it('keeps one conversation per property-named id', async () => {
    const store = new RedisConversationStore({
      redis: testRedis.redis,
      prefix: `${testRedis.prefix}conv:`,
    });
    for (const [i, id] of PROPERTY_NAMES.entries()) {
      await store.append(id, [{ role: 'user', text: `message ${i}`, at: i }]);
    }
    for (const [i, id] of PROPERTY_NAMES.entries()) {
      expect((await store.load(id)).map((t) => t.text)).toEqual([`message ${i}`]);
    }
    expect(await store.load('never-written')).toEqual([]);
  });

  it('records feedback on property-named conversations and messages', async () => {
    const store = new RedisFeedbackStore({ redis: testRedis.redis, prefix: testRedis.prefix });
    for (const [i, id] of PROPERTY_NAMES.entries()) {
      await store.record({
        conversationId: id,
        messageId: id,
        rating: 'up',
        channel: 'web',
        at: i,
      });
    }
    const recent = await store.recent(PROPERTY_NAMES.length);
    expect(recent.map((f) => f.conversationId).sort()).toEqual([...PROPERTY_NAMES].sort());
  });

  const stores: Array<[string, () => RecordStore]> = [
    [
      'Redis',
      () => new RedisRecordStore({ redis: testRedis.redis, prefix: `${testRedis.prefix}records:` }),
    ],
    ['memory', () => new MemoryRecordStore()],
  ];
  for (const [kind, create] of stores) {
    it(`keeps sync records of property-named documents and sources (${kind})`, async () => {
      const store = create();
      for (const source of ['constructor', '__proto__', 'help']) {
        for (const [i, docId] of PROPERTY_NAMES.entries()) {
          await store.put(source, {
            docId,
            fingerprint: `${source}-${i}`,
            chunkIds: [`${docId}#1`],
            status: 'indexed',
            updatedAt: i,
          });
        }
        const listed = await store.list(source);
        expect(listed.map((r) => r.docId)).toEqual(
          [...PROPERTY_NAMES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
        );
        for (const [i, docId] of PROPERTY_NAMES.entries()) {
          expect((await store.get(source, docId))?.fingerprint).toBe(`${source}-${i}`);
        }
        await store.delete(source, ['__proto__', 'constructor']);
        expect(await store.get(source, '__proto__')).toBeUndefined();
        expect(await store.get(source, 'constructor')).toBeUndefined();
        expect((await store.list(source)).length).toBe(PROPERTY_NAMES.length - 2);
      }
      expect(await store.get('toString', 'valueOf')).toBeUndefined();
    });
  }
});
