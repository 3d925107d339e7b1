import type { ConversationMode, HandoffAgent } from './handoff-mode.ts';
import type { ChannelName, HandoffReason } from './reply.ts';

export type { ConversationMode, HandoffAgent } from './handoff-mode.ts';

/** Who moved a conversation from one mode to another. */
export type HandoffActor = 'customer' | 'agent' | 'timeout' | 'system';

/** One step in a conversation's handoff history. */
export interface HandoffTransition {
  mode: ConversationMode;
  /** Epoch milliseconds. */
  at: number;
  by: HandoffActor;
}

/** Where a handoff target keeps the conversation (a Slack ticket thread, a Chatwoot conversation). */
export interface HandoffLink {
  target: string;
  /** The target's own reference, e.g. `C0HANDOFF:1712345678.000100` or a Chatwoot conversation id. */
  ref: string;
}

/** A conversation's handoff state: the admin lists these, channels show the mode to customers. */
export interface HandoffState {
  conversationId: string;
  channel: ChannelName;
  mode: ConversationMode;
  /** Why the latest handoff was asked for. */
  reason?: HandoffReason;
  /** The latest ticket's id. */
  ticketId?: string;
  /** The first target that accepted the latest ticket. */
  target?: string;
  /** Every target that accepted the latest ticket, with its own reference to the conversation. */
  links?: HandoffLink[];
  /** The person answering, once one has. */
  agent?: HandoffAgent;
  /** Epoch ms the current mode began. */
  since: number;
  /** Epoch ms after which a held conversation goes back to the bot (HANDOFF_TIMEOUT_MINUTES). */
  expiresAt?: number;
  /** Every mode change, oldest first. */
  history: HandoffTransition[];
}

/** What a person from the team wrote to the customer. */
export interface AgentMessage {
  /** Unique per message, so live views can drop a repeat. */
  id: string;
  conversationId: string;
  text: string;
  agent: HandoffAgent;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * What the customer is told where they are: an agent's message, or a change of mode with the
 * line that explains it ("A person has joined", "You're back with the assistant").
 */
export type CustomerEvent =
  | { type: 'agent_message'; message: AgentMessage }
  | { type: 'state'; state: HandoffState; text?: string };

/**
 * Delivers to customers of one channel (the widget, a Slack thread, a Teams chat). The handoff
 * loop calls the delivery of the conversation's channel for whatever the customer did not do
 * themselves (an agent's message, an agent handing back, a timeout).
 */
export interface CustomerDelivery {
  readonly channel: ChannelName;
  deliver(conversationId: string, event: CustomerEvent): Promise<void>;
}

/** What a handoff target is told after the ticket: the customer wrote again, or the handoff ended. */
export type HandoffRelay =
  | {
      type: 'customer_message';
      conversationId: string;
      ticketId?: string;
      /** This target's reference from its delivery. */
      ref?: string;
      text: string;
      at: number;
    }
  | {
      type: 'handed_back';
      conversationId: string;
      ticketId?: string;
      ref?: string;
      by: HandoffActor;
      at: number;
    };
