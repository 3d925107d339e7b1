import type {
  ChannelName,
  FeedbackStore,
  HandoffReason,
  HandoffTicket,
  InboundMessage,
  ReplyEvent,
} from '@switchboard/core';

/** The assistant as this channel needs it: a streamed reply (structurally `Pick<Assistant, 'stream'>`). */
export interface StreamingAssistant {
  stream(message: InboundMessage, options?: { signal?: AbortSignal }): AsyncIterable<ReplyEvent>;
}

/** Hands a conversation to people (structurally the runtime's `HandoffService`). */
export interface HandoffPort {
  request(request: {
    conversationId: string;
    reason: HandoffReason;
    channel: ChannelName;
    customer?: HandoffTicket['customer'];
  }): Promise<{
    delivered: string[];
    failed: Array<{ target: string; message: string }>;
    /** Set by the handoff loop: a person had already been asked for. */
    already?: boolean;
  }>;
}

/**
 * Where the channel keeps how to reach a conversation later (its conversation reference), so
 * an agent's answer can be sent proactively. Stored as opaque JSON and checked when read back.
 */
export interface ConversationReferences {
  save(conversationId: string, reference: unknown): Promise<void>;
  load(conversationId: string): Promise<unknown>;
}

/** Which of our replies a channel message id stands for. */
export interface SentReply {
  conversationId: string;
  messageId: string;
}

/**
 * Which of our replies each Teams activity id stands for: Teams rates a message by its own
 * activity id, not by our reply's `messageId`. With several server processes the rating may reach
 * another process than the one that sent the reply, so the runtime keeps these in Redis.
 */
export interface SentReplies {
  remember(activityId: string, reply: SentReply): Promise<void>;
  find(activityId: string): Promise<SentReply | undefined>;
}

/** The ports the channel talks to; nothing here knows about the Bot Framework SDK. */
export interface BotFrameworkDeps {
  assistant: StreamingAssistant;
  feedback: FeedbackStore;
  handoff: HandoffPort;
  /** Operator log lines (failures to deliver, rejected requests); never given secrets. */
  log?: (line: string) => void;
  /** @defaultValue Date.now */
  clock?: () => number;
  /** Kept per conversation for proactive messages (agents' answers); absent, none are sent. */
  references?: ConversationReferences;
  /**
   * Where the Teams activity ids of our replies are kept for ratings. @defaultValue this
   * process's memory (the last 5,000 replies), enough for one server process only
   */
  replies?: SentReplies;
}

/**
 * How the channel authenticates, structurally `Config['botframework']` (non-null): the Azure Bot
 * registration, or the explicit local mode the Bot Framework Emulator uses.
 */
export type BotFrameworkSettings =
  | {
      mode: 'authenticated';
      appId: string;
      appPassword?: string;
      tenantId?: string;
      appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    }
  | { mode: 'local' };

/** Behaviour knobs that are not deployment configuration. */
export interface BotFrameworkOptions {
  /** Longer messages get a polite refusal instead of an answer. @defaultValue 4000 */
  maxMessageChars?: number;
  /**
   * Least time between two Teams streaming updates; Teams throttles faster updates (about one
   * per second). @defaultValue 1000
   */
  streamIntervalMs?: number;
  /** Shown as the Teams informative update while the answer is prepared. */
  informativeText?: string;
}

/** A framework-neutral HTTP request: what any web server can hand over after parsing JSON. */
export interface BotFrameworkRequest {
  method?: string;
  /** Header names in lower case, as Node's HTTP server gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What to answer the connector with (invoke responses carry a body). */
export interface BotFrameworkResponse {
  status: number;
  body?: unknown;
}
