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

/** A place handoff tickets are delivered to (a Slack channel, a webhook, a helpdesk). */
export interface HandoffTarget {
  readonly name: string;
  deliver(ticket: HandoffTicket): Promise<void>;
}
