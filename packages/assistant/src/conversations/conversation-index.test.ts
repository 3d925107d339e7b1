import type { Turn } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../../test/support/property-names.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { RedisConversationStore } from '../memory/conversation-store.ts';
import { RedisConversationIndex } from './conversation-index.ts';
import { decodeCursor, encodeCursor } from './index-codec.ts';

const DAY_S = 86_400;
const NOW = Date.now();

describe('conversation index and transcripts (real Redis)', () => {
  const testRedis = useTestRedis();
  let n = 0;
  /** A store and index of their own per test, so tests never see each other's conversations. */
  const open = (
    options: { ttlSeconds?: number; maxTurns?: number; maxDigestBytes?: number } = {},
  ) => {
    const prefix = `${testRedis.prefix}${n++}:`;
    const index = new RedisConversationIndex({
      redis: testRedis.redis,
      prefix,
      ttlSeconds: options.ttlSeconds ?? 7 * DAY_S,
      ...(options.maxDigestBytes ? { maxDigestBytes: options.maxDigestBytes } : {}),
    });
    const store = new RedisConversationStore({
      redis: testRedis.redis,
      prefix: `${prefix}conv:`,
      maxTurns: options.maxTurns ?? 4,
      ttlSeconds: options.ttlSeconds ?? 7 * DAY_S,
      index,
    });
    return { index, store, prefix };
  };
  const exchange = (at: number, question: string, answer: Partial<Turn> = {}): Turn[] => [
    { role: 'user', text: question, at },
    {
      role: 'assistant',
      text: 'An answer.',
      at: at + 1,
      route: 'knowledge',
      id: `m-${at}`,
      confidence: 0.8,
      ...answer,
    },
  ];

  it('keeps the whole transcript for the retention period while memory loads the last N', async () => {
    const { store, prefix } = open({ maxTurns: 4 });
    for (let i = 0; i < 5; i++)
      await store.append('long', exchange(NOW + i * 10, `question ${i}`), { channel: 'web' });
    expect((await store.load('long')).map((t) => t.text)).toEqual([
      'question 3',
      'An answer.',
      'question 4',
      'An answer.',
    ]);
    const transcript = await store.transcript('long');
    expect(transcript).toHaveLength(10);
    expect(transcript[1]).toMatchObject({ route: 'knowledge', confidence: 0.8, id: `m-${NOW}` });
    for (const key of [
      `${prefix}conv:long`,
      `${prefix}conv-meta:long`,
      `${prefix}conv-events:long`,
    ]) {
      const ttl = await testRedis.redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(7 * DAY_S - 60);
    }
  });

  it('records channel, activity, preview, events and the search digest; keeps the first channel', async () => {
    const { store, index } = open();
    await store.append(
      'c1',
      exchange(NOW, 'Comment appairer le capteur de température ?', {
        citations: [
          {
            index: 1,
            chunkId: 'k',
            docId: 'd',
            title: 'Pairing sensors',
            sectionPath: [],
            snippet: 's',
          },
        ],
      }),
      { channel: 'slack', userId: 'U1' },
    );
    // Turns written later without a context (the handoff loop) keep the channel.
    await store.append('c1', [{ role: 'agent', text: 'Bonjour, Ana here', at: NOW + 50 }]);
    await store.append('c1', exchange(NOW + 100, 'second question'), { channel: 'web' });
    const record = await index.get('c1');
    expect(record).toMatchObject({
      channel: 'slack',
      userId: 'U1',
      firstAt: NOW,
      lastAt: NOW + 101,
      preview: 'Comment appairer le capteur de température ?',
    });
    expect(record?.digest).toBe(
      'comment appairer le capteur de temperature pairing sensors bonjour ana here second question',
    );
    expect(record?.events.map((e) => e.kind)).toEqual([
      'user',
      'assistant',
      'agent',
      'user',
      'assistant',
    ]);
    expect(record?.events[1]).toEqual({
      kind: 'assistant',
      at: NOW + 1,
      route: 'knowledge',
      confidence: 0.8,
      id: `m-${NOW}`,
    });
    expect(await index.newestFirst({ channel: 'slack', count: 10 })).toEqual([
      { id: 'c1', at: NOW + 101 },
    ]);
    expect(await index.newestFirst({ channel: 'web', count: 10 })).toEqual([]);
  });

  it('caps the digest on a UTF-8 boundary', async () => {
    const { store, index } = open({ maxDigestBytes: 25 });
    await store.append('cap', [{ role: 'user', text: 'ééééé ééééé ééééé ééééé', at: NOW }]);
    await store.append('cap', [{ role: 'user', text: 'more words', at: NOW + 1 }]);
    const digest = (await index.get('cap'))?.digest ?? '';
    expect(Buffer.byteLength(digest)).toBeLessThanOrEqual(25);
    expect(digest).not.toContain('\ufffd');
    expect(digest.startsWith('eeeee eeeee')).toBe(true);
  });

  it('attaches ratings to the rated turn, property-named message ids included; unknown conversations are not created', async () => {
    const { store, index } = open();
    await store.append('rated', exchange(NOW, 'hello'), { channel: 'web' });
    for (const [i, id] of PROPERTY_NAMES.entries())
      expect(
        await index.rate({
          conversationId: 'rated',
          messageId: id,
          rating: i % 2 ? 'down' : 'up',
          channel: 'web',
          at: NOW + i,
        }),
      ).toBe(true);
    await index.rate({
      conversationId: 'rated',
      messageId: 'constructor',
      rating: 'down',
      reason: 'changed my mind',
      channel: 'web',
      at: NOW,
    });
    const ratings = (await index.get('rated'))?.ratings;
    expect(ratings?.size).toBe(PROPERTY_NAMES.length);
    expect(ratings?.get('constructor')).toEqual({
      rating: 'down',
      reason: 'changed my mind',
      at: NOW,
    });
    expect(ratings?.get('__proto__')?.rating).toBe('down');
    expect(
      await index.rate({
        conversationId: 'nobody',
        messageId: 'm',
        rating: 'up',
        channel: 'web',
        at: 1,
      }),
    ).toBe(false);
    expect(await index.get('nobody')).toBeNull();
  });

  it('records handoff tickets in the events of known conversations only', async () => {
    const { store, index } = open();
    await store.append('handed', exchange(NOW, 'I want a person'), { channel: 'web' });
    const ticket = {
      id: 't1',
      conversationId: 'handed',
      reason: 'customer_asked' as const,
      channel: 'web' as const,
      transcript: [],
      at: NOW + 5,
    };
    expect(await index.handedOff(ticket)).toBe(true);
    expect(await index.handedOff({ ...ticket, conversationId: 'unknown' })).toBe(false);
    expect((await index.get('handed'))?.events.at(-1)).toEqual({
      kind: 'ticket',
      at: NOW + 5,
      reason: 'customer_asked',
    });
  });

  it('pages newest first through equal activity times without repeats or gaps', async () => {
    const { store, index } = open();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const [i, id] of ids.entries())
      await store.append(id, [{ role: 'user', text: id, at: NOW + (i < 4 ? 0 : i) }], {
        channel: 'api',
      });
    const seen: string[] = [];
    let cursor: ReturnType<typeof decodeCursor>;
    for (let page = 0; page < 10; page++) {
      const batch = await index.newestFirst({ count: 2, ...(cursor ? { cursor } : {}) });
      if (batch.length === 0) break;
      seen.push(...batch.map((b) => b.id));
      const last = batch.at(-1);
      cursor = last && decodeCursor(encodeCursor(last));
    }
    expect(seen).toEqual(['g', 'f', 'e', 'd', 'c', 'b', 'a']);
    expect(await index.newestFirst({ count: 10, minLastAt: NOW + 5 })).toEqual([
      { id: 'g', at: NOW + 6 },
      { id: 'f', at: NOW + 5 },
    ]);
  });

  it('drops conversations older than the retention from the activity sets', async () => {
    const { store, index } = open({ ttlSeconds: 3600 });
    await store.append('old', [{ role: 'user', text: 'old', at: NOW - 2 * 3600_000 }], {
      channel: 'web',
    });
    await store.append('new', [{ role: 'user', text: 'new', at: NOW }], { channel: 'web' });
    expect((await index.newestFirst({ count: 10 })).map((e) => e.id)).toEqual(['new']);
    expect((await index.newestFirst({ channel: 'web', count: 10 })).map((e) => e.id)).toEqual([
      'new',
    ]);
  });

  it('removes conversations from the index and its activity sets, counting those that existed', async () => {
    const { store, index, prefix } = open();
    await store.append('gone', exchange(NOW, 'bye'), { channel: 'botframework' });
    await store.append('kept', exchange(NOW, 'stay'), { channel: 'botframework' });
    expect(await index.remove(['gone', 'never'])).toBe(1);
    expect(await index.get('gone')).toBeNull();
    expect(await testRedis.redis.exists(`${prefix}conv-events:gone`)).toBe(0);
    expect(
      (await index.newestFirst({ channel: 'botframework', count: 10 })).map((e) => e.id),
    ).toEqual(['kept']);
    expect((await index.newestFirst({ count: 10 })).map((e) => e.id)).toEqual(['kept']);
  });

  it('refuses cursors it did not make', () => {
    expect(decodeCursor(encodeCursor({ at: 5, id: 'web:x' }))).toEqual({ at: 5, id: 'web:x' });
    for (const text of ['', 'not base64!', Buffer.from('[1]').toString('base64url'), 'e30'])
      expect(decodeCursor(text)).toBeUndefined();
  });
});
