import { createHash, timingSafeEqual } from 'node:crypto';

/** What a Chatwoot webhook event means for the handoff loop. */
export type ChatwootWebhookEvent =
  | {
      kind: 'agent_message';
      /** The Chatwoot conversation id (the target's link reference). */
      ref: string;
      text: string;
      agent: { id?: string; name?: string };
    }
  | { kind: 'resolved'; ref: string }
  | { kind: 'ignored'; why: string };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function idOf(value: unknown): string | undefined {
  return typeof value === 'number' || (typeof value === 'string' && /^\d{1,18}$/.test(value))
    ? String(value)
    : undefined;
}

/**
 * Reads a Chatwoot webhook body (https://www.chatwoot.com/docs/product/others/webhook-events):
 * `message_created` with `message_type` outgoing (1), not private, sent by a `user` (an agent,
 * not the contact or an agent bot) is an agent's reply; `conversation_status_changed` (or the
 * older `conversation_resolved`) with status `resolved` hands back. Everything else is ignored,
 * including our own messages (incoming customer copies and private notes).
 */
export function parseChatwootWebhook(body: unknown): ChatwootWebhookEvent {
  const b = record(body);
  if (!b) return { kind: 'ignored', why: 'not an object' };
  const event = b.event;
  if (event === 'message_created') {
    const type = b.message_type;
    if (type !== 'outgoing' && type !== 1) return { kind: 'ignored', why: 'not outgoing' };
    if (b.private === true) return { kind: 'ignored', why: 'private note' };
    const sender = record(b.sender);
    if (sender?.type !== undefined && sender.type !== 'user')
      return { kind: 'ignored', why: 'not from an agent' };
    const ref = idOf(record(b.conversation)?.id);
    const text = typeof b.content === 'string' ? b.content.trim() : '';
    if (!ref || !text) return { kind: 'ignored', why: 'no conversation or no text' };
    const id = idOf(sender?.id);
    const name = typeof sender?.name === 'string' && sender.name ? sender.name.slice(0, 100) : '';
    return {
      kind: 'agent_message',
      ref,
      text: text.slice(0, 8000),
      agent: { ...(id ? { id } : {}), ...(name ? { name } : {}) },
    };
  }
  if (event === 'conversation_status_changed' || event === 'conversation_resolved') {
    // Conversation events carry the conversation itself at the top level.
    const ref = idOf(b.id);
    if (!ref || b.status !== 'resolved') return { kind: 'ignored', why: 'not resolved' };
    return { kind: 'resolved', ref };
  }
  return { kind: 'ignored', why: `event ${typeof event === 'string' ? event.slice(0, 40) : '?'}` };
}

/**
 * Chatwoot does not sign webhooks (per-webhook signatures are not in a stable release), so its
 * webhook URL carries a secret token of ours instead; compared in constant time (as digests, so
 * the lengths match).
 */
export function isChatwootToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
