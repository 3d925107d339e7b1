import type { HandoffLink, HandoffRelay } from './handoff-state.ts';
import type { ChannelName, HandoffReason, Turn } from './reply.ts';

/** A customer's rating of one assistant message (👍/👎), from any channel. */
export interface Feedback {
  conversationId: string;
  /** The `messageId` of the rated reply. */
  messageId: string;
  rating: 'up' | 'down';
  /** Optional free text ("the link is broken"), at most a few hundred characters. */
  reason?: string;
  channel: ChannelName;
  /** The channel's user id, when it has one. */
  userId?: string;
  /** Epoch milliseconds. */
  at: number;
}

/** Where feedback is kept; one store behind every channel. */
export interface FeedbackStore {
  record(feedback: Feedback): Promise<void>;
  /** Newest first. */
  recent(limit?: number): Promise<Feedback[]>;
}

/** A question the assistant could not answer: the docs-gap list admins work from. */
export interface UnansweredQuestion {
  conversationId: string;
  question: string;
  reason: HandoffReason;
  channel: ChannelName;
  at: number;
}

export interface DocsGapLog {
  record(question: UnansweredQuestion): Promise<void>;
  /** Newest first. */
  recent(limit?: number): Promise<UnansweredQuestion[]>;
}

/** A conversation handed to people: why, where from, and everything said so far. */
export interface HandoffTicket {
  /** Unique per handoff, so targets can deduplicate deliveries. */
  id: string;
  conversationId: string;
  reason: HandoffReason;
  channel: ChannelName;
  transcript: Turn[];
  customer?: { id?: string; name?: string; email?: string };
  at: number;
}

/** What a target answers when it took a ticket and keeps a reference to it (its thread, its id). */
export type HandoffDelivery = Pick<HandoffLink, 'ref'>;

/** A place handoff tickets are delivered to (a Slack channel, a webhook, a helpdesk). */
export interface HandoffTarget {
  readonly name: string;
  /** Delivers the ticket; answers the target's reference when agents can answer from there. */
  // biome-ignore lint/suspicious/noConfusingVoidType: targets that keep no reference resolve with nothing.
  deliver(ticket: HandoffTicket): Promise<HandoffDelivery | undefined | void>;
  /**
   * Passes on what happened after the ticket (the customer wrote again, the conversation went
   * back to the bot), so the agent sees it where they answer. Absent: the target is told nothing.
   */
  relay?(event: HandoffRelay): Promise<void>;
}
