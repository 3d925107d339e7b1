import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Application API call as the fake received it. */
export interface ChatwootCall {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

export interface FakeChatwootMessage {
  id: number;
  content: string;
  message_type: 'incoming' | 'outgoing';
  private: boolean;
}

export interface FakeChatwootConversation {
  id: number;
  contactId: number;
  sourceId: string;
  status: 'open' | 'resolved' | 'pending';
  additional_attributes: Record<string, unknown>;
  messages: FakeChatwootMessage[];
}

export interface FakeChatwoot extends AsyncDisposable {
  /** Give this to the target as `baseUrl`. */
  url: string;
  accountId: number;
  inboxId: number;
  apiToken: string;
  calls: ChatwootCall[];
  conversations: Map<number, FakeChatwootConversation>;
  /** Where this Chatwoot posts its webhook events (the API inbox's webhook URL). */
  webhookUrl: string | undefined;
  /** An agent replies in the Chatwoot dashboard: stored, then `message_created` is posted. */
  agentReplies(
    conversationId: number,
    content: string,
    agent?: { id: number; name: string },
  ): Promise<Response>;
  /** An agent writes a private note: stored, `message_created` (private) is posted. */
  privateNote(conversationId: number, content: string): Promise<Response>;
  /** An agent resolves the conversation: `conversation_status_changed` is posted. */
  resolve(conversationId: number): Promise<Response>;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const AGENT = { id: 7, name: 'Priya', email: 'priya@nimbus.example', type: 'user' };

/**
 * A local stand-in for Chatwoot's Application API (`/api/v1/accounts/{account_id}/…`, header
 * `api_access_token`), answering in the documented shapes (swagger in chatwoot/chatwoot): create
 * and search contacts, contact inboxes, conversations, messages, toggle_status. Bodies are
 * checked as the API does (required fields, enums; 401 without the token, 404 for unknown
 * conversations, 422 for a taken identifier). Agents' actions post webhook events shaped like
 * Chatwoot's (`message_created`, `conversation_status_changed`) to `webhookUrl`.
 */
export async function startFakeChatwoot(): Promise<FakeChatwoot> {
  const accountId = 3;
  const inboxId = 11;
  const apiToken = 'chatwoot-agent-token-0123456789';
  const calls: ChatwootCall[] = [];
  const conversations = new Map<number, FakeChatwootConversation>();
  const contacts = new Map<
    number,
    { id: number; name: string; identifier?: string; sourceId: string }
  >();
  let nextId = 100;
  const base = `/api/v1/accounts/${accountId}`;

  const handle = (method: string, path: string, body: Record<string, unknown> | undefined) => {
    const bad = (message: string) => ({ status: 400, body: { message } });
    if (method === 'POST' && path === `${base}/contacts`) {
      if (body?.inbox_id !== inboxId) return bad('inbox_id is required');
      const identifier = typeof body.identifier === 'string' ? body.identifier : undefined;
      if (identifier && [...contacts.values()].some((c) => c.identifier === identifier))
        return { status: 422, body: { message: 'Identifier has already been taken' } };
      const contact = {
        id: ++nextId,
        name: String(body.name ?? ''),
        ...(identifier ? { identifier } : {}),
        sourceId: crypto.randomUUID(),
      };
      contacts.set(contact.id, contact);
      return {
        status: 200,
        body: {
          payload: {
            contact: { id: contact.id, name: contact.name, identifier: contact.identifier ?? null },
            contact_inbox: {
              source_id: contact.sourceId,
              inbox: { id: inboxId, name: 'Switchboard' },
            },
          },
        },
      };
    }
    const search = new RegExp(`^${base}/contacts/search\\?q=(.*)$`).exec(path);
    if (method === 'GET' && search) {
      const q = decodeURIComponent(search[1] ?? '');
      const found = [...contacts.values()].filter((c) => c.identifier === q || c.name === q);
      return {
        status: 200,
        body: {
          meta: { count: found.length },
          payload: found.map((c) => ({ id: c.id, name: c.name, identifier: c.identifier })),
        },
      };
    }
    const inbox = new RegExp(`^${base}/contacts/(\\d+)/contact_inboxes$`).exec(path);
    if (method === 'POST' && inbox) {
      const contact = contacts.get(Number(inbox[1]));
      if (!contact) return { status: 404, body: { message: 'Resource could not be found' } };
      if (body?.inbox_id !== inboxId) return bad('inbox_id is required');
      return { status: 200, body: { source_id: contact.sourceId, inbox: { id: inboxId } } };
    }
    if (method === 'POST' && path === `${base}/conversations`) {
      const contact = [...contacts.values()].find((c) => c.sourceId === body?.source_id);
      if (!contact || body?.inbox_id !== inboxId) return bad('source_id and inbox_id are required');
      if (
        body.status !== undefined &&
        !['open', 'resolved', 'pending'].includes(String(body.status))
      )
        return bad('status is invalid');
      const conversation: FakeChatwootConversation = {
        id: ++nextId,
        contactId: contact.id,
        sourceId: contact.sourceId,
        status: (body.status as FakeChatwootConversation['status']) ?? 'open',
        additional_attributes: (body.additional_attributes as Record<string, unknown>) ?? {},
        messages: [],
      };
      conversations.set(conversation.id, conversation);
      return {
        status: 200,
        body: { id: conversation.id, account_id: accountId, inbox_id: inboxId },
      };
    }
    const messages = new RegExp(`^${base}/conversations/(\\d+)/messages$`).exec(path);
    if (method === 'POST' && messages) {
      const conversation = conversations.get(Number(messages[1]));
      if (!conversation) return { status: 404, body: { message: 'Conversation not found' } };
      if (typeof body?.content !== 'string' || !body.content) return bad('content is required');
      const type = body.message_type ?? 'outgoing';
      if (type !== 'incoming' && type !== 'outgoing') return bad('message_type is invalid');
      const message: FakeChatwootMessage = {
        id: ++nextId,
        content: body.content,
        message_type: type,
        private: body.private === true,
      };
      conversation.messages.push(message);
      // A customer writing again reopens a resolved conversation, as Chatwoot does.
      if (type === 'incoming') conversation.status = 'open';
      return {
        status: 200,
        body: { id: message.id, content: message.content, message_type: type },
      };
    }
    const toggle = new RegExp(`^${base}/conversations/(\\d+)/toggle_status$`).exec(path);
    if (method === 'POST' && toggle) {
      const conversation = conversations.get(Number(toggle[1]));
      if (!conversation) return { status: 404, body: { message: 'Conversation not found' } };
      if (!['open', 'resolved', 'pending', 'snoozed'].includes(String(body?.status)))
        return bad('status is invalid');
      conversation.status = body?.status as FakeChatwootConversation['status'];
      return {
        status: 200,
        body: {
          meta: {},
          payload: {
            success: true,
            current_status: conversation.status,
            conversation_id: conversation.id,
          },
        },
      };
    }
    return { status: 404, body: { message: 'Not found' } };
  };

  const server: Server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const body = await readJson(req);
    calls.push({ method, path, body });
    if (req.headers.api_access_token !== apiToken)
      return send(res, 401, { error: 'Invalid token' });
    const answer = handle(method, path, body);
    send(res, answer.status, answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const conversationPayload = (c: FakeChatwootConversation) => ({
    id: c.id,
    inbox_id: inboxId,
    status: c.status,
    channel: 'Channel::Api',
    can_reply: true,
    additional_attributes: c.additional_attributes,
    contact_inbox: { contact_id: c.contactId, inbox_id: inboxId, source_id: c.sourceId },
    meta: { assignee: AGENT },
    account_id: accountId,
  });
  const post = (event: Record<string, unknown>) => {
    if (!fake.webhookUrl) throw new Error('fake Chatwoot: no webhook URL configured');
    return fetch(fake.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
  };
  const message = (conversationId: number, content: string, isPrivate: boolean, agent = AGENT) => {
    const conversation = conversations.get(conversationId);
    if (!conversation) throw new Error(`fake Chatwoot: no conversation ${conversationId}`);
    const stored: FakeChatwootMessage = {
      id: ++nextId,
      content,
      message_type: 'outgoing',
      private: isPrivate,
    };
    conversation.messages.push(stored);
    return post({
      event: 'message_created',
      id: stored.id,
      content,
      created_at: new Date().toISOString(),
      message_type: 'outgoing',
      content_type: 'text',
      private: isPrivate,
      content_attributes: {},
      source_id: null,
      sender: { ...agent, type: 'user' },
      inbox: { id: inboxId, name: 'Switchboard' },
      conversation: conversationPayload(conversation),
      account: { id: accountId, name: 'Nimbus' },
    });
  };
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const fake: FakeChatwoot = {
    url: `http://127.0.0.1:${port}`,
    accountId,
    inboxId,
    apiToken,
    calls,
    conversations,
    webhookUrl: undefined,
    agentReplies: (id, content, agent) =>
      message(id, content, false, agent ? { ...AGENT, ...agent } : AGENT),
    privateNote: (id, content) => message(id, content, true),
    resolve(conversationId) {
      const conversation = conversations.get(conversationId);
      if (!conversation) throw new Error(`fake Chatwoot: no conversation ${conversationId}`);
      conversation.status = 'resolved';
      return post({ event: 'conversation_status_changed', ...conversationPayload(conversation) });
    },
    close,
    [Symbol.asyncDispose]: close,
  };
  return fake;
}
