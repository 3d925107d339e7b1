import type {
  BrandVoiceModel,
  CustomerDelivery,
  CustomerEvent,
  HandoffRelay,
  HandoffTarget,
  HandoffTicket,
  Retriever,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { coverageOnlyRouter } from '../../../../test/support/coverage-router.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { Assistant } from '../assistant.ts';
import { RedisConversationStore } from '../memory/conversation-store.ts';
import { HandoffService } from '../support/handoff.ts';
import { type AgentReplyForReview, HandoffLoop } from './loop.ts';
import { RedisHandoffStateStore } from './state-store.ts';

const MINUTE = 60_000;

/** A helpdesk that keeps every ticket and relay, and links each ticket to `desk-<n>`. */
function recordingTarget() {
  const tickets: HandoffTicket[] = [];
  const relays: HandoffRelay[] = [];
  const target: HandoffTarget = {
    name: 'desk',
    async deliver(ticket) {
      tickets.push(ticket);
      return { ref: `desk-${tickets.length}` };
    },
    async relay(event) {
      relays.push(event);
    },
  };
  return { target, tickets, relays };
}

/** The customer's channel, keeping what it was asked to deliver. */
function recordingDelivery(channel: 'web' | 'slack' = 'web') {
  const delivered: Array<{ conversationId: string; event: CustomerEvent }> = [];
  const delivery: CustomerDelivery = {
    channel,
    async deliver(conversationId, event) {
      delivered.push({ conversationId, event });
    },
  };
  return { delivery, delivered };
}

describe('the handoff loop (real Redis)', () => {
  const db = useTestRedis();

  function setup() {
    let now = 1_750_000_000_000;
    const prefix = `${db.prefix}${crypto.randomUUID()}:`;
    const memory = new RedisConversationStore({ redis: db.redis, prefix: `${prefix}conv:` });
    const desk = recordingTarget();
    const reviewed: AgentReplyForReview[] = [];
    const loop = new HandoffLoop({
      service: new HandoffService({ memory, targets: [desk.target], clock: () => now }),
      states: new RedisHandoffStateStore({ redis: db.redis, prefix, ttlSeconds: 3600 }),
      memory,
      timeoutMs: 30 * MINUTE,
      clock: () => now,
      wording: { companyName: 'Nimbus', profile: { 'Support Email': 'help@nimbus.example' } },
      onAgentReply: async (reply) => void reviewed.push(reply),
    });
    const customer = recordingDelivery();
    loop.deliverTo(customer.delivery);
    // The assistant around the loop: what it is asked is counted, so silence can be checked.
    const asked: string[] = [];
    const brandVoice: BrandVoiceModel = {
      id: 'test-brand',
      classify(text) {
        asked.push(text);
        const human = /person|human/i.test(text);
        const label = human ? 'talk_to_human' : 'reset_password';
        const confidence = human || /password/i.test(text) ? 0.95 : 0.1;
        return { label, confidence, ranked: [{ label, probability: confidence }] };
      },
      async *respond() {
        yield 'Use the reset link.';
      },
    };
    const retriever: Retriever = {
      async retrieve(query) {
        return { query, hits: [], evidence: 0 };
      },
    };
    const assistant = new Assistant({
      brandVoice,
      retriever,
      memory,
      router: coverageOnlyRouter(['talk_to_human']),
      peopleAvailable: true,
      gate: loop,
    });
    const ask = (text: string, conversationId = 'web:conv-1') =>
      assistant.reply({ conversationId, text, channel: 'web' });
    return {
      loop,
      memory,
      desk,
      customer,
      reviewed,
      asked,
      ask,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('asks for a person once; the assistant stays quiet while people hold the conversation', async () => {
    const t = setup();
    expect((await t.ask('How do I reset my password?')).text).toBe('Use the reset link.');
    // Asked in words: the reply promises a person, and the loop brings one in.
    const request = await t.ask('I want to talk to a person');
    expect(request.handoff).toEqual({ reason: 'customer_asked', mode: 'waiting' });
    expect(t.desk.tickets).toHaveLength(1);
    expect(await t.loop.state('web:conv-1')).toMatchObject({
      mode: 'waiting',
      channel: 'web',
      reason: 'customer_asked',
      ticketId: t.desk.tickets[0]?.id,
      target: 'desk',
      links: [{ target: 'desk', ref: 'desk-1' }],
      history: [{ mode: 'waiting', by: 'customer' }],
    });
    // Asked again (the button): the same ticket, no second one.
    const again = await t.loop.request({
      conversationId: 'web:conv-1',
      reason: 'customer_asked',
      channel: 'web',
    });
    expect(again).toMatchObject({ already: true, delivered: ['desk'] });
    expect(t.desk.tickets).toHaveLength(1);

    const classified = t.asked.length;
    const first = await t.ask('Are you still there?');
    expect(first.held).toEqual({ mode: 'waiting' });
    expect(first.text).toMatch(/passed your message on/);
    const second = await t.ask('Hello??');
    expect(second).toMatchObject({ held: { mode: 'waiting' }, text: '' });
    // Nothing was classified or answered; both messages were kept and passed to the desk.
    expect(t.asked.length).toBe(classified);
    expect(t.desk.relays).toEqual([
      expect.objectContaining({
        type: 'customer_message',
        text: 'Are you still there?',
        ref: 'desk-1',
      }),
      expect.objectContaining({ type: 'customer_message', text: 'Hello??', ref: 'desk-1' }),
    ]);
    const turns = await t.memory.load('web:conv-1');
    expect(turns.slice(-3).map((turn) => [turn.role, turn.text])).toEqual([
      ['user', 'Are you still there?'],
      ['assistant', expect.stringMatching(/passed your message on/)],
      ['user', 'Hello??'],
    ]);
  });

  it("delivers an agent's message by the target's link, keeps it as an agent turn and queues it for review", async () => {
    const t = setup();
    await t.loop.request({ conversationId: 'web:c2', reason: 'customer_asked', channel: 'web' });
    await t.ask('My order never came', 'web:c2');
    t.advance(MINUTE);
    const result = await t.loop.agentMessage({
      link: { target: 'desk', ref: 'desk-1' },
      text: 'Hi, I am Ana. Let me check your order.',
      agent: { id: 'U1', name: 'Ana', via: 'desk' },
    });
    expect(result.delivered).toBe(true);
    expect(result.state).toMatchObject({ mode: 'agent', agent: { name: 'Ana', via: 'desk' } });
    expect(result.state?.history.map((h) => [h.mode, h.by])).toEqual([
      ['waiting', 'customer'],
      ['agent', 'agent'],
    ]);
    // The customer hears that a person joined, then the message.
    expect(t.customer.delivered.map((d) => d.event.type)).toEqual(['state', 'agent_message']);
    expect(t.customer.delivered[1]?.event).toMatchObject({
      type: 'agent_message',
      message: { text: 'Hi, I am Ana. Let me check your order.', agent: { name: 'Ana' } },
    });
    const last = (await t.memory.load('web:c2')).at(-1);
    expect(last).toMatchObject({
      role: 'agent',
      text: 'Hi, I am Ana. Let me check your order.',
      agent: { id: 'U1', name: 'Ana', via: 'desk' },
    });
    expect(t.reviewed).toEqual([
      {
        ticketId: t.desk.tickets[0]?.id,
        conversationId: 'web:c2',
        question: 'My order never came',
        answer: 'Hi, I am Ana. Let me check your order.',
        agent: 'Ana',
      },
    ]);
    // While the agent holds it the assistant answers nothing at all.
    expect(await t.ask('Thanks Ana', 'web:c2')).toMatchObject({
      held: { mode: 'agent' },
      text: '',
    });
    // An unknown link is no conversation: nothing is delivered.
    const stray = await t.loop.agentMessage({
      link: { target: 'desk', ref: 'desk-999' },
      text: 'hello?',
      agent: { via: 'desk' },
    });
    expect(stray).toEqual({ delivered: false, state: null });
  });

  it('goes back to the bot when the customer asks, and the assistant answers again', async () => {
    const t = setup();
    await t.loop.request({ conversationId: 'web:c3', reason: 'customer_asked', channel: 'web' });
    const back = await t.ask('back to the bot please', 'web:c3');
    expect(back).toMatchObject({
      held: { mode: 'bot' },
      text: expect.stringMatching(/back with the assistant/),
    });
    expect(t.desk.relays.at(-1)).toMatchObject({
      type: 'handed_back',
      by: 'customer',
      ref: 'desk-1',
    });
    expect((await t.ask('How do I reset my password?', 'web:c3')).text).toBe('Use the reset link.');
    const state = await t.loop.state('web:c3');
    expect(state?.mode).toBe('bot');
    expect(state?.history.map((h) => [h.mode, h.by])).toEqual([
      ['waiting', 'customer'],
      ['bot', 'customer'],
    ]);
    // Asking again opens a new ticket.
    await t.loop.request({ conversationId: 'web:c3', reason: 'customer_asked', channel: 'web' });
    expect(t.desk.tickets).toHaveLength(2);
    expect(await t.loop.list({ mode: 'waiting' })).toEqual([
      expect.objectContaining({ conversationId: 'web:c3' }),
    ]);
  });

  it('hands back after the timeout with a line telling the customer, and tells the desk', async () => {
    const t = setup();
    await t.loop.request({ conversationId: 'web:c4', reason: 'customer_asked', channel: 'web' });
    await t.loop.agentMessage({
      conversationId: 'web:c4',
      text: 'Looking into it',
      agent: { via: 'desk' },
    });
    t.advance(29 * MINUTE);
    expect(await t.loop.expireDue()).toBe(0);
    expect((await t.loop.state('web:c4'))?.mode).toBe('agent');
    t.advance(2 * MINUTE);
    expect(await t.loop.expireDue()).toBe(1);
    const state = await t.loop.state('web:c4');
    expect(state).toMatchObject({ mode: 'bot' });
    expect(state?.history.at(-1)).toMatchObject({ mode: 'bot', by: 'timeout' });
    expect(t.customer.delivered.at(-1)?.event).toMatchObject({
      type: 'state',
      state: { mode: 'bot' },
      text: expect.stringMatching(
        /Nobody from the Nimbus team could reply in time.*help@nimbus\.example/,
      ),
    });
    expect(t.desk.relays.at(-1)).toMatchObject({ type: 'handed_back', by: 'timeout' });
    expect((await t.memory.load('web:c4')).at(-1)?.text).toMatch(/could reply in time/);
    expect((await t.ask('How do I reset my password?', 'web:c4')).text).toBe('Use the reset link.');
    // Swept once: a second sweep finds nothing.
    expect(await t.loop.expireDue()).toBe(0);
  });

  it('answers a message that arrives after the timeout but before the sweep', async () => {
    const t = setup();
    await t.loop.request({ conversationId: 'web:c5', reason: 'customer_asked', channel: 'web' });
    t.advance(31 * MINUTE);
    expect((await t.ask('How do I reset my password?', 'web:c5')).text).toBe('Use the reset link.');
    expect((await t.loop.state('web:c5'))?.history.at(-1)).toMatchObject({ by: 'timeout' });
  });

  it('an agent hands back: the customer is told, other targets too, the one that asked not', async () => {
    const t = setup();
    await t.loop.request({ conversationId: 'web:c6', reason: 'customer_asked', channel: 'web' });
    const back = await t.loop.handBack({
      link: { target: 'desk', ref: 'desk-1' },
      by: 'agent',
      agent: { via: 'desk' },
    });
    expect(back?.state.mode).toBe('bot');
    expect(t.customer.delivered.at(-1)?.event).toMatchObject({
      type: 'state',
      text: expect.stringMatching(/handed you back/),
    });
    expect(t.desk.relays).toEqual([]);
    // Handing back what is not held is nothing.
    expect(await t.loop.handBack({ conversationId: 'web:c6', by: 'agent' })).toBeNull();
  });
});
