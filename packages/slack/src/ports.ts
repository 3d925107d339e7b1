import type {
  ChannelName,
  Feedback,
  FeedbackStore,
  HandoffActor,
  HandoffAgent,
  HandoffLink,
  HandoffReason,
  HandoffTicket,
  InboundMessage,
  ReplyEvent,
} from '@switchboard/core';

/** The assistant as the channel sees it: one streamed reply per inbound message. */
export interface SlackAssistant {
  stream(message: InboundMessage, options?: { signal?: AbortSignal }): AsyncGenerator<ReplyEvent>;
}

/** Hands a conversation to people (the runtime's HandoffService fits as is). */
export interface SlackHandoff {
  request(request: {
    conversationId: string;
    reason: HandoffReason;
    channel: ChannelName;
    customer?: HandoffTicket['customer'];
  }): Promise<{
    delivered: string[];
    failed: Array<{ target: string; message: string }>;
    /**
     * Set by the handoff loop (the runtime's): a person had already been asked for. With a loop,
     * the thread stays the customer's line to the agent; without one, people talk in it alone.
     */
    already?: boolean;
  }>;
}

/**
 * What agents do from the Slack handoff channel (structurally the runtime's handoff loop): a
 * reply in a ticket's thread goes to the customer, `!bot` or the button hands back.
 */
export interface SlackAgentDesk {
  agentMessage(input: {
    link: HandoffLink;
    text: string;
    agent: HandoffAgent;
  }): Promise<{ delivered: boolean; state: unknown }>;
  handBack(
    input: ({ link: HandoffLink } | { conversationId: string }) & {
      by: HandoffActor;
      agent?: HandoffAgent;
    },
  ): Promise<unknown>;
}

export type ResyncMode = 'incremental' | 'full';

/** What a sync run last reported, e.g. `{ stage: 'fetching', done: 12, total: 40 }`. */
export interface ResyncProgress {
  stage: string;
  done: number;
  total: number;
}

/** The end of a run, in counts an admin can read at a glance. */
export interface ResyncSummary {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  durationMs: number;
}

/**
 * Knowledge re-sync as the `/switchboard resync` command needs it. The server adapts the BullMQ
 * sync queue to it; this package never sees BullMQ.
 */
export interface ResyncPort {
  /**
   * Starts a run of `source`, or joins the one already going.
   * @throws SwitchboardError NOT_FOUND for an unknown source, CONFLICT for a paused one.
   */
  trigger(source: string, mode: ResyncMode): Promise<{ runId: string; joined: boolean }>;
  /** Resolves with the run's summary; calls `onProgress` while it runs; rejects when it fails. */
  follow(
    runId: string,
    onProgress: (progress: ResyncProgress) => void | Promise<void>,
  ): Promise<ResyncSummary>;
}

/** Small shared state the channel keeps so that several server processes agree. */
export interface SlackStateStore {
  /** `true` the first time `key` is claimed within `ttlSeconds` (retried events, double clicks). */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim back, so the work can be tried again (a handoff no target accepted). */
  release(key: string): Promise<void>;
  /** Remembers that the bot answered in a thread, so replies there need no @mention. */
  rememberThread(conversationId: string, ttlSeconds: number): Promise<void>;
  isKnownThread(conversationId: string): Promise<boolean>;
  /** After a handoff people talk in the thread: only mentions get answers from then on. */
  forgetThread(conversationId: string): Promise<void>;
}

/** Everything the Slack channel needs from the rest of Switchboard, as narrow ports. */
export interface SlackChannelDeps {
  assistant: SlackAssistant;
  feedback: FeedbackStore;
  handoff: SlackHandoff;
  /** Absent: `/switchboard resync` answers that re-sync is not available here. */
  resync?: ResyncPort;
  state: SlackStateStore;
  /** Agents answering in the handoff channel's ticket threads; absent, those are not read. */
  agents?: SlackAgentDesk;
  /** The company's name (the profile's), for the assistant panel's greeting; absent, it names none. */
  companyName?: string;
}

export type SlackFeedback = Omit<Feedback, 'at'>;
