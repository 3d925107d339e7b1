import type { Feedback, FeedbackStore, Turn } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { harvestAgentReply, parseAgentReply } from './agent-reply.ts';
import { RedisDocumentEvidence } from './document-evidence.ts';
import { HarvestingFeedbackStore } from './harvest-from-feedback.ts';
import { normaliseQuestion, RedisHarvestStore } from './harvest-store.ts';

const db = useTestRedis();
let n = 0;
const newStore = () =>
  new RedisHarvestStore({
    redis: db.redis,
    prefix: `${db.prefix}harvest-${++n}:`,
    companyFacts: { 'Support Email': 'help@nimbus.example' },
  });

let docs = 0;
const newEvidence = () =>
  new RedisDocumentEvidence({ redis: db.redis, prefix: `${db.prefix}evidence-${++docs}:` });

/** c-1: a handoff message, a knowledge answer with two citations of one page and one of another. */
const knowledgeTurns: Turn[] = [
  { role: 'user', text: 'hi, my mail is ann@example.org', at: 1 },
  { role: 'assistant', text: 'Hello!', at: 2, id: 'm-handoff', route: 'handoff' },
  { role: 'user', text: 'and the sensor?', resolvedQuery: 'how do I pair a room sensor', at: 3 },
  {
    role: 'assistant',
    text: 'Hold the button for five seconds [1], then pick it in the app [2][3].',
    at: 4,
    id: 'm-1',
    route: 'knowledge',
    citations: [1, 2, 3].map((index) => ({
      index,
      chunkId: `chunk-${index}`,
      docId: index === 3 ? 'app.md' : 'sensors.md',
      title: index === 3 ? 'The app' : 'Room sensors',
      sectionPath: [],
      snippet: '',
      ...(index === 3 ? {} : { url: '/help/sensors.md' }),
    })),
  },
];

/** A brand answer to `question` under `intent` (undefined: a turn stored before turns had one). */
const brandTurns = (question: string, intent: string | undefined, id: string): Turn[] => [
  { role: 'user', text: question, at: 1 },
  {
    role: 'assistant',
    text: 'Sorry about that! Here is how to return it.',
    at: 2,
    id,
    route: 'brand',
    ...(intent ? { intent } : {}),
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

const rate = (conversationId: string, messageId: string, rating: 'up' | 'down'): Feedback => ({
  conversationId,
  messageId,
  rating,
  channel: 'web',
  at: 5,
});

describe('learning from 👍 feedback', () => {
  const conversations = new Map<string, Turn[]>([
    ['c-1', knowledgeTurns],
    ['c-2', brandTurns('I want to return my thermostat', 'return_item', 'm-2')],
    // The same question, typed differently, in another conversation.
    ['c-3', brandTurns('  i want to RETURN my thermostat!! ', 'return_item', 'm-3')],
    // The same words answered under another intent: another candidate.
    ['c-4', brandTurns('I want to return my thermostat', 'cancel_order', 'm-4')],
    ['c-5', brandTurns('where is my parcel', undefined, 'm-5')],
  ]);
  const setup = () => {
    const store = newStore();
    const evidence = newEvidence();
    const inner = new MemoryFeedback();
    const feedback = new HarvestingFeedbackStore(inner, {
      store,
      evidence,
      conversations: { load: async (id) => conversations.get(id) ?? [] },
      // A classifier that would mislabel everything: a turn's own intent must win over it.
      classify: () => ({ label: 'track_order', confidence: 0.9 }),
    });
    return { store, evidence, inner, feedback };
  };

  it('counts a 👍 on a knowledge answer for its cited pages, never as a brand candidate', async () => {
    const { store, evidence, inner, feedback } = setup();
    await feedback.record(rate('c-1', 'm-1', 'up'));
    await feedback.record(rate('c-1', 'm-1', 'up'));
    await feedback.record(rate('c-1', 'm-1', 'down'));
    await feedback.record(rate('c-1', 'm-handoff', 'up'));
    await feedback.record(rate('c-1', 'unknown', 'up'));
    expect(inner.items).toHaveLength(5);
    expect(await store.list()).toEqual([]);
    expect(await evidence.list()).toEqual([
      {
        docId: 'sensors.md',
        title: 'Room sensors',
        url: '/help/sensors.md',
        helpful: 1,
        lastAt: 5,
      },
      { docId: 'app.md', title: 'The app', helpful: 1, lastAt: 5 },
    ]);
  });

  it('harvests a brand answer under the intent it was answered with; duplicates merge with a count', async () => {
    const { store, feedback } = setup();
    await feedback.record(rate('c-2', 'm-2', 'up'));
    await feedback.record(rate('c-2', 'm-2', 'up')); // the same answer again: nothing new
    expect(await store.list()).toEqual([
      expect.objectContaining({
        source: 'thumbs_up',
        question: 'I want to return my thermostat',
        answer: 'Sorry about that! Here is how to return it.',
        intent: 'return_item',
        conversationId: 'c-2',
        messageId: 'm-2',
        state: 'pending',
        count: 1,
      }),
    ]);
    await feedback.record(rate('c-3', 'm-3', 'up'));
    await feedback.record(rate('c-4', 'm-4', 'up'));
    await feedback.record(rate('c-5', 'm-5', 'up'));
    const byIntent = new Map((await store.list()).map((c) => [c.intent, c]));
    expect([...byIntent.keys()].sort()).toEqual(['cancel_order', 'return_item', 'track_order']);
    expect(byIntent.get('return_item')).toMatchObject({ count: 2, conversationId: 'c-2' });
    expect(byIntent.get('cancel_order')?.count).toBe(1);
    // Only a turn stored without its intent falls back to the classifier.
    expect(byIntent.get('track_order')?.question).toBe('where is my parcel');
  });

  it('keeps a merged count through review, and merges into a reviewed candidate', async () => {
    const { store, feedback } = setup();
    await feedback.record(rate('c-2', 'm-2', 'up'));
    const [candidate] = await store.list();
    expect((await store.review(candidate?.id ?? '', 'accepted'))?.count).toBe(1);
    await feedback.record(rate('c-3', 'm-3', 'up'));
    expect(await store.accepted()).toEqual([
      expect.objectContaining({ id: candidate?.id, state: 'accepted', count: 2 }),
    ]);
    expect(await store.list({ state: 'pending' })).toEqual([]);
  });

  it('never fails the feedback because harvesting failed', async () => {
    const errors: unknown[] = [];
    const inner = new MemoryFeedback();
    const feedback = new HarvestingFeedbackStore(inner, {
      store: newStore(),
      conversations: { load: () => Promise.reject(new Error('redis down')) },
      onError: (err) => errors.push(err),
    });
    await feedback.record(rate('c-1', 'm-1', 'up'));
    expect(inner.items).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});

describe('normaliseQuestion', () => {
  it('ignores case, punctuation and spacing but keeps every script', () => {
    expect(normaliseQuestion('  Where is  MY parcel?! ')).toBe('where is my parcel');
    expect(normaliseQuestion('Πού είναι το δέμα μου;')).toBe('πού είναι το δέμα μου');
    expect(normaliseQuestion('?!')).toBe('?!');
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
