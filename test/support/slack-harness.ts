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
import type { Redis } from 'ioredis';
import { buildApp } from '../../apps/server/src/app.ts';
import {
  FAKE_BOT_USER,
  FAKE_TEAM,
  type FakeSlackApi,
  type SlackCall,
  startFakeSlackApi,
} from './fake-slack-api.ts';

export { FAKE_BOT_USER, FAKE_TEAM } from './fake-slack-api.ts';

export const SECRET = 'test-signing-secret-0123456789';
export const ADMIN = 'U0ADMIN';
export const CUSTOMER = 'U0CUSTOMER';
export const HANDOFF_CHANNEL = 'C0HANDOFF';
export const ANSWER = [
  '**Pairing a sensor**\n\n',
  'Hold the sensor button for five seconds until the light blinks blue [1]. ',
  'Then open the app, choose *Add device* and follow the steps on screen; ',
  'the thermostat finds the sensor within a minute. If it does not, move it closer ',
  'and try again, or reset it by holding the button for fifteen seconds [1].',
];

export const silent: SlackLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => SlackLogLevel.ERROR,
  setName() {},
};

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function sign(body: string, timestamp: number, secret = SECRET): Record<string, string> {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${digest}`,
  };
}

export const now = () => Math.floor(Date.now() / 1000);
let nextTs = 1_800_000_000;
export const newTs = () => `${++nextTs}.000200`;

/** Every piece of Markdown a stream sent, in order (start, appends, stop). */
export function streamedText(calls: SlackCall[]): string {
  return calls
    .filter((c) => c.method.endsWith('Stream'))
    .flatMap((c) => [
      ...(typeof c.args.markdown_text === 'string' ? [c.args.markdown_text] : []),
      ...((c.args.chunks as Array<{ text?: string }> | undefined) ?? []).map((ch) => ch.text ?? ''),
    ])
    .join('');
}

export const eventBody = (event: Record<string, unknown>, eventId = `Ev${newTs()}`) =>
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

export const mention = (text: string, extra: Record<string, unknown> = {}) => {
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

/**
 * The Slack channel on the real Fastify server (Bolt's receiver), Slack's Web API faked on
 * loopback, and an assistant that streams a scripted answer and keeps the turns, as the real one
 * does. Everything the tests send is signed as Slack signs it.
 */
export interface SlackHarness {
  fake: FakeSlackApi;
  channel: SlackChannel;
  feedback: RedisFeedbackStore;
  /** Messages the assistant was asked, in order. */
  asked: InboundMessage[];
  /** Resyncs the channel triggered. */
  triggered: Array<{ source: string; mode: string }>;
  stream(message: InboundMessage): AsyncGenerator<ReplyEvent>;
  post(
    body: string,
    options?: { contentType?: string; timestamp?: number; headers?: Record<string, string> },
  ): Promise<Response>;
  /** A `/switchboard` slash command from `user`. */
  command(text: string, user: string): string;
  /** A block action (button click) by the customer. */
  click(action: Record<string, unknown>): string;
  /** Forgets the recorded calls and questions (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startSlackHarness(redis: Redis, prefix: string): Promise<SlackHarness> {
  const fake = await startFakeSlackApi();
  const asked: InboundMessage[] = [];
  const triggered: Array<{ source: string; mode: string }> = [];
  const memory = new RedisConversationStore({ redis, prefix: `${prefix}conv:` });
  const feedback = new RedisFeedbackStore({ redis, prefix });

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

  const handoff = new HandoffService({
    memory,
    targets: [
      new SlackHandoffTarget({ botToken: 'xoxb-test', channel: HANDOFF_CHANNEL, apiUrl: fake.url }),
    ],
  });
  const channel = createSlackChannel(
    {
      assistant: { stream },
      feedback,
      handoff,
      resync,
      state: new RedisStateStore({ redis, prefix }),
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
  const server: FastifyInstance = await buildApp({
    assistant: { stream, reply: async () => ({}) as Reply },
    health: async () => ({ status: 'ok', checks: {} }),
    maxMessageChars: 4000,
    slack: channel,
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });

  return {
    fake,
    channel,
    feedback,
    asked,
    triggered,
    stream,
    post: (body, options = {}) =>
      fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': options.contentType ?? 'application/json',
          ...sign(body, options.timestamp ?? now()),
          ...options.headers,
        },
        body,
      }),
    command: (text, user) =>
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
      }).toString(),
    click: (action) =>
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
      }).toString(),
    reset() {
      fake.calls.length = 0;
      asked.length = 0;
    },
    async close() {
      await channel.stop();
      await server.close();
      await fake.close();
    },
  };
}
