import type { HandoffTarget, HandoffTicket } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { startLocalServer } from '../../../../test/support/http-server.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { RedisConversationStore } from '../memory/conversation-store.ts';
import { RedisDocsGapLog, RedisFeedbackStore } from './feedback-store.ts';
import { HandoffService } from './handoff.ts';
import { signWebhook, WebhookHandoffTarget } from './webhook-target.ts';

describe('support services', () => {
  const test = useTestRedis();

  it('keeps feedback and docs gaps newest first, capped', async () => {
    const feedback = new RedisFeedbackStore({ redis: test.redis, prefix: test.prefix, limit: 2 });
    for (const messageId of ['m1', 'm2', 'm3']) {
      await feedback.record({
        conversationId: 'c1',
        messageId,
        rating: 'down',
        reason: `bad ${messageId}`,
        channel: 'web',
        at: 1,
      });
    }
    expect((await feedback.recent()).map((f) => f.messageId)).toEqual(['m3', 'm2']);
    const gaps = new RedisDocsGapLog({ redis: test.redis, prefix: test.prefix });
    await gaps.record({
      conversationId: 'c1',
      question: 'q?',
      reason: 'no_docs',
      channel: 'web',
      at: 2,
    });
    expect(await gaps.recent()).toEqual([
      { conversationId: 'c1', question: 'q?', reason: 'no_docs', channel: 'web', at: 2 },
    ]);
  });

  it('delivers a signed ticket with the transcript, and reports a failing target without losing the others', async () => {
    const received: Array<{ headers: Record<string, unknown>; body: unknown }> = [];
    await using hook = await startLocalServer((req, res) => {
      received.push({ headers: req.headers, body: req.body });
      res.writeHead(204).end();
    });
    const memory = new RedisConversationStore({ redis: test.redis, prefix: `${test.prefix}conv:` });
    await memory.append('c9', [
      { role: 'user', text: 'my parcel is lost', at: 1 },
      { role: 'assistant', text: 'Sorry to hear that.', at: 2, id: 'm1' },
    ]);
    const broken: HandoffTarget = {
      name: 'broken',
      deliver: () => Promise.reject(new Error('helpdesk down')),
    };
    const secret = 'a-webhook-secret-of-length';
    const service = new HandoffService({
      memory,
      targets: [
        new WebhookHandoffTarget({
          url: `${hook.url}/hook`,
          secret,
          clock: () => 1_700_000_000_000,
        }),
        broken,
      ],
      clock: () => 1_700_000_000_000,
    });
    const result = await service.request({
      conversationId: 'c9',
      reason: 'customer_asked',
      channel: 'web',
    });
    expect(result.delivered).toEqual(['webhook']);
    expect(result.failed).toEqual([{ target: 'broken', message: 'helpdesk down' }]);
    expect(received).toHaveLength(1);
    const { headers, body } = received[0] as {
      headers: Record<string, string>;
      body: { ticket: HandoffTicket };
    };
    expect(body.ticket.transcript.map((t) => t.text)).toEqual([
      'my parcel is lost',
      'Sorry to hear that.',
    ]);
    expect(body.ticket.reason).toBe('customer_asked');
    const timestamp = Number(headers['x-switchboard-timestamp']);
    expect(timestamp).toBe(1_700_000_000);
    expect(headers['x-switchboard-signature']).toBe(
      signWebhook(secret, timestamp, JSON.stringify(body)),
    );
    expect(headers['x-switchboard-signature']).not.toBe(
      signWebhook('another-secret-xx', timestamp, JSON.stringify(body)),
    );
  });

  it('turns a webhook error status into a failed delivery', async () => {
    await using hook = await startLocalServer((_req, res) => {
      res.writeHead(500).end();
    });
    const target = new WebhookHandoffTarget({
      url: hook.url,
      secret: 'a-webhook-secret-of-length',
    });
    const ticket: HandoffTicket = {
      id: 't',
      conversationId: 'c',
      reason: 'no_docs',
      channel: 'slack',
      transcript: [],
      at: 0,
    };
    await expect(target.deliver(ticket)).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
  });
});
