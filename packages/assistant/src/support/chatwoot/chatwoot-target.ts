import type {
  HandoffDelivery,
  HandoffRelay,
  HandoffTarget,
  HandoffTicket,
  Turn,
} from '@switchboard/core';
import { ChatwootCallError, ChatwootClient, type ChatwootSettings } from './chatwoot-client.ts';

const REASONS: Record<HandoffTicket['reason'], string> = {
  customer_asked: 'the customer asked for a person',
  low_confidence: 'the assistant was not confident',
  no_docs: 'the docs do not cover it',
  out_of_scope: 'the request is outside what the company does',
  negative_feedback: 'the customer rated an answer down',
};
const WHO: Record<Turn['role'], string> = {
  user: 'Customer',
  assistant: 'Assistant',
  agent: 'Agent',
};
/** Chatwoot stores long messages, but agents read the newest turns first. */
const MAX_NOTE = 20_000;

/** The ticket as a private note: why, where from, and the transcript so far. */
export function ticketNote(ticket: HandoffTicket): string {
  const head = `Handed over by Switchboard: ${REASONS[ticket.reason]} (${ticket.channel}, conversation ${ticket.conversationId}, ticket ${ticket.id}). Reply here and the customer gets it; resolve the conversation to hand it back to the assistant.`;
  const lines = ticket.transcript.map((t) => `**${WHO[t.role]}:** ${t.text}`);
  let body = lines.join('\n\n');
  while (body.length > MAX_NOTE && lines.length > 1) {
    lines.shift();
    body = `…\n\n${lines.join('\n\n')}`;
  }
  return `${head}\n\n${body || '_No messages were kept for this conversation._'}`.slice(
    0,
    MAX_NOTE,
  );
}

interface ContactCreated {
  payload?: { contact?: { id?: number }; contact_inbox?: { source_id?: string } };
}

/**
 * Hands conversations to a Chatwoot inbox (an API channel) through the Application API: a contact
 * (reused by identifier for identified customers), a new conversation with the ticket as a
 * private note, and the customer's later messages as incoming messages. Agents answer in
 * Chatwoot; its webhook brings their replies back (see `parseChatwootWebhook`).
 */
export class ChatwootHandoffTarget implements HandoffTarget {
  readonly name = 'chatwoot';
  readonly #api: ChatwootClient;

  constructor(settings: ChatwootSettings) {
    this.#api = new ChatwootClient(settings);
  }

  async deliver(ticket: HandoffTicket): Promise<HandoffDelivery> {
    const contact = await this.#contact(ticket);
    const conversation = await this.#api.call<{ id?: number }>('POST', '/conversations', {
      source_id: contact.sourceId,
      inbox_id: this.#api.inboxId,
      contact_id: contact.id,
      status: 'open',
      additional_attributes: {
        switchboard_conversation_id: ticket.conversationId,
        switchboard_ticket_id: ticket.id,
        channel: ticket.channel,
      },
    });
    if (typeof conversation.id !== 'number')
      throw new ChatwootCallError(502, 'POST /conversations (no id in the answer)');
    const ref = String(conversation.id);
    await this.#message(ref, {
      content: ticketNote(ticket),
      message_type: 'outgoing',
      private: true,
    });
    return { ref };
  }

  async relay(event: HandoffRelay): Promise<void> {
    if (!event.ref) return;
    if (event.type === 'customer_message') {
      await this.#message(event.ref, { content: event.text, message_type: 'incoming' });
      return;
    }
    const why =
      event.by === 'timeout'
        ? 'Nobody replied in time: the customer is back with the assistant.'
        : event.by === 'customer'
          ? 'The customer went back to the assistant.'
          : 'Handed back to the assistant.';
    await this.#message(event.ref, { content: why, message_type: 'outgoing', private: true });
    await this.#api.call('POST', `/conversations/${event.ref}/toggle_status`, {
      status: 'resolved',
    });
  }

  #message(ref: string, body: Record<string, unknown>): Promise<unknown> {
    return this.#api.call('POST', `/conversations/${ref}/messages`, body);
  }

  /** A new contact, or (identified customers) the one made for them before. */
  async #contact(ticket: HandoffTicket): Promise<{ id: number; sourceId: string }> {
    const customer = ticket.customer;
    const identifier = customer?.id ? `switchboard:${ticket.channel}:${customer.id}` : undefined;
    try {
      const created = await this.#api.call<ContactCreated>('POST', '/contacts', {
        inbox_id: this.#api.inboxId,
        name: customer?.name ?? customer?.email ?? `${ticket.channel} customer`,
        ...(customer?.email ? { email: customer.email } : {}),
        ...(identifier ? { identifier } : {}),
      });
      const id = created.payload?.contact?.id;
      const sourceId = created.payload?.contact_inbox?.source_id;
      if (typeof id === 'number' && sourceId) return { id, sourceId };
      if (typeof id === 'number') return { id, sourceId: await this.#inboxSource(id) };
      throw new ChatwootCallError(502, 'POST /contacts (no contact in the answer)');
    } catch (error) {
      // 422: the identifier is taken by the contact of an earlier handoff; use that one.
      if (!(error instanceof ChatwootCallError) || error.httpStatus !== 422 || !identifier)
        throw error;
      const found = await this.#api.call<{ payload?: Array<{ id?: number; identifier?: string }> }>(
        'GET',
        `/contacts/search?q=${encodeURIComponent(identifier)}`,
      );
      const id = found.payload?.find((c) => c.identifier === identifier)?.id;
      if (typeof id !== 'number') throw error;
      return { id, sourceId: await this.#inboxSource(id) };
    }
  }

  async #inboxSource(contactId: number): Promise<string> {
    const inbox = await this.#api.call<{ source_id?: string }>(
      'POST',
      `/contacts/${contactId}/contact_inboxes`,
      { inbox_id: this.#api.inboxId },
    );
    if (!inbox.source_id) throw new ChatwootCallError(502, 'POST /contact_inboxes (no source_id)');
    return inbox.source_id;
  }
}
