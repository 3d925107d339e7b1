import type { Citation, Turn } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { RedisConversationStore } from '../memory/conversation-store.ts';
import { RedisConversationIndex } from './conversation-index.ts';
import { isShareableQuestion, MostAskedQuestions, mostAskedQuestions } from './most-asked.ts';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const CITATION: Citation = {
  index: 1,
  chunkId: 'pairing#0',
  docId: 'pairing.md',
  title: 'Pair a room sensor',
  sectionPath: [],
  snippet: 'Hold the button for five seconds.',
};

describe('the most asked questions (real Redis)', () => {
  const testRedis = useTestRedis();
  let n = 0;
  /** A store and index of their own per test, and a way to write one conversation. */
  const open = () => {
    const prefix = `${testRedis.prefix}${n++}:`;
    const index = new RedisConversationIndex({
      redis: testRedis.redis,
      prefix,
      ttlSeconds: 30 * 86_400,
      clock: () => NOW,
    });
    const store = new RedisConversationStore({
      redis: testRedis.redis,
      prefix: `${prefix}conv:`,
      ttlSeconds: 30 * 86_400,
      index,
    });
    let id = 0;
    const conversation = async (
      question: string,
      answer: Partial<Turn> & { route: Turn['route'] },
      options: { at?: number; userId?: string; rating?: 'up' | 'down'; ticket?: boolean } = {},
    ) => {
      const conversationId = `c${id++}`;
      const at = options.at ?? NOW - 5 * DAY_MS + id * 1000;
      const messageId = `m-${conversationId}`;
      const citations = answer.route === 'knowledge' ? [CITATION] : [];
      await store.append(
        conversationId,
        [
          { role: 'user', text: question, at },
          {
            role: 'assistant',
            text: 'An answer.',
            at: at + 1,
            id: messageId,
            citations,
            ...answer,
          },
        ],
        { channel: 'web', ...(options.userId ? { userId: options.userId } : {}) },
      );
      if (options.rating)
        await index.rate({
          conversationId,
          messageId,
          rating: options.rating,
          channel: 'web',
          at: at + 2,
        });
      if (options.ticket)
        await index.handedOff({
          id: `t-${conversationId}`,
          conversationId,
          reason: 'customer_asked',
          channel: 'web',
          transcript: [],
          at: at + 3,
        });
      return conversationId;
    };
    const ask = (more: Partial<Parameters<typeof mostAskedQuestions>[0]> = {}) =>
      mostAskedQuestions({
        index,
        openings: store,
        isPersonal: () => false,
        windowMs: 30 * DAY_MS,
        resolutionWindowMs: DAY_MS,
        clock: () => NOW,
        ...more,
      });
    return { conversation, ask, store, index };
  };
  const brand = { route: 'brand' as const };
  const knowledge = { route: 'knowledge' as const };

  it('offers a question answered in three conversations, shown as most customers wrote it', async () => {
    const { conversation, ask } = open();
    await conversation('How do I reset my password?', brand);
    await conversation('how do I reset my password', brand);
    await conversation('How do I reset my password?', brand);
    await conversation('How do I pair a room sensor?', knowledge);
    await conversation('How do I pair a room sensor?', knowledge);
    expect(await ask()).toEqual(['How do I reset my password?']);
  });

  it('leaves out questions asked in two conversations, or with an order number, a link or an e-mail', async () => {
    const { conversation, ask } = open();
    for (let i = 0; i < 3; i++) {
      await conversation('Where is my order 10245?', brand);
      await conversation('Where is my order ORD-88412?', brand);
      await conversation('Is www.nimbus.example down?', knowledge);
      await conversation('My e-mail anna@example.com gets no reset link', brand);
    }
    await conversation('Can I change my delivery address?', brand);
    await conversation('Can I change my delivery address?', brand);
    expect(await ask()).toEqual([]);
    await conversation('can I change my delivery address', brand);
    expect(await ask()).toEqual(['Can I change my delivery address?']);
  });

  it('counts only answered openings: no handoff, no 👎, a docs answer with citations', async () => {
    const { conversation, ask } = open();
    const question = 'How do I turn on Eco mode?';
    await conversation(question, knowledge);
    await conversation(question, knowledge);
    await conversation(question, brand, { ticket: true });
    await conversation(question, brand, { rating: 'down' });
    await conversation(question, { route: 'handoff', handoffReason: 'low_confidence' });
    await conversation(question, { route: 'knowledge', citations: [] });
    await conversation(question, { route: 'smalltalk' });
    expect(await ask()).toEqual([]);
    await conversation(question, brand, { rating: 'up' });
    expect(await ask()).toEqual([question]);
  });

  it('counts a signed-in customer once, and only conversations within the window', async () => {
    const { conversation, ask } = open();
    const question = 'Why is my thermostat offline?';
    await conversation(question, brand, { userId: 'u-1' });
    await conversation(question, brand, { userId: 'u-1' });
    await conversation(question, brand, { userId: 'u-1' });
    await conversation(question, brand, { at: NOW - 40 * DAY_MS });
    expect(await ask()).toEqual([]);
    await conversation(question, brand, { userId: 'u-2' });
    expect(await ask()).toEqual([]);
    await conversation(question, brand);
    expect(await ask()).toEqual([question]);
  });

  it('ranks by how many asked, keeps three, and drops what the PII check flags', async () => {
    const { conversation, ask } = open();
    const counts: Array<[string, number]> = [
      ['How do I pair a room sensor?', 5],
      ['How do I reset my password?', 4],
      ['Please call me back, Anna Smith here', 4],
      ['Where is my parcel?', 3],
      ['Can I cancel my order?', 3],
    ];
    for (const [question, times] of counts)
      for (let i = 0; i < times; i++)
        await conversation(question, question.startsWith('How do I pair') ? knowledge : brand);
    const top = await ask({ isPersonal: (text) => text.includes('Anna Smith') });
    expect(top).toHaveLength(3);
    expect(top.slice(0, 2)).toEqual([
      'How do I pair a room sensor?',
      'How do I reset my password?',
    ]);
    // Two asked three times: the one asked most recently comes first.
    expect(top[2]).toBe('Can I cancel my order?');
    expect(await ask({ limit: 5, isPersonal: () => false })).toContain(
      'Please call me back, Anna Smith here',
    );
  });

  it('is computed in the background and read from memory until the next refresh', async () => {
    const { conversation, store, index } = open();
    const cache = new MostAskedQuestions({
      index,
      openings: store,
      isPersonal: () => false,
      windowMs: 30 * DAY_MS,
      resolutionWindowMs: DAY_MS,
      clock: () => NOW,
    });
    expect(cache.current()).toEqual([]);
    for (let i = 0; i < 3; i++) await conversation('Where is my parcel?', brand);
    expect(cache.current()).toEqual([]);
    expect(await cache.refresh()).toEqual(['Where is my parcel?']);
    for (let i = 0; i < 4; i++) await conversation('Can I cancel my order?', brand);
    expect(cache.current()).toEqual(['Where is my parcel?']);
    await cache.refresh();
    expect(cache.current()).toEqual(['Can I cancel my order?', 'Where is my parcel?']);
    await cache.close();
  });

  it('shares only short questions without digits, addresses or links', () => {
    const none = () => false;
    expect(isShareableQuestion('How do I reset my password?', none)).toBe(true);
    for (const text of [
      'Where is order #4411?',
      'I paid 30 dollars twice',
      'write to bob@example.com',
      'see https://nimbus.example/help',
      'is nimbus.example down',
      'x'.repeat(121),
      '?!',
      '',
    ])
      expect(isShareableQuestion(text, none), text).toBe(false);
    expect(isShareableQuestion('Call Anna', (t) => t.includes('Anna'))).toBe(false);
  });
});
