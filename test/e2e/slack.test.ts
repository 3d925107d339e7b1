import { createHmac } from 'node:crypto';
import { HandoffService, RedisConversationStore, RedisFeedbackStore } from '@switchboard/assistant';
import type { InboundMessage, Reply, ReplyEvent } from '@switchboard/core';
import {
  createSlackChannel,
  RedisStateStore,
  type ResyncPort,
  type SlackChannel,
  SlackHandoffTarget,
  type SlackLogger,
  SlackLogLevel,
} from '@switchboard/slack';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import {
  FAKE_BOT_USER,
  FAKE_TEAM,
  type FakeSlackApi,
  type SlackCall,
  startFakeSlackApi,
} from '../support/fake-slack-api.ts';
import { useTestRedis } from '../support/test-redis.ts';

const SECRET = 'test-signing-secret-0123456789';
const ADMIN = 'U0ADMIN';
const CUSTOMER = 'U0CUSTOMER';
const HANDOFF_CHANNEL = 'C0HANDOFF';
const ANSWER = [
  '**Pairing a sensor**\n\n',
  'Hold the sensor button for five seconds until the light blinks blue [1]. ',
  'Then open the app, choose *Add device* and follow the steps on screen; ',
  'the thermostat finds the sensor within a minute. If it does not, move it closer ',
  'and try again, or reset it by holding the button for fifteen seconds [1].',
];

const silent: SlackLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => SlackLogLevel.ERROR,
  setName() {},
};

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
function sign(body: string, timestamp: number, secret = SECRET): Record<string, string> {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${digest}`,
  };
}

const now = () => Math.floor(Date.now() / 1000);
let nextTs = 1_800_000_000;
const newTs = () => `${++nextTs}.000200`;

/** Every piece of Markdown a stream sent, in order (start, appends, stop). */
function streamedText(calls: SlackCall[]): string {
  return calls
    .filter((c) => c.method.endsWith('Stream'))
    .flatMap((c) => [
      ...(typeof c.args.markdown_text === 'string' ? [c.args.markdown_text] : []),
      ...((c.args.chunks as Array<{ text?: string }> | undefined) ?? []).map((ch) => ch.text ?? ''),
    ])
    .join('');
}

describe('Slack channel over HTTP (Bolt receiver on the Fastify server, fake Web API)', () => {
  const test = useTestRedis();
  let fake: FakeSlackApi;
  let channel: SlackChannel;
  let server: FastifyInstance;
  let url: string;
  const asked: InboundMessage[] = [];
  const triggered: Array<{ source: string; mode: string }> = [];
  let feedback: RedisFeedbackStore;

  /** Streams the scripted answer and keeps the turns, as the real assistant does. */
  let memory: RedisConversationStore;
  async function* stream(message: InboundMessage): AsyncGenerator<ReplyEvent> {
    asked.push(message);
    const messageId = `msg-${asked.length}`;
    yield { type: 'meta', conversationId: message.conversationId, messageId } as ReplyEvent;
    for (const piece of ANSWER) yield { type: 'delta', text: piece };
    const reply = {
      conversationId: message.conversationId,
      messageId,
      text: ANSWER.join(''),
      citations: [
        {
          index: 1,
          chunkId: 'c1',
          docId: 'sensors',
          title: 'Pair a room sensor',
          sectionPath: [],
          url: 'https://help.example.com/sensors',
          snippet: '…',
        },
      ],
    } as unknown as Reply;
    await memory.append(message.conversationId, [
      { role: 'user', text: message.text, at: Date.now() },
      { role: 'assistant', text: reply.text, at: Date.now(), id: messageId },
    ]);
    yield { type: 'done', reply };
  }

  const resync: ResyncPort = {
    async trigger(source, mode) {
      triggered.push({ source, mode });
      return { runId: 'run-1', joined: false };
    },
    async follow(_runId, onProgress) {
      await onProgress({ stage: 'fetching', done: 1, total: 2 });
      await onProgress({ stage: 'fetching', done: 2, total: 2 });
      return { added: 1, updated: 1, unchanged: 0, deleted: 0, failed: 0, durationMs: 1200 };
    },
  };

  async function post(
    body: string,
    options: { contentType?: string; timestamp?: number; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    return fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/json',
        ...sign(body, options.timestamp ?? now()),
        ...options.headers,
      },
      body,
    });
  }

  const eventBody = (event: Record<string, unknown>, eventId = `Ev${newTs()}`) =>
    JSON.stringify({
      token: 'legacy',
      team_id: FAKE_TEAM,
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: eventId,
      event_time: now(),
      authorizations: [{ team_id: FAKE_TEAM, user_id: FAKE_BOT_USER, is_bot: true }],
      event,
    });

  const mention = (text: string, extra: Record<string, unknown> = {}) => {
    const ts = newTs();
    return {
      ts,
      event: {
        type: 'app_mention',
        user: CUSTOMER,
        text: `<@${FAKE_BOT_USER}> ${text}`,
        ts,
        channel: 'C0GENERAL',
        event_ts: ts,
        ...extra,
      },
    };
  };

  const command = (text: string, user: string) =>
    new URLSearchParams({
      token: 'legacy',
      team_id: FAKE_TEAM,
      team_domain: 'fake',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/switchboard',
      text,
      api_app_id: 'A0APP',
      response_url: `${fake.url}response`,
      trigger_id: 'trig',
    }).toString();

  const click = (action: Record<string, unknown>) =>
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: FAKE_TEAM, domain: 'fake' },
        user: { id: CUSTOMER, username: 'customer', name: 'customer' },
        api_app_id: 'A0APP',
        token: 'legacy',
        trigger_id: 'trig',
        response_url: `${fake.url}response`,
        channel: { id: 'C0GENERAL', name: 'general' },
        container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '1.2' },
        message: { type: 'message', ts: '1.2' },
        actions: [{ block_id: 'b', action_ts: '1.3', ...action }],
      }),
    }).toString();

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    memory = new RedisConversationStore({ redis: test.redis, prefix: `${test.prefix}conv:` });
    feedback = new RedisFeedbackStore({ redis: test.redis, prefix: test.prefix });
    const handoff = new HandoffService({
      memory,
      targets: [
        new SlackHandoffTarget({
          botToken: 'xoxb-test',
          channel: HANDOFF_CHANNEL,
          apiUrl: fake.url,
        }),
      ],
    });
    channel = createSlackChannel(
      {
        assistant: { stream },
        feedback,
        handoff,
        resync,
        state: new RedisStateStore({ redis: test.redis, prefix: test.prefix }),
      },
      {
        config: {
          mode: 'http',
          botToken: 'xoxb-test',
          signingSecret: SECRET,
          adminUserIds: [ADMIN],
          apiUrl: fake.url,
        },
        logger: silent,
      },
    );
    await channel.start();
    server = await buildApp({
      assistant: { stream, reply: async () => ({}) as Reply },
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 4000,
      slack: channel,
    });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await channel?.stop();
    await server?.close();
    await fake?.close();
  });

  beforeEach(() => {
    fake.calls.length = 0;
    asked.length = 0;
  });

  it('checks the bot token at start (auth.test against the configured API URL)', async () => {
    const fresh = await startFakeSlackApi();
    const other = createSlackChannel(
      {
        assistant: { stream },
        feedback,
        handoff: { request: async () => ({ delivered: [], failed: [] }) },
        state: new RedisStateStore({ redis: test.redis, prefix: test.prefix }),
      },
      {
        config: {
          mode: 'http',
          botToken: 'xoxb-x',
          signingSecret: SECRET,
          adminUserIds: [],
          apiUrl: fresh.url,
        },
        logger: silent,
      },
    );
    await other.start();
    expect(fresh.callsOf('auth.test')).toEqual([expect.objectContaining({ token: 'xoxb-x' })]);
    await fresh.close();
  });

  it('answers a mention in its thread, streamed, with a status, citations and buttons', async () => {
    const { ts, event } = mention('how do I pair a room sensor?');
    const response = await post(eventBody(event));
    expect(response.status).toBe(200);
    await channel.idle();

    expect(asked).toEqual([
      {
        conversationId: `slack:${FAKE_TEAM}:C0GENERAL:${ts}`,
        text: 'how do I pair a room sensor?',
        channel: 'slack',
        userId: CUSTOMER,
      },
    ]);
    expect(fake.callsOf('assistant.threads.setStatus')[0]?.args).toMatchObject({
      channel_id: 'C0GENERAL',
      thread_ts: ts,
    });
    const [start] = fake.callsOf('chat.startStream');
    expect(start?.args).toMatchObject({
      channel: 'C0GENERAL',
      thread_ts: ts,
      recipient_team_id: FAKE_TEAM,
      recipient_user_id: CUSTOMER,
    });
    expect(fake.callsOf('chat.appendStream').length).toBeGreaterThan(0);
    expect(streamedText(fake.calls)).toBe(ANSWER.join(''));
    expect(fake.callsOf('chat.postMessage')).toEqual([]);

    const blocks = JSON.stringify(fake.callsOf('chat.stopStream')[0]?.args.blocks);
    expect(blocks).toContain('<https://help.example.com/sensors|Pair a room sensor>');
    expect(blocks).toContain('"type":"feedback_buttons"');
    expect(blocks).toContain('"action_id":"switchboard_handoff"');
  });

  it('answers a reply in that thread as a follow-up, without a new mention', async () => {
    const first = mention('how do I pair a room sensor?');
    await post(eventBody(first.event));
    await channel.idle();
    const ts = newTs();
    const reply = {
      type: 'message',
      channel_type: 'channel',
      channel: 'C0GENERAL',
      user: CUSTOMER,
      text: 'and if the light stays red?',
      ts,
      thread_ts: first.ts,
      event_ts: ts,
    };
    await post(eventBody(reply));
    await channel.idle();
    expect(asked.map((m) => m.conversationId)).toEqual([
      `slack:${FAKE_TEAM}:C0GENERAL:${first.ts}`,
      `slack:${FAKE_TEAM}:C0GENERAL:${first.ts}`,
    ]);
    expect(fake.callsOf('chat.startStream').map((c) => c.args.thread_ts)).toEqual([
      first.ts,
      first.ts,
    ]);
  });

  it('answers a direct message in the DM itself (posted, then updated)', async () => {
    const ts = newTs();
    const dm = {
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      user: CUSTOMER,
      text: 'hello, pairing?',
      ts,
      event_ts: ts,
    };
    await post(eventBody(dm));
    await channel.idle();
    expect(asked[0]?.conversationId).toBe(`slack:${FAKE_TEAM}:D0DM:dm`);
    const [posted] = fake.callsOf('chat.postMessage');
    expect(posted?.args).toMatchObject({ channel: 'D0DM' });
    expect(posted?.args.thread_ts).toBeUndefined();
    const updates = fake.callsOf('chat.update');
    expect(JSON.stringify(updates.at(-1)?.args.blocks)).toContain('*Pairing a sensor*');
  });

  it('refuses a forged signature with 401 and answers nothing', async () => {
    const body = eventBody(mention('hi').event);
    const response = await post(body, { headers: sign(body, now(), 'not-the-secret') });
    expect(response.status).toBe(401);
    await channel.idle();
    expect(asked).toEqual([]);
  });

  it('refuses a stale timestamp with 401, even when correctly signed', async () => {
    const response = await post(eventBody(mention('hi').event), { timestamp: now() - 10 * 60 });
    expect(response.status).toBe(401);
    await channel.idle();
    expect(asked).toEqual([]);
  });

  it('answers a retried event once (X-Slack-Retry-Num)', async () => {
    const body = eventBody(mention('how do I pair a room sensor?').event, 'Ev-RETRIED');
    expect((await post(body)).status).toBe(200);
    await channel.idle();
    const retry = await post(body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await channel.idle();
    expect(asked).toHaveLength(1);
    expect(fake.callsOf('chat.startStream')).toHaveLength(1);
  });

  it('falls back to post-then-update when streaming is unavailable', async () => {
    fake.refuse('chat.startStream', 'unknown_method');
    try {
      const { ts, event } = mention('how do I pair a room sensor?');
      await post(eventBody(event));
      await channel.idle();
      const [posted] = fake.callsOf('chat.postMessage');
      expect(posted?.args).toMatchObject({ channel: 'C0GENERAL', thread_ts: ts });
      const last = fake.callsOf('chat.update').at(-1);
      expect(last?.args.ts).toBeDefined();
      expect(last?.args.text).toContain('*Pairing a sensor*');
      expect(JSON.stringify(last?.args.blocks)).toContain('"type":"feedback_buttons"');
    } finally {
      fake.restore('chat.startStream');
    }
  });

  it('records a feedback click in the feedback store the widget uses', async () => {
    const value = JSON.stringify({ c: `slack:${FAKE_TEAM}:C0GENERAL:1.2`, m: 'msg-9', r: 'down' });
    const response = await post(
      click({
        type: 'feedback_buttons',
        action_id: 'switchboard_feedback',
        value,
        text: { type: 'plain_text', text: 'Bad' },
      }),
      { contentType: 'application/x-www-form-urlencoded' },
    );
    expect(response.status).toBe(200);
    await channel.idle();
    expect((await feedback.recent(1))[0]).toMatchObject({
      conversationId: `slack:${FAKE_TEAM}:C0GENERAL:1.2`,
      messageId: 'msg-9',
      rating: 'down',
      channel: 'slack',
      userId: CUSTOMER,
    });
  });

  it('hands off on "Talk to a human": transcript to the handoff channel, note in the thread', async () => {
    const { ts, event } = mention('how do I pair a room sensor?');
    await post(eventBody(event));
    await channel.idle();
    const conversationId = `slack:${FAKE_TEAM}:C0GENERAL:${ts}`;
    const button = {
      type: 'button',
      action_id: 'switchboard_handoff',
      value: conversationId,
      text: { type: 'plain_text', text: 'Talk to a human' },
    };
    await post(click(button), { contentType: 'application/x-www-form-urlencoded' });
    await channel.idle();
    const posts = fake.callsOf('chat.postMessage');
    const headline = posts.find((c) => c.args.channel === HANDOFF_CHANNEL && !c.args.thread_ts);
    expect(headline?.args.text).toContain(`<@${CUSTOMER}> needs a person in <#C0GENERAL>`);
    const transcript = posts.find((c) => c.args.channel === HANDOFF_CHANNEL && c.args.thread_ts);
    expect(transcript?.args.text).toContain('how do I pair a room sensor?');
    expect(posts.find((c) => c.args.channel === 'C0GENERAL')?.args).toMatchObject({
      thread_ts: ts,
    });

    // A second click does not open a second ticket.
    await post(click(button), { contentType: 'application/x-www-form-urlencoded' });
    await channel.idle();
    expect(
      fake.callsOf('chat.postMessage').filter((c) => c.args.channel === HANDOFF_CHANNEL),
    ).toHaveLength(2);
  });

  it('answers /switchboard <question> in a thread under the posted question', async () => {
    const response = await post(command('how do I pair a room sensor?', CUSTOMER), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    await channel.idle();
    const [question] = fake.callsOf('chat.postMessage');
    expect(question?.args.text).toBe(`<@${CUSTOMER}> asked: how do I pair a room sensor?`);
    const [start] = fake.callsOf('chat.startStream');
    expect(start?.args.thread_ts).toBeDefined();
    expect(asked[0]?.conversationId).toBe(`slack:${FAKE_TEAM}:C0GENERAL:${start?.args.thread_ts}`);
  });

  it('refuses /switchboard resync from someone who is not an admin', async () => {
    const response = await post(command('resync help-centre full', CUSTOMER), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Only Switchboard admins'),
    });
    await channel.idle();
    expect(triggered).toEqual([]);
    expect(fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('runs /switchboard resync for an admin and reports progress and summary in the thread', async () => {
    await post(command('resync help-centre full', ADMIN), {
      contentType: 'application/x-www-form-urlencoded',
    });
    await channel.idle();
    expect(triggered).toEqual([{ source: 'help-centre', mode: 'full' }]);
    const [parent, progress, summary] = fake.callsOf('chat.postMessage');
    expect(parent?.args.text).toContain(`<@${ADMIN}> started a re-sync of *help-centre* (full)`);
    expect(progress?.args.text).toContain('fetching 1/2');
    expect(fake.callsOf('chat.update')[0]?.args.text).toContain('fetching 2/2');
    expect(summary?.args.text).toContain('1 added, 1 updated');
    expect(summary?.args.thread_ts).toBe(progress?.args.thread_ts);
  });
});
