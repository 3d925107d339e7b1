import type { HandoffTicket } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeChatwoot, startFakeChatwoot } from '../../../../../test/support/fake-chatwoot.ts';
import { ChatwootHandoffTarget } from './chatwoot-target.ts';
import { isChatwootToken, parseChatwootWebhook } from './chatwoot-webhook.ts';

const ticket = (over: Partial<HandoffTicket> = {}): HandoffTicket => ({
  id: 'ticket-1',
  conversationId: 'web:abcdefghijklmnop',
  reason: 'customer_asked',
  channel: 'web',
  transcript: [
    { role: 'user', text: 'My thermostat is offline', at: 1 },
    { role: 'assistant', text: 'Try restarting it.', at: 2 },
  ],
  at: 3,
  ...over,
});

describe('the Chatwoot handoff target against a local Chatwoot API', () => {
  let chatwoot: FakeChatwoot;
  let target: ChatwootHandoffTarget;

  beforeAll(async () => {
    chatwoot = await startFakeChatwoot();
    target = new ChatwootHandoffTarget({
      baseUrl: chatwoot.url,
      apiToken: chatwoot.apiToken,
      accountId: chatwoot.accountId,
      inboxId: chatwoot.inboxId,
    });
  });
  afterAll(() => chatwoot.close());

  it('creates a contact and a conversation in the inbox, with the ticket as a private note', async () => {
    const { ref } = await target.deliver(ticket());
    const conversation = chatwoot.conversations.get(Number(ref));
    expect(conversation).toMatchObject({
      status: 'open',
      additional_attributes: {
        switchboard_conversation_id: 'web:abcdefghijklmnop',
        switchboard_ticket_id: 'ticket-1',
      },
    });
    expect(conversation?.messages).toEqual([
      expect.objectContaining({ message_type: 'outgoing', private: true }),
    ]);
    const note = conversation?.messages[0]?.content ?? '';
    expect(note).toContain('the customer asked for a person');
    expect(note).toContain('**Customer:** My thermostat is offline');
    expect(
      chatwoot.calls.every((c) => c.path.startsWith(`/api/v1/accounts/${chatwoot.accountId}/`)),
    ).toBe(true);
  });

  it('reuses the contact of an identified customer for their next handoff', async () => {
    const customer = { id: 'cust-42', name: 'Ada' };
    const first = await target.deliver(ticket({ id: 't-a', customer }));
    const second = await target.deliver(ticket({ id: 't-b', customer }));
    const a = chatwoot.conversations.get(Number(first.ref));
    const b = chatwoot.conversations.get(Number(second.ref));
    expect(b?.contactId).toBe(a?.contactId);
    expect(second.ref).not.toBe(first.ref);
    expect(chatwoot.calls.some((c) => c.path.includes('/contacts/search?q='))).toBe(true);
  });

  it("relays the customer's messages as incoming ones and resolves the conversation when it is handed back", async () => {
    const { ref } = await target.deliver(ticket({ id: 't-relay' }));
    await target.relay({
      type: 'customer_message',
      conversationId: 'c',
      ref,
      text: 'Any news?',
      at: 4,
    });
    await target.relay({ type: 'handed_back', conversationId: 'c', ref, by: 'timeout', at: 5 });
    const conversation = chatwoot.conversations.get(Number(ref));
    expect(
      conversation?.messages.slice(1).map((m) => [m.message_type, m.private, m.content]),
    ).toEqual([
      ['incoming', false, 'Any news?'],
      ['outgoing', true, expect.stringMatching(/Nobody replied in time/)],
    ]);
    expect(conversation?.status).toBe('resolved');
  });

  it('reports a refused call without the token in the message', async () => {
    const wrong = new ChatwootHandoffTarget({
      baseUrl: chatwoot.url,
      apiToken: 'not-the-token',
      accountId: chatwoot.accountId,
      inboxId: chatwoot.inboxId,
    });
    const error = await wrong.deliver(ticket()).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({
      code: 'DELIVERY_FAILED',
      message: expect.stringContaining('HTTP 401'),
    });
    expect((error as Error).message).not.toContain('not-the-token');
  });
});

describe("reading Chatwoot's webhook events", () => {
  const created = (over: Record<string, unknown>) => ({
    event: 'message_created',
    id: 9,
    content: 'Your order ships today.',
    message_type: 'outgoing',
    private: false,
    sender: { id: 7, name: 'Priya', type: 'user' },
    conversation: { id: 42, status: 'open' },
    ...over,
  });

  it("reads an agent's outgoing message and a resolved conversation", () => {
    expect(parseChatwootWebhook(created({}))).toEqual({
      kind: 'agent_message',
      ref: '42',
      text: 'Your order ships today.',
      agent: { id: '7', name: 'Priya' },
    });
    expect(
      parseChatwootWebhook({ event: 'conversation_status_changed', id: 42, status: 'resolved' }),
    ).toEqual({
      kind: 'resolved',
      ref: '42',
    });
  });

  it('ignores notes, incoming copies, bots, other statuses and other events', () => {
    for (const body of [
      created({ private: true }),
      created({ message_type: 'incoming' }),
      created({ sender: { id: 1, type: 'agent_bot' } }),
      created({ content: '   ' }),
      { event: 'conversation_status_changed', id: 42, status: 'open' },
      { event: 'webwidget_triggered' },
      null,
      'constructor',
    ])
      expect(parseChatwootWebhook(body).kind).toBe('ignored');
  });

  it('compares the webhook token in constant time, refusing anything else', () => {
    expect(isChatwootToken('a'.repeat(32), 'a'.repeat(32))).toBe(true);
    expect(isChatwootToken('a'.repeat(32), 'a'.repeat(31))).toBe(false);
    expect(isChatwootToken('a'.repeat(32), undefined)).toBe(false);
    expect(isChatwootToken('', '')).toBe(false);
  });
});
