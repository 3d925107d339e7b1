import { randomUUID } from 'node:crypto';
import { loadConfig } from '@switchboard/config';
import { isSwitchboardError } from '@switchboard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { parseCustomerSubject } from './customer-data.ts';
import { customerStores } from './customer-stores.ts';

describe('parseCustomerSubject', () => {
  const refusal = (input: Record<string, unknown>) => {
    try {
      parseCustomerSubject(input);
    } catch (error) {
      if (isSwitchboardError(error) && error.code === 'BAD_REQUEST') return error.message;
      throw error;
    }
    throw new Error('accepted');
  };

  it('takes exactly one of conversationId and userId', () => {
    expect(parseCustomerSubject({ conversationId: 'web:abc' })).toEqual({
      conversationId: 'web:abc',
    });
    expect(parseCustomerSubject({ userId: 'Ana Lima <ana@example.com>' })).toEqual({
      userId: 'Ana Lima <ana@example.com>',
    });
    expect(refusal({})).toMatch(/give conversationId or userId/);
    expect(refusal({ conversationId: 'a', userId: 'b' })).toMatch(/not both/);
  });

  it('refuses empty, long, non-string and control-character values, naming the field', () => {
    expect(refusal({ conversationId: '' })).toMatch(/^conversationId: must be a non-empty string/);
    expect(refusal({ userId: ['a', 'b'] })).toMatch(/^userId: must be a non-empty string/);
    expect(refusal({ userId: 'x'.repeat(257) })).toMatch(/at most 256/);
    expect(refusal({ conversationId: 'web:a b' })).toMatch(/printable ASCII/);
    expect(refusal({ userId: 'ana\nbob' })).toMatch(/control characters/);
  });
});

describe("one customer's data across the stores (real Redis)", () => {
  const test = useTestRedis();
  // REDIS_PREFIX allows no colon, so this file's keys are cleaned up here, not by useTestRedis.
  const prefix = `customer-data-${randomUUID()}`;
  afterAll(async () => {
    const keys = await test.redis.keys(`${prefix}:*`);
    if (keys.length) await test.redis.del(...keys);
  });
  const open = () =>
    customerStores(
      loadConfig({ REDIS_PREFIX: prefix, SWITCHBOARD_RETENTION_DAYS: '7' }),
      test.redis,
    );

  it('keeps conversations and owner records for the retention period', async () => {
    const { memory, owners } = open();
    const { conversationId } = await owners.create('ana');
    await memory.append(conversationId, [{ role: 'user', text: 'hi', at: 1 }]);
    for (const key of [
      `${prefix}:conv:${conversationId}`,
      `${prefix}:conv-owner:${conversationId}`,
    ]) {
      const ttl = await test.redis.ttl(key);
      expect(ttl).toBeGreaterThan(7 * 86_400 - 60);
      expect(ttl).toBeLessThanOrEqual(7 * 86_400);
    }
  });

  it('exports and deletes by user (their conversations, feedback, docs gaps) and leaves others alone', async () => {
    const { memory, owners, feedback, gaps, customers } = open();
    const mine = await owners.create('bea');
    const alsoMine = await owners.create('bea');
    const theirs = await owners.create('cal');
    for (const { conversationId } of [mine, alsoMine, theirs]) {
      await memory.append(conversationId, [
        { role: 'user', text: `question in ${conversationId}`, at: 1 },
        { role: 'assistant', text: 'answer', at: 2, id: `m-${conversationId}` },
      ]);
    }
    await feedback.record({
      conversationId: mine.conversationId,
      messageId: `m-${mine.conversationId}`,
      rating: 'down',
      channel: 'web',
      userId: 'bea',
      at: Date.now(),
    });
    await feedback.record({
      conversationId: theirs.conversationId,
      messageId: `m-${theirs.conversationId}`,
      rating: 'up',
      channel: 'web',
      userId: 'cal',
      at: Date.now(),
    });
    await gaps.record({
      conversationId: alsoMine.conversationId,
      question: 'where is my invoice?',
      reason: 'no_docs',
      channel: 'web',
      at: Date.now(),
    });

    const exported = await customers.export({ userId: 'bea' });
    expect(exported).toMatchObject({ subject: { userId: 'bea' }, retentionDays: 7 });
    expect(exported?.conversations.map((c) => c.conversationId)).toEqual(
      [mine.conversationId, alsoMine.conversationId].sort(),
    );
    expect(exported?.conversations[0]).toMatchObject({ owner: { userId: 'bea' } });
    expect(exported?.conversations[0]?.turns).toHaveLength(2);
    expect(Date.parse(exported?.conversations[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(exported?.feedback.map((f) => f.userId)).toEqual(['bea']);
    expect(exported?.docsGaps.map((g) => g.question)).toEqual(['where is my invoice?']);
    // Owner records are exported without the grant digest.
    expect(JSON.stringify(exported)).not.toContain('grant');

    const deletion = await customers.delete({ userId: 'bea' });
    expect(deletion.deleted).toEqual({
      conversations: 2,
      conversationIndex: 2,
      ownerRecords: 2,
      feedback: 1,
      docsGaps: 1,
      handoffs: 0,
      channelAddresses: 0,
    });
    expect(await customers.export({ userId: 'bea' })).toBeNull();
    expect(await memory.load(mine.conversationId)).toEqual([]);
    // Someone else's data is untouched.
    expect(await memory.load(theirs.conversationId)).toHaveLength(2);
    expect((await feedback.recent()).map((f) => f.userId)).toEqual(['cal']);
    expect((await customers.delete({ userId: 'bea' })).deleted).toEqual({
      conversations: 0,
      conversationIndex: 0,
      ownerRecords: 0,
      feedback: 0,
      docsGaps: 0,
      handoffs: 0,
      channelAddresses: 0,
    });
  });

  it('exports and deletes one conversation of any channel by its id', async () => {
    const { memory, feedback, customers, handoffs, addresses } = open();
    const id = 'slack:T1:C1:1700000000.000100';
    await memory.append(id, [{ role: 'user', text: 'hello from slack', at: 1 }]);
    // Its handoff (mode, history, agent) and how a channel reaches the customer are theirs too.
    await handoffs.put({
      state: { conversationId: id, channel: 'slack', mode: 'agent', since: 1, history: [] },
    });
    await addresses.save(id, { serviceUrl: 'https://example.invalid', conversation: { id } });
    await feedback.record({
      conversationId: id,
      messageId: 'm',
      rating: 'up',
      channel: 'slack',
      at: Date.now(),
    });
    const exported = await customers.export({ conversationId: id });
    expect(exported?.conversations).toEqual([
      expect.objectContaining({ conversationId: id, owner: null }),
    ]);
    expect(exported?.feedback).toHaveLength(1);
    expect(exported?.other.handoffs).toEqual([expect.objectContaining({ mode: 'agent' })]);
    expect(exported?.other.channelAddresses).toHaveLength(1);
    expect((await customers.delete({ conversationId: id })).deleted).toEqual({
      conversations: 1,
      conversationIndex: 1,
      ownerRecords: 0,
      feedback: 1,
      docsGaps: 0,
      handoffs: 1,
      channelAddresses: 1,
    });
    expect(await handoffs.get(id)).toBeNull();
    expect(await customers.export({ conversationId: id })).toBeNull();
  });
});
