import type { Feedback } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { RedisDocsGapLog, RedisFeedbackStore } from './feedback-store.ts';

const feedback = (
  conversationId: string,
  messageId: string,
  extra: Partial<Feedback> = {},
): Feedback => ({ conversationId, messageId, rating: 'up', channel: 'web', at: 1, ...extra });

describe('feedback and docs gaps per customer (real Redis)', () => {
  const test = useTestRedis();

  it("finds and erases one customer's feedback, by conversation or by widget user", async () => {
    const store = new RedisFeedbackStore({ redis: test.redis, prefix: `${test.prefix}a:` });
    await store.record(feedback('web:one', 'm1', { userId: 'ana' }));
    await store.record(feedback('web:two', 'm2'));
    await store.record(feedback('web:old', 'm3', { userId: 'ana' }));
    // A Slack user who happens to have the same id is someone else.
    await store.record(feedback('slack:T:C:1', 'm4', { userId: 'ana', channel: 'slack' }));

    const byConversation = { conversationIds: new Set(['web:two']) };
    expect((await store.entriesOf(byConversation)).map((f) => f.messageId)).toEqual(['m2']);
    const byUser = { conversationIds: new Set(['web:one']), webUserId: 'ana' };
    expect((await store.entriesOf(byUser)).map((f) => f.messageId)).toEqual(['m3', 'm1']);

    expect(await store.removeEntriesOf(byUser)).toBe(2);
    expect((await store.recent()).map((f) => f.messageId)).toEqual(['m4', 'm2']);
  });

  it("finds and erases one customer's docs gaps by conversation", async () => {
    const gaps = new RedisDocsGapLog({ redis: test.redis, prefix: `${test.prefix}b:` });
    for (const conversationId of ['web:one', 'web:two', 'web:one'])
      await gaps.record({
        conversationId,
        question: 'q?',
        reason: 'no_docs',
        channel: 'web',
        at: 1,
      });
    const customer = { conversationIds: new Set(['web:one']) };
    expect(await gaps.entriesOf(customer)).toHaveLength(2);
    expect(await gaps.removeEntriesOf(customer)).toBe(2);
    expect((await gaps.recent()).map((g) => g.conversationId)).toEqual(['web:two']);
  });

  it('drops entries past the retention period as new ones arrive', async () => {
    const store = new RedisFeedbackStore({
      redis: test.redis,
      prefix: `${test.prefix}c:`,
      retentionSeconds: 60,
    });
    await store.record(feedback('web:old', 'm1', { at: Date.now() - 120_000 }));
    await store.record(feedback('web:new', 'm2', { at: Date.now() }));
    expect((await store.recent()).map((f) => f.messageId)).toEqual(['m2']);
  });
});
