import type { ChannelName, HandoffReason, RouteName, Turn } from '@switchboard/core';

/** Where a turn was said: the conversation's channel and, when known, the channel's user id. */
export interface TurnContext {
  channel: ChannelName;
  userId?: string;
}

/**
 * One line of a conversation's outcome record: a turn without its text (who spoke, when, and for
 * the assistant the route, confidence, handoff reason and message id), or a handoff ticket.
 * `kind` is the turn's role (`user`, `assistant`, and any role a person speaks with, e.g. `agent`)
 * or `ticket`.
 */
export interface ConversationEvent {
  kind: Turn['role'] | 'ticket' | (string & {});
  at: number;
  route?: RouteName;
  confidence?: number;
  /** For assistant turns that handed off, and for tickets. */
  reason?: HandoffReason;
  /** The assistant turn's message id (what feedback names). */
  id?: string;
}

/** A customer's rating of one answer, as attached to the rated turn. */
export interface TurnRating {
  rating: 'up' | 'down';
  reason?: string;
  at: number;
}

/** What the index holds about one conversation. */
export interface ConversationRecord {
  id: string;
  /** null when the turns were written without a channel (e.g. by an evaluation). */
  channel: ChannelName | null;
  userId?: string;
  firstAt: number;
  lastAt: number;
  /** The customer's first message, shortened: the list shows it. */
  preview: string;
  /** Normalised words of the customer's and people's messages and the cited titles (search). */
  digest: string;
  events: ConversationEvent[];
  /** By rated message id (a Map: ids come from outside). */
  ratings: Map<string, TurnRating>;
}

/** The outcome record of a turn (its text stays in the transcript). */
export function eventOf(turn: Turn): ConversationEvent {
  const event: ConversationEvent = { kind: turn.role, at: turn.at };
  if (turn.role !== 'assistant') return event;
  if (turn.route) event.route = turn.route;
  if (typeof turn.confidence === 'number') event.confidence = turn.confidence;
  if (turn.handoffReason) event.reason = turn.handoffReason;
  if (turn.id) event.id = turn.id;
  return event;
}
