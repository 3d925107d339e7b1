import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT_USER, FAKE_TEAM } from '../support/fake-slack-api.ts';
import type { RecordedRequest } from '../support/http-server.ts';
import {
  AGENT,
  agentPost,
  HANDOFF_CHANNEL,
  type HandoffServer,
  newTs,
  startHandoffServer,
  ticketThread,
} from './fixtures/handoff-server.ts';

const CUSTOMER = 'U0CUSTOMER';
const GENERAL = 'C0GENERAL';

/**
 * Handoff as a loop for Slack and Teams customers: an agent's answer reaches the customer in
 * their own Slack thread, or in their Teams chat as a proactive message, and the bot keeps quiet
 * there while the agent holds the conversation.
 */
describe('handoff loop for Slack and Teams customers', () => {
  let server: HandoffServer;

  beforeAll(async () => {
    server = await startHandoffServer();
  }, 180_000);
  afterAll(() => server?.close());

  const posts = () => server.slackApi.callsOf('chat.postMessage');

  describe('a Slack customer', () => {
    const questionTs = newTs();
    const conversationId = `slack:${FAKE_TEAM}:${GENERAL}:${questionTs}`;
    /** A button click in Slack: the customer's "Talk to a human", or an agent's hand-back. */
    const click = (user: string, channel: string, action: string) =>
      server.slackAction({
        type: 'block_actions',
        team: { id: FAKE_TEAM, domain: 'fake' },
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase() },
        api_app_id: 'A0APP',
        token: 'legacy',
        trigger_id: 'trig',
        channel: { id: channel, name: channel.toLowerCase() },
        container: { type: 'message', channel_id: channel, message_ts: questionTs },
        message: { type: 'message', ts: questionTs },
        actions: [
          {
            block_id: 'b',
            action_ts: '1.3',
            type: 'button',
            action_id: action,
            value: conversationId,
            text: { type: 'plain_text', text: 'a button' },
          },
        ],
      });

    it('asks, then hands off with the button: the ticket goes to the handoff channel', async () => {
      await server.slackEvent({
        type: 'app_mention',
        user: CUSTOMER,
        text: `<@${FAKE_BOT_USER}> how do I pair a room sensor?`,
        ts: questionTs,
        channel: GENERAL,
        event_ts: questionTs,
      });
      await server.slack.idle();
      expect(server.slackApi.callsOf('chat.startStream')[0]?.args.thread_ts).toBe(questionTs);
      await click(CUSTOMER, GENERAL, 'switchboard_handoff');
      await server.slack.idle();
      expect(
        posts().find((c) => c.args.channel === GENERAL && c.args.thread_ts === questionTs)?.args
          .text,
      ).toMatch(/asked someone from our team/);
      expect((await server.runtime.support.handoff.state(conversationId))?.mode).toBe('waiting');
    });

    it("gets the agent's reply from the ticket thread in their own thread", async () => {
      const thread = await ticketThread(server.runtime, conversationId);
      await server.slackEvent(agentPost(thread, 'Hold the button for 5 seconds, then try again.'));
      await server.slack.idle();
      const delivered = posts().find(
        (c) =>
          c.args.channel === GENERAL &&
          String(c.args.text).includes('Hold the button for 5 seconds'),
      );
      expect(delivered?.args).toMatchObject({
        thread_ts: questionTs,
        text: '*Ana from our team:* Hold the button for 5 seconds, then try again.',
      });
    });

    it("the bot stays quiet in the customer's thread; the agent gets the message", async () => {
      const streams = server.slackApi.callsOf('chat.startStream').length;
      const ts = newTs();
      await server.slackEvent({
        type: 'message',
        channel: GENERAL,
        channel_type: 'channel',
        user: CUSTOMER,
        text: 'It worked, thanks!',
        ts,
        thread_ts: questionTs,
        event_ts: ts,
      });
      await server.slack.idle();
      expect(server.slackApi.callsOf('chat.startStream')).toHaveLength(streams);
      const thread = await ticketThread(server.runtime, conversationId);
      expect(
        posts().find(
          (c) =>
            c.args.channel === HANDOFF_CHANNEL &&
            c.args.thread_ts === thread &&
            String(c.args.text).includes('It worked, thanks!'),
        ),
      ).toBeDefined();
      expect(
        posts()
          .filter((c) => c.args.channel === GENERAL && c.args.thread_ts === questionTs)
          .at(-1)?.args.text,
      ).not.toMatch(/It worked/);
    });

    it('`!bot` in the ticket thread hands back, and the customer is told', async () => {
      const thread = await ticketThread(server.runtime, conversationId);
      await server.slackEvent(agentPost(thread, '!bot'));
      await server.slack.idle();
      await expect
        .poll(async () => (await server.runtime.support.handoff.state(conversationId))?.mode)
        .toBe('bot');
      const told = posts()
        .filter((c) => c.args.channel === GENERAL && c.args.thread_ts === questionTs)
        .at(-1);
      expect(told?.args.text).toMatch(/handed you back to me, the assistant/);
    });

    it('asked again, the ticket\'s "Hand back to the bot" button hands back too', async () => {
      await click(CUSTOMER, GENERAL, 'switchboard_handoff');
      await server.slack.idle();
      expect((await server.runtime.support.handoff.state(conversationId))?.mode).toBe('waiting');
      await click(AGENT, HANDOFF_CHANNEL, 'switchboard_handback');
      await server.slack.idle();
      const state = await server.runtime.support.handoff.state(conversationId);
      expect(state?.mode).toBe('bot');
      expect(state?.history.at(-1)).toMatchObject({ mode: 'bot', by: 'agent' });
    });
  });

  describe('a Teams (Bot Framework) customer', () => {
    const conversation = 'a:teams-handoff-1';
    const conversationId = `bf:msteams:${conversation}`;
    const activity = (text: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/messages',
        payload: {
          type: 'message',
          id: `in-${crypto.randomUUID()}`,
          channelId: 'msteams',
          serviceUrl: server.connector.url,
          from: { id: 'user-9', name: 'Grace' },
          recipient: { id: 'bot-1', name: 'Switchboard' },
          conversation: { id: conversation, conversationType: 'groupChat' },
          text,
        },
      });
    const sentSince = (before: number): RecordedRequest[] =>
      server.connector.requests.slice(before);

    it('hands off when asked for a person', async () => {
      expect((await activity('How do I pair a room sensor?')).statusCode).toBe(200);
      const before = server.connector.requests.length;
      await activity('Talk to a human');
      const said = sentSince(before).map((r) => (r.body as { text?: string }).text);
      expect(said.at(-1)).toMatch(/passed our conversation to the team/);
      expect((await server.runtime.support.handoff.state(conversationId))?.mode).toBe('waiting');
    });

    it("receives the agent's reply as a proactive message in the chat", async () => {
      const before = server.connector.requests.length;
      const response = await server.reply({
        conversationId,
        text: 'Hi Grace, I will walk you through it.',
        agent: { name: 'Sam' },
      });
      expect(await response.json()).toEqual({ delivered: true, mode: 'agent' });
      const [proactive] = sentSince(before);
      // A new message in the conversation (not a reply to an activity).
      expect(proactive?.path).toBe(
        `/v3/conversations/${encodeURIComponent(conversation)}/activities`,
      );
      expect(proactive?.body).toMatchObject({
        type: 'message',
        text: '**Sam from our team:** Hi Grace, I will walk you through it.',
        conversation: { id: conversation },
      });
    });

    it('gets no answer from the bot while the agent holds the chat, and the agent gets the message', async () => {
      const before = server.connector.requests.length;
      const helpdeskBefore = server.helpdesk.requests.length;
      expect((await activity('Great, thank you')).statusCode).toBe(200);
      expect(sentSince(before)).toEqual([]);
      expect(server.helpdesk.requests.slice(helpdeskBefore).map((r) => r.body)).toContainEqual(
        expect.objectContaining({
          type: 'customer_message',
          conversationId,
          text: 'Great, thank you',
        }),
      );
    });

    it('"back to the bot" resumes the assistant', async () => {
      const before = server.connector.requests.length;
      await activity('back to the bot');
      const [line] = sentSince(before);
      expect((line?.body as { text?: string } | undefined)?.text).toMatch(
        /back with the assistant/,
      );
      const again = server.connector.requests.length;
      await activity('How do I turn on Eco mode?');
      const answer = sentSince(again).map((r) => r.body as { type: string; text?: string });
      expect(answer.map((a) => a.type)).toEqual(['typing', 'message']);
      expect(answer[1]?.text).toMatch(/Eco/);
    });
  });
});
