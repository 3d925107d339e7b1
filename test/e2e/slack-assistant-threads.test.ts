import type { Reply } from '@switchboard/core';
import { createSlackChannel, DEFAULT_PROMPTS, RedisStateStore } from '@switchboard/slack';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import {
  ANSWER,
  CUSTOMER,
  eventBody,
  FAKE_BOT_USER,
  FAKE_TEAM,
  newTs,
  SECRET,
  type SlackHarness,
  sign,
  silent,
  startSlackHarness,
  streamedText,
} from '../support/slack-harness.ts';
import { useTestRedis } from '../support/test-redis.ts';

/** The DM between the customer and the app, where Slack's assistant panel keeps its threads. */
const DM = 'D0ASSIST';

const threadStarted = (thread: string, context: Record<string, unknown>) => ({
  type: 'assistant_thread_started',
  assistant_thread: { user_id: CUSTOMER, context, channel_id: DM, thread_ts: thread },
  event_ts: newTs(),
});

const contextChanged = (thread: string, context: Record<string, unknown>) => ({
  ...threadStarted(thread, context),
  type: 'assistant_thread_context_changed',
});

/** A message in the DM: in a thread (the panel's) when `thread` is given, else at the top level. */
const dm = (text: string, thread?: string, extra: Record<string, unknown> = {}) => {
  const ts = newTs();
  return {
    type: 'message',
    channel_type: 'im',
    channel: DM,
    user: CUSTOMER,
    text,
    ts,
    event_ts: ts,
    ...(thread ? { thread_ts: thread } : {}),
    ...extra,
  };
};

describe("Slack's assistant panel (Bolt's Assistant on the Fastify server, fake Web API)", () => {
  const test = useTestRedis();
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness(test.redis, test.prefix);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.reset());

  async function deliver(event: Record<string, unknown>): Promise<void> {
    expect((await h.post(eventBody(event))).status).toBe(200);
    await h.channel.idle();
  }

  it('greets a new thread, keeps its context in the greeting and offers four prompts', async () => {
    const thread = newTs();
    await deliver(threadStarted(thread, { channel_id: 'C0PRODUCT', team_id: FAKE_TEAM }));

    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({
      channel: DM,
      thread_ts: thread,
      metadata: {
        event_type: 'assistant_thread_context',
        event_payload: { channel_id: 'C0PRODUCT', team_id: FAKE_TEAM },
      },
    });
    // The harness names no company: the greeting names none either.
    expect(posts[0]?.args.text).toMatch(/^Hi! I'm the virtual assistant here\./);
    expect(h.fake.callsOf('assistant.threads.setSuggestedPrompts').map((c) => c.args)).toEqual([
      {
        channel_id: DM,
        thread_ts: thread,
        title: 'Try asking',
        prompts: [...DEFAULT_PROMPTS],
        team_id: FAKE_TEAM,
      },
    ]);
    expect(DEFAULT_PROMPTS).toHaveLength(4);
    expect(h.asked).toEqual([]);
  });

  it('saves a changed context into that thread only, never into the next thread', async () => {
    const first = newTs();
    await deliver(threadStarted(first, { channel_id: 'C0PRODUCT', team_id: FAKE_TEAM }));
    const [greeting] = h.fake.postedIn(DM).filter((m) => m.thread_ts === first);
    expect(greeting?.ts).toEqual(expect.any(String));

    await deliver(contextChanged(first, { channel_id: 'C0BILLING', team_id: FAKE_TEAM }));
    const updates = h.fake.callsOf('chat.update');
    expect(updates.map((c) => c.args)).toEqual([
      expect.objectContaining({
        channel: DM,
        ts: greeting?.ts,
        text: greeting?.text,
        metadata: {
          event_type: 'assistant_thread_context',
          event_payload: { channel_id: 'C0BILLING', team_id: FAKE_TEAM },
        },
      }),
    ]);
    expect(greeting?.metadata).toEqual({
      event_type: 'assistant_thread_context',
      event_payload: { channel_id: 'C0BILLING', team_id: FAKE_TEAM },
    });
    expect(h.asked).toEqual([]);

    // Opened from the DM itself (no channel beside it): Bolt's default store would hand this
    // thread the context it last saved, another thread's.
    const second = newTs();
    await deliver(threadStarted(second, {}));
    const next = h.fake.callsOf('chat.postMessage').at(-1);
    expect(next?.args).toMatchObject({ channel: DM, thread_ts: second });
    expect(next?.args.metadata).toEqual({
      event_type: 'assistant_thread_context',
      event_payload: {},
    });
  });

  it('answers a question in the thread once: title, status, streamed answer with buttons', async () => {
    const thread = newTs();
    await deliver(threadStarted(thread, { channel_id: 'C0PRODUCT', team_id: FAKE_TEAM }));
    h.reset();

    const question = dm('how do I pair a room sensor?', thread);
    await deliver(question);

    expect(h.asked).toEqual([
      {
        conversationId: `slack:${FAKE_TEAM}:${DM}:${thread}`,
        text: 'how do I pair a room sensor?',
        channel: 'slack',
        userId: CUSTOMER,
      },
    ]);
    expect(h.fake.callsOf('assistant.threads.setTitle').map((c) => c.args)).toEqual([
      {
        channel_id: DM,
        thread_ts: thread,
        title: 'how do I pair a room sensor?',
        team_id: FAKE_TEAM,
      },
    ]);
    expect(h.fake.callsOf('assistant.threads.setStatus')[0]?.args).toEqual({
      channel_id: DM,
      thread_ts: thread,
      status: 'is looking this up…',
    });
    const streams = h.fake.callsOf('chat.startStream');
    expect(streams.map((c) => c.args)).toEqual([
      expect.objectContaining({
        channel: DM,
        thread_ts: thread,
        recipient_team_id: FAKE_TEAM,
        recipient_user_id: CUSTOMER,
      }),
    ]);
    expect(streamedText(h.fake.calls)).toBe(ANSWER.join(''));
    const blocks = JSON.stringify(h.fake.callsOf('chat.stopStream')[0]?.args.blocks);
    expect(blocks).toContain('<https://help.example.com/sensors|Pair a room sensor>');
    expect(blocks).toContain('"type":"feedback_buttons"');
    expect(blocks).toContain('"action_id":"switchboard_handoff"');
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);

    // The same message again (another event id, as when it comes by two subscriptions).
    await deliver(question);
    expect(h.asked).toHaveLength(1);
    expect(h.fake.callsOf('chat.startStream')).toHaveLength(1);
  });

  it('keeps the first question as the title and answers the follow-up in the same conversation', async () => {
    const thread = newTs();
    await deliver(threadStarted(thread, {}));
    await deliver(dm('how do I pair a room sensor?', thread));
    await deliver(dm('and if the light stays red?', thread));
    // Bot posts in the thread come back as events too (ours, another app's): never answered.
    await deliver(dm('Hold the sensor button…', thread, { user: FAKE_BOT_USER, bot_id: 'B0BOT' }));
    await deliver(dm('Reminder: standup', thread, { user: 'U0OTHERBOT', bot_id: 'B0OTHER' }));

    expect(h.asked.map((m) => [m.conversationId, m.text])).toEqual([
      [`slack:${FAKE_TEAM}:${DM}:${thread}`, 'how do I pair a room sensor?'],
      [`slack:${FAKE_TEAM}:${DM}:${thread}`, 'and if the light stays red?'],
    ]);
    expect(h.fake.callsOf('assistant.threads.setTitle').map((c) => c.args.title)).toEqual([
      'how do I pair a room sensor?',
    ]);
    expect(h.fake.callsOf('chat.startStream')).toHaveLength(2);
  });

  it('still answers a direct message outside any thread, once and without a title', async () => {
    const message = dm('hello, pairing?');
    await deliver(message);
    await deliver(message);

    expect(h.asked.map((m) => m.conversationId)).toEqual([`slack:${FAKE_TEAM}:${DM}:dm`]);
    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: DM });
    expect(posts[0]?.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(h.fake.callsOf('chat.update').at(-1)?.args.blocks)).toContain(
      '"type":"feedback_buttons"',
    );
    expect(h.fake.callsOf('assistant.threads.setTitle')).toEqual([]);
    expect(h.fake.callsOf('assistant.threads.setSuggestedPrompts')).toEqual([]);
  });

  it('refuses a signed assistant event without its thread with 400, and greets nobody', async () => {
    const { thread_ts: _dropped, ...thread } = threadStarted(newTs(), {}).assistant_thread;
    const broken = { ...threadStarted('', {}), assistant_thread: thread };
    const response = await h.post(eventBody(broken));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('assistant_thread.channel_id and thread_ts');
    await h.channel.idle();
    expect(h.fake.calls).toEqual([]);
  });

  it("greets in the company's name with the configured prompts (at most four)", async () => {
    const prompts = ['a', 'b', 'c', 'd', 'e'].map((x) => ({ title: x, message: `question ${x}` }));
    const channel = createSlackChannel(
      {
        assistant: { stream: h.stream },
        feedback: h.feedback,
        handoff: { request: async () => ({ delivered: [], failed: [] }) },
        state: new RedisStateStore({ redis: test.redis, prefix: `${test.prefix}other:` }),
        companyName: 'Acme Thermostats',
      },
      {
        config: {
          mode: 'http',
          botToken: 'xoxb-test',
          signingSecret: SECRET,
          adminUserIds: [],
          apiUrl: h.fake.url,
        },
        logger: silent,
        assistantThreads: { prompts, promptsTitle: 'Popular questions' },
      },
    );
    await channel.start();
    const server = await buildApp({
      assistant: { stream: h.stream, reply: async () => ({}) as Reply },
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 4000,
      slack: channel,
    });
    try {
      const url = await server.listen({ host: '127.0.0.1', port: 0 });
      const thread = newTs();
      const body = eventBody(threadStarted(thread, {}));
      const response = await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...sign(body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      expect(response.status).toBe(200);
      await channel.idle();
      expect(h.fake.callsOf('chat.postMessage')[0]?.args.text).toMatch(
        /^Hi! I'm the Acme Thermostats assistant\./,
      );
      expect(h.fake.callsOf('assistant.threads.setSuggestedPrompts')[0]?.args).toEqual({
        channel_id: DM,
        thread_ts: thread,
        title: 'Popular questions',
        prompts: prompts.slice(0, 4),
        team_id: FAKE_TEAM,
      });
    } finally {
      await channel.stop();
      await server.close();
    }
  });
});
