import { createSlackChannel, RedisStateStore } from '@switchboard/slack';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi } from '../support/fake-slack-api.ts';
import {
  ANSWER,
  CUSTOMER,
  eventBody,
  FAKE_TEAM,
  mention,
  newTs,
  now,
  SECRET,
  type SlackHarness,
  sign,
  silent,
  startSlackHarness,
  streamedText,
} from '../support/slack-harness.ts';
import { useTestRedis } from '../support/test-redis.ts';

describe('Slack events over HTTP (Bolt receiver on the Fastify server, fake Web API)', () => {
  const test = useTestRedis();
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness(test.redis, test.prefix);
  });

  afterAll(async () => {
    await h?.close();
  });

  beforeEach(() => {
    h.reset();
  });

  it('checks the bot token at start (auth.test against the configured API URL)', async () => {
    const fresh = await startFakeSlackApi();
    const other = createSlackChannel(
      {
        assistant: { stream: h.stream },
        feedback: h.feedback,
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
    const response = await h.post(eventBody(event));
    expect(response.status).toBe(200);
    await h.channel.idle();

    expect(h.asked).toEqual([
      {
        conversationId: `slack:${FAKE_TEAM}:C0GENERAL:${ts}`,
        text: 'how do I pair a room sensor?',
        channel: 'slack',
        userId: CUSTOMER,
      },
    ]);
    expect(h.fake.callsOf('assistant.threads.setStatus')[0]?.args).toMatchObject({
      channel_id: 'C0GENERAL',
      thread_ts: ts,
    });
    const [start] = h.fake.callsOf('chat.startStream');
    expect(start?.args).toMatchObject({
      channel: 'C0GENERAL',
      thread_ts: ts,
      recipient_team_id: FAKE_TEAM,
      recipient_user_id: CUSTOMER,
    });
    expect(h.fake.callsOf('chat.appendStream').length).toBeGreaterThan(0);
    expect(streamedText(h.fake.calls)).toBe(ANSWER.join(''));
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);

    const blocks = JSON.stringify(h.fake.callsOf('chat.stopStream')[0]?.args.blocks);
    expect(blocks).toContain('<https://help.example.com/sensors|Pair a room sensor>');
    expect(blocks).toContain('"type":"feedback_buttons"');
    expect(blocks).toContain('"action_id":"switchboard_handoff"');
  });

  it('answers a reply in that thread as a follow-up, without a new mention', async () => {
    const first = mention('how do I pair a room sensor?');
    await h.post(eventBody(first.event));
    await h.channel.idle();
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
    await h.post(eventBody(reply));
    await h.channel.idle();
    expect(h.asked.map((m) => m.conversationId)).toEqual([
      `slack:${FAKE_TEAM}:C0GENERAL:${first.ts}`,
      `slack:${FAKE_TEAM}:C0GENERAL:${first.ts}`,
    ]);
    expect(h.fake.callsOf('chat.startStream').map((c) => c.args.thread_ts)).toEqual([
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
    await h.post(eventBody(dm));
    await h.channel.idle();
    expect(h.asked[0]?.conversationId).toBe(`slack:${FAKE_TEAM}:D0DM:dm`);
    const [posted] = h.fake.callsOf('chat.postMessage');
    expect(posted?.args).toMatchObject({ channel: 'D0DM' });
    expect(posted?.args.thread_ts).toBeUndefined();
    const updates = h.fake.callsOf('chat.update');
    expect(JSON.stringify(updates.at(-1)?.args.blocks)).toContain('*Pairing a sensor*');
  });

  it('refuses a forged signature with 401 and answers nothing', async () => {
    const body = eventBody(mention('hi').event);
    const response = await h.post(body, { headers: sign(body, now(), 'not-the-secret') });
    expect(response.status).toBe(401);
    await h.channel.idle();
    expect(h.asked).toEqual([]);
  });

  it('refuses a stale timestamp with 401, even when correctly signed', async () => {
    const response = await h.post(eventBody(mention('hi').event), { timestamp: now() - 10 * 60 });
    expect(response.status).toBe(401);
    await h.channel.idle();
    expect(h.asked).toEqual([]);
  });

  it('answers a retried event once (X-Slack-Retry-Num)', async () => {
    const body = eventBody(mention('how do I pair a room sensor?').event, 'Ev-RETRIED');
    expect((await h.post(body)).status).toBe(200);
    await h.channel.idle();
    const retry = await h.post(body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await h.channel.idle();
    expect(h.asked).toHaveLength(1);
    expect(h.fake.callsOf('chat.startStream')).toHaveLength(1);
  });

  it('falls back to post-then-update when streaming is unavailable', async () => {
    h.fake.refuse('chat.startStream', 'unknown_method');
    try {
      const { ts, event } = mention('how do I pair a room sensor?');
      await h.post(eventBody(event));
      await h.channel.idle();
      const [posted] = h.fake.callsOf('chat.postMessage');
      expect(posted?.args).toMatchObject({ channel: 'C0GENERAL', thread_ts: ts });
      const last = h.fake.callsOf('chat.update').at(-1);
      expect(last?.args.ts).toBeDefined();
      expect(last?.args.text).toContain('*Pairing a sensor*');
      expect(JSON.stringify(last?.args.blocks)).toContain('"type":"feedback_buttons"');
    } finally {
      h.fake.restore('chat.startStream');
    }
  });
});
