import type { ConversationMode, HandoffAgent } from './handoff-mode.ts';
import type { RouteDecision } from './route.ts';

export type ChannelName = 'web' | 'slack' | 'botframework' | 'api' | 'cli';

export interface InboundMessage {
  conversationId: string;
  text: string;
  channel: ChannelName;
  userId?: string;
}

export interface Turn {
  /** `agent`: a person from the team wrote it during a handoff (see `agent`). */
  role: 'user' | 'assistant' | 'agent';
  text: string;
  /** Epoch milliseconds. */
  at: number;
  route?: RouteDecision['route'];
  /** For user turns: the standalone query after follow-up resolution, when it differs. */
  resolvedQuery?: string;
  /** For assistant turns: the reply's `messageId`, which feedback refers to. */
  id?: string;
  /** For assistant turns: the citations, so a restored transcript keeps its links. */
  citations?: Citation[];
  /**
   * For brand answers: the intent the reply was written for, so a 👍 teaches the brand voice that
   * intent (not whatever a classifier reads into the question later).
   */
  intent?: string;
  /** For assistant turns: the confidence in the chosen route, in [0, 1] (the admin transcript). */
  confidence?: number;
  /** For assistant turns that handed off (or offered to): why (the admin transcript and outcomes). */
  handoffReason?: HandoffReason;
  /** For agent turns: who wrote it and from where. */
  agent?: HandoffAgent;
}

export interface Citation {
  /** 1-based number as it appears in the answer text, e.g. [1]. */
  index: number;
  chunkId: string;
  docId: string;
  title: string;
  sectionPath: string[];
  url?: string;
  snippet: string;
}

/**
 * Why a conversation went to a person (or to "not sure"): `out_of_scope` is a message about
 * something the company does not do, which is neither a docs gap nor a ticket's worth.
 */
export type HandoffReason =
  | 'customer_asked'
  | 'low_confidence'
  | 'no_docs'
  | 'out_of_scope'
  | 'negative_feedback';

export interface Reply {
  conversationId: string;
  /** Unique id of this reply; feedback and transcripts refer to it. */
  messageId: string;
  text: string;
  route: RouteDecision['route'];
  confidence: number;
  decision: RouteDecision;
  citations: Citation[];
  /** The query used for routing and retrieval after follow-up resolution. */
  resolvedQuery: string;
  /**
   * Set when a human is (or is offered to be) brought in; `mode` once the handoff loop acted on
   * it (`waiting`: a person was asked for).
   */
  handoff?: { reason: HandoffReason; mode?: ConversationMode };
  /**
   * Set when the assistant did not answer because a person holds the conversation (or was asked
   * for): the message was passed on. `text` is then a short notice or empty; channels show
   * nothing for an empty one.
   */
  held?: { mode: ConversationMode };
  /** Which model wrote the text. */
  model: string;
  /**
   * Set when the reply was made with a part missing, so channels and callers can tell: e.g.
   * `memory_unavailable` (Redis down: answered without the conversation's history, and this turn
   * is not remembered) or `knowledge_syncing` (the index is still being (re)built at start-up).
   */
  degraded?: { reasons: DegradedReason[] };
}

/** Why a reply was made in a degraded state (see `Reply.degraded`). */
export type DegradedReason = 'memory_unavailable' | 'knowledge_syncing';

/** What a streamed reply emits, in order: one `meta`, any number of `delta`, one `done`. */
export type ReplyEvent =
  | {
      type: 'meta';
      conversationId: string;
      messageId: string;
      decision: RouteDecision;
      resolvedQuery: string;
      /** Set when a person holds the conversation: no answer follows, only a notice (or nothing). */
      held?: { mode: ConversationMode };
    }
  | { type: 'delta'; text: string }
  | { type: 'done'; reply: Reply };
