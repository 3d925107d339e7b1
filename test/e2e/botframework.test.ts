import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandoffService, RedisFeedbackStore, WebhookHandoffTarget } from '@switchboard/assistant';
import { createBotFrameworkChannel } from '@switchboard/botframework';
import { loadConfig } from '@switchboard/config';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import {
  type LocalServer,
  type RecordedRequest,
  sendJson,
  startLocalServer,
} from '../support/http-server.ts';
import { runtimeEnv } from '../support/runtime-env.ts';
import { useTestRedis } from '../support/test-redis.ts';

interface SentActivity {
  type: string;
  id?: string;
  text?: string;
  entities?: Array<Record<string, unknown>>;
  channelData?: Record<string, unknown>;
  suggestedActions?: { actions: Array<{ title: string; value: unknown }> };
}

/**
 * The Bot Framework channel as the Emulator and Teams see it: activities posted to the real app
 * at `POST /api/messages`, answered by the real assistant on the sample data, with replies going
 * to a local "connector" (the activity's serviceUrl) that records them.
 */
describe('Bot Framework channel (local mode, as the Emulator uses it)', () => {
  const testRedis = useTestRedis();
  let runtime: Runtime;
  let dataDir: string;
  let connector: LocalServer;
  let helpdesk: LocalServer;
  let app: FastifyInstance;
  let feedback: RedisFeedbackStore;
  let sent = 0;
  const logs: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bf-'));
    runtime = await openRuntime(loadConfig(runtimeEnv(dataDir)));
    // Like the Bot Connector: every posted activity gets an id; Teams keeps the stream's first id.
    connector = await startLocalServer((_req, res) => sendJson(res, 200, { id: `act-${++sent}` }));
    helpdesk = await startLocalServer((_req, res) => sendJson(res, 200, { ok: true }));
    feedback = new RedisFeedbackStore({ redis: testRedis.redis, prefix: testRedis.prefix });
    const handoff = new HandoffService({
      memory: runtime.memory,
      targets: [new WebhookHandoffTarget({ url: helpdesk.url, secret: 'a-test-webhook-secret' })],
    });
    const channel = createBotFrameworkChannel(
      { assistant: runtime.assistant, feedback, handoff, log: (line) => logs.push(line) },
      { mode: 'local' },
      { streamIntervalMs: 0 },
    );
    app = await buildApp({
      assistant: runtime.assistant,
      health: () => runtime.health(),
      maxMessageChars: 2000,
      botframework: channel,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await connector?.close();
    await helpdesk?.close();
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Posts one activity as the connector would and returns what the bot sent back meanwhile. */
  async function post(activity: Record<string, unknown>) {
    const before = connector.requests.length;
    const response = await app.inject({
      method: 'POST',
      url: '/api/messages',
      payload: {
        id: `in-${crypto.randomUUID()}`,
        serviceUrl: connector.url,
        from: { id: 'user-1', name: 'Ada' },
        recipient: { id: 'bot-1', name: 'Switchboard' },
        ...activity,
      },
    });
    const requests: RecordedRequest[] = connector.requests.slice(before);
    return { response, requests, replies: requests.map((r) => r.body as SentActivity) };
  }

  const emulator = (conversation: string, extra: Record<string, unknown>) =>
    post({ type: 'message', channelId: 'emulator', conversation: { id: conversation }, ...extra });

  it('answers with a typing indicator first, then the reply with numbered citations', async () => {
    const { response, requests, replies } = await emulator('conv-emu-1', {
      id: 'in-1',
      text: 'How do I pair a room sensor?',
    });
    expect(response.statusCode).toBe(200);
    expect(requests.every((r) => r.path === '/v3/conversations/conv-emu-1/activities/in-1')).toBe(
      true,
    );
    expect(replies.map((r) => r.type)).toEqual(['typing', 'message']);
    const answer = replies[1]!;
    expect(answer.text).toMatch(/\[1\]/);
    expect(answer.text).toMatch(/\*\*Sources\*\*[\s\S]*\[1\] .*sensor/i);
    expect(answer.suggestedActions?.actions.map((a) => a.title)).toEqual([
      '👍 Helpful',
      '👎 Not helpful',
      'Talk to a human',
    ]);
    // Same conversation id scheme as memory: follow-ups see this exchange.
    const turns = await runtime.memory.load('bf:emulator:conv-emu-1');
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant']);
  });

  it('records feedback from the reply buttons', async () => {
    const { replies } = await emulator('conv-emu-2', { text: 'How do I pair a room sensor?' });
    const helpful = replies[1]!.suggestedActions!.actions[0]!;
    const { replies: ack } = await emulator('conv-emu-2', { text: '', value: helpful.value });
    expect(ack[0]?.text).toMatch(/thanks/i);
    const [last] = await runtime.memory.load('bf:emulator:conv-emu-2').then((t) => t.slice(-1));
    expect(await feedback.recent(1)).toEqual([
      expect.objectContaining({
        conversationId: 'bf:emulator:conv-emu-2',
        messageId: last?.id,
        rating: 'up',
        channel: 'botframework',
        userId: 'user-1',
      }),
    ]);
  });

  it('hands the conversation to people from the "Talk to a human" button', async () => {
    await emulator('conv-emu-3', { text: 'How do I pair a room sensor?' });
    const { replies } = await emulator('conv-emu-3', { text: 'Talk to a human' });
    expect(replies.at(-1)?.text).toMatch(/passed our conversation to the team/);
    const delivery = helpdesk.requests.at(-1)?.body as { ticket?: Record<string, unknown> };
    const ticket = delivery?.ticket ?? {};
    expect(ticket).toMatchObject({
      conversationId: 'bf:emulator:conv-emu-3',
      reason: 'customer_asked',
      channel: 'botframework',
    });
    expect((ticket.transcript as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it('streams in a Teams personal chat: informative, growing chunks, final with citations', async () => {
    const { response, replies } = await post({
      type: 'message',
      channelId: 'msteams',
      conversation: { id: 'a:personal-1', conversationType: 'personal' },
      text: 'How do I pair a room sensor?',
    });
    expect(response.statusCode).toBe(200);
    const info = (a: SentActivity) => a.entities?.find((e) => e.type === 'streaminfo');
    const [first, ...rest] = replies;
    expect(first).toMatchObject({ type: 'typing', text: expect.stringMatching(/searching/i) });
    expect(info(first!)).toMatchObject({ streamType: 'informative', streamSequence: 1 });
    const streamId = `act-${sent - rest.length}`; // the id the connector gave the first one
    const chunks = rest.slice(0, -1);
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((chunk, i) => {
      expect(chunk.type).toBe('typing');
      expect(info(chunk)).toMatchObject({
        streamType: 'streaming',
        streamId,
        streamSequence: i + 2,
      });
      if (i > 0) expect(chunk.text?.startsWith(chunks[i - 1]!.text ?? '')).toBe(true);
    });
    const final = rest.at(-1)!;
    expect(final.type).toBe('message');
    expect(info(final)).toMatchObject({ streamType: 'final', streamId });
    expect(final.channelData).toMatchObject({ feedbackLoopEnabled: true, streamId });
    const message = final.entities?.find((e) => e.type === 'https://schema.org/Message');
    const citations = message?.citation as Array<{ position: number; appearance: object }>;
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations) expect(final.text).toContain(`[${c.position}]`);
  });

  it('records Teams feedback-loop ratings against the rated reply and answers the invoke', async () => {
    const { replies } = await post({
      type: 'message',
      channelId: 'msteams',
      conversation: { id: 'a:personal-2', conversationType: 'personal' },
      text: 'How do I pair a room sensor?',
    });
    const final = replies.at(-1)?.entities?.find((e) => e.type === 'streaminfo');
    const streamId = final?.streamId;
    expect(streamId).toEqual(expect.any(String));
    const { response } = await post({
      type: 'invoke',
      name: 'message/submitAction',
      channelId: 'msteams',
      conversation: { id: 'a:personal-2', conversationType: 'personal' },
      replyToId: streamId,
      value: {
        actionName: 'feedback',
        actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"The steps were wrong"}' },
      },
    });
    expect(logs).toEqual([]);
    expect(response.statusCode).toBe(200);
    const turns = await runtime.memory.load('bf:msteams:a:personal-2');
    expect(await feedback.recent(1)).toEqual([
      expect.objectContaining({
        conversationId: 'bf:msteams:a:personal-2',
        messageId: turns.at(-1)?.id,
        rating: 'down',
        reason: 'The steps were wrong',
      }),
    ]);
  });
});
