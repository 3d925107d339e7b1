import type { Feedback, FeedbackStore, Turn } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { harvestAgentReply, parseAgentReply } from './agent-reply.ts';
import { HarvestingFeedbackStore } from './harvest-from-feedback.ts';
import { RedisHarvestStore } from './harvest-store.ts';

const db = useTestRedis();
let n = 0;
const newStore = () =>
  new RedisHarvestStore({
    redis: db.redis,
    prefix: `${db.prefix}harvest-${++n}:`,
    companyFacts: { 'Support Email': 'help@nimbus.example' },
  });

const turns: Turn[] = [
  { role: 'user', text: 'hi, my mail is ann@example.org', at: 1 },
  { role: 'assistant', text: 'Hello!', at: 2, id: 'm-handoff', route: 'handoff' },
  { role: 'user', text: 'and returns?', resolvedQuery: 'how do returns work', at: 3 },
  {
    role: 'assistant',
    text: 'Returns are free for 30 days [1].',
    at: 4,
    id: 'm-1',
    route: 'knowledge',
  },
];

class MemoryFeedback implements FeedbackStore {
  readonly items: Feedback[] = [];
  async record(f: Feedback) {
    this.items.push(f);
  }
  async recent() {
    return this.items;
  }
}

const rate = (messageId: string, rating: 'up' | 'down'): Feedback => ({
  conversationId: 'c-1',
  messageId,
  rating,
  channel: 'web',
  at: 5,
});

describe('harvesting from 👍 feedback', () => {
  it('records every rating and turns a 👍 on a knowledge answer into one pending candidate', async () => {
    const store = newStore();
    const inner = new MemoryFeedback();
    const feedback = new HarvestingFeedbackStore(inner, {
      store,
      conversations: { load: async (id) => (id === 'c-1' ? turns : []) },
      classify: () => ({ label: 'returns_policy', confidence: 0.9 }),
    });
    await feedback.record(rate('m-1', 'up'));
    await feedback.record(rate('m-1', 'up'));
    await feedback.record(rate('m-1', 'down'));
    await feedback.record(rate('m-handoff', 'up'));
    await feedback.record(rate('unknown', 'up'));
    expect(inner.items).toHaveLength(5);
    const pending = await store.list({ state: 'pending' });
    expect(pending).toEqual([
      expect.objectContaining({
        source: 'thumbs_up',
        question: 'how do returns work',
        answer: 'Returns are free for 30 days.',
        intent: 'returns_policy',
        conversationId: 'c-1',
        messageId: 'm-1',
        state: 'pending',
      }),
    ]);
  });

  it('never fails the feedback because harvesting failed', async () => {
    const errors: unknown[] = [];
    const inner = new MemoryFeedback();
    const feedback = new HarvestingFeedbackStore(inner, {
      store: newStore(),
      conversations: { load: () => Promise.reject(new Error('redis down')) },
      onError: (err) => errors.push(err),
    });
    await feedback.record(rate('m-1', 'up'));
    expect(inner.items).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});

describe('RedisHarvestStore', () => {
  it('scrubs agent replies, deduplicates them, and moves candidates between states', async () => {
    const store = newStore();
    const reply = parseAgentReply({
      ticketId: 't-1',
      conversationId: 'c-9',
      question: 'my card 4111 1111 1111 1111 was charged twice',
      answer:
        'Sorry! I refunded the second charge; write to help@nimbus.example if it is not back in 5 days.',
      agent: 'maria',
    });
    const first = await harvestAgentReply(store, reply);
    const again = await harvestAgentReply(store, reply);
    expect(first.created).toBe(true);
    expect(again).toEqual({ candidate: first.candidate, created: false });
    expect(first.candidate).toMatchObject({
      source: 'agent',
      question: 'my card {{Card Number}} was charged twice',
      answer: expect.stringContaining('write to {{Support Email}}'),
      pii: { card: 1, email: 0 },
      agent: 'maria',
    });
    const id = first.candidate.id;
    expect((await store.review(id, 'accepted'))?.state).toBe('accepted');
    expect(await store.list({ state: 'pending' })).toEqual([]);
    expect((await store.accepted()).map((c) => c.id)).toEqual([id]);
    await store.review(id, 'rejected');
    expect(await store.accepted()).toEqual([]);
    expect((await store.list({ state: 'rejected' })).map((c) => c.id)).toEqual([id]);
    expect(await store.review('missing', 'accepted')).toBeNull();
  });

  it('refuses a bad agent reply body with the field named', () => {
    expect(() => parseAgentReply({ ticketId: 't', conversationId: 'c', question: 'q' })).toThrow(
      /answer/,
    );
    expect(() =>
      parseAgentReply({ ticketId: 't', conversationId: 'c', question: 'q', answer: 'a', x: 1 }),
    ).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});
