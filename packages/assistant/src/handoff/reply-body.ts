import { SwitchboardError } from '@switchboard/core';

/** What a helpdesk posts to `POST /api/handoff/replies` to answer (or hand back) a conversation. */
export interface HandoffReplyBody {
  conversationId: string;
  /** The agent's message to the customer; absent when the request only hands back. */
  text?: string;
  agent?: { id?: string; name?: string };
  /** True: the conversation goes back to the bot (after `text`, if any). */
  handBack?: boolean;
}

const FIELDS = new Set(['conversationId', 'text', 'agent', 'handBack', 'ticketId']);

const bad = (field: string, message: string) =>
  new SwitchboardError('BAD_REQUEST', `${field}: ${message}`, { details: { field } });

function shortString(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || !value.trim()) throw bad(field, 'must be a non-empty string');
  if (value.trim().length > max) throw bad(field, `must be at most ${max} characters`);
  return value.trim();
}

/**
 * Validates the reply webhook's body: `{conversationId, text?, agent?, handBack?, ticketId?}`,
 * `agent` a name or `{id?, name?}`, at least `text` or `handBack: true`, nothing else.
 * @throws SwitchboardError BAD_REQUEST naming the field.
 */
export function parseHandoffReplyBody(body: unknown): HandoffReplyBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('(body)', 'must be a JSON object');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((key) => !FIELDS.has(key));
  if (unknown) throw bad(unknown, 'unknown field');
  const conversationId = shortString(b.conversationId, 'conversationId', 200);
  if (b.ticketId !== undefined) shortString(b.ticketId, 'ticketId', 200);
  const text = b.text === undefined ? undefined : shortString(b.text, 'text', 8000);
  if (b.handBack !== undefined && typeof b.handBack !== 'boolean')
    throw bad('handBack', 'must be true or false');
  if (!text && b.handBack !== true) throw bad('text', 'is required unless handBack is true');
  let agent: HandoffReplyBody['agent'];
  if (typeof b.agent === 'string') agent = { name: shortString(b.agent, 'agent', 200) };
  else if (typeof b.agent === 'object' && b.agent !== null && !Array.isArray(b.agent)) {
    const a = b.agent as Record<string, unknown>;
    const extra = Object.keys(a).find((key) => key !== 'id' && key !== 'name');
    if (extra) throw bad(`agent.${extra}`, 'unknown field');
    agent = {
      ...(a.id !== undefined ? { id: shortString(a.id, 'agent.id', 200) } : {}),
      ...(a.name !== undefined ? { name: shortString(a.name, 'agent.name', 200) } : {}),
    };
  } else if (b.agent !== undefined) throw bad('agent', 'must be a name or {id, name}');
  return {
    conversationId,
    ...(text ? { text } : {}),
    ...(agent ? { agent } : {}),
    ...(b.handBack === true ? { handBack: true } : {}),
  };
}
