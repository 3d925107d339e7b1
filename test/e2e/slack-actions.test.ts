import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  CUSTOMER,
  eventBody,
  FAKE_TEAM,
  HANDOFF_CHANNEL,
  mention,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.ts';
import { useTestRedis } from '../support/test-redis.ts';

describe('Slack buttons and /switchboard over HTTP (Bolt receiver on the Fastify server, fake Web API)', () => {
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

  it('records a feedback click in the feedback store the widget uses', async () => {
    const value = JSON.stringify({ c: `slack:${FAKE_TEAM}:C0GENERAL:1.2`, m: 'msg-9', r: 'down' });
    const response = await h.post(
      h.click({
        type: 'feedback_buttons',
        action_id: 'switchboard_feedback',
        value,
        text: { type: 'plain_text', text: 'Bad' },
      }),
      { contentType: 'application/x-www-form-urlencoded' },
    );
    expect(response.status).toBe(200);
    await h.channel.idle();
    expect((await h.feedback.recent(1))[0]).toMatchObject({
      conversationId: `slack:${FAKE_TEAM}:C0GENERAL:1.2`,
      messageId: 'msg-9',
      rating: 'down',
      channel: 'slack',
      userId: CUSTOMER,
    });
  });

  it('hands off on "Talk to a human": transcript to the handoff channel, note in the thread', async () => {
    const { ts, event } = mention('how do I pair a room sensor?');
    await h.post(eventBody(event));
    await h.channel.idle();
    const conversationId = `slack:${FAKE_TEAM}:C0GENERAL:${ts}`;
    const button = {
      type: 'button',
      action_id: 'switchboard_handoff',
      value: conversationId,
      text: { type: 'plain_text', text: 'Talk to a human' },
    };
    await h.post(h.click(button), { contentType: 'application/x-www-form-urlencoded' });
    await h.channel.idle();
    const posts = h.fake.callsOf('chat.postMessage');
    const headline = posts.find((c) => c.args.channel === HANDOFF_CHANNEL && !c.args.thread_ts);
    expect(headline?.args.text).toContain(`<@${CUSTOMER}> needs a person in <#C0GENERAL>`);
    const transcript = posts.find((c) => c.args.channel === HANDOFF_CHANNEL && c.args.thread_ts);
    expect(transcript?.args.text).toContain('how do I pair a room sensor?');
    expect(posts.find((c) => c.args.channel === 'C0GENERAL')?.args).toMatchObject({
      thread_ts: ts,
    });

    // A second click does not open a second ticket.
    await h.post(h.click(button), { contentType: 'application/x-www-form-urlencoded' });
    await h.channel.idle();
    expect(
      h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === HANDOFF_CHANNEL),
    ).toHaveLength(2);
  });

  it('answers /switchboard <question> in a thread under the posted question', async () => {
    const response = await h.post(h.command('how do I pair a room sensor?', CUSTOMER), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    await h.channel.idle();
    const [question] = h.fake.callsOf('chat.postMessage');
    expect(question?.args.text).toBe(`<@${CUSTOMER}> asked: how do I pair a room sensor?`);
    const [start] = h.fake.callsOf('chat.startStream');
    expect(start?.args.thread_ts).toBeDefined();
    expect(h.asked[0]?.conversationId).toBe(
      `slack:${FAKE_TEAM}:C0GENERAL:${start?.args.thread_ts}`,
    );
  });

  it('refuses /switchboard resync from someone who is not an admin', async () => {
    const response = await h.post(h.command('resync help-centre full', CUSTOMER), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Only Switchboard admins'),
    });
    await h.channel.idle();
    expect(h.triggered).toEqual([]);
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('runs /switchboard resync for an admin and reports progress and summary in the thread', async () => {
    await h.post(h.command('resync help-centre full', ADMIN), {
      contentType: 'application/x-www-form-urlencoded',
    });
    await h.channel.idle();
    expect(h.triggered).toEqual([{ source: 'help-centre', mode: 'full' }]);
    const [parent, progress, summary] = h.fake.callsOf('chat.postMessage');
    expect(parent?.args.text).toContain(`<@${ADMIN}> started a re-sync of *help-centre* (full)`);
    expect(progress?.args.text).toContain('fetching 1/2');
    expect(h.fake.callsOf('chat.update')[0]?.args.text).toContain('fetching 2/2');
    expect(summary?.args.text).toContain('1 added, 1 updated');
    expect(summary?.args.thread_ts).toBe(progress?.args.thread_ts);
  });
});
