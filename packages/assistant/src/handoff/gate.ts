import type { ConversationMode, InboundMessage } from '@switchboard/core';

/** What the assistant says instead of answering a message a person holds. */
export interface HeldReply {
  /** The mode after the message (`bot` when the customer asked to go back to the assistant). */
  mode: ConversationMode;
  /** A short notice, or empty: channels then show nothing. */
  text: string;
}

/**
 * How the assistant learns that people hold a conversation (the handoff loop implements it): a
 * held conversation's messages are kept and passed on instead of answered, and a customer who
 * asks for a person in words gets one.
 */
export interface ConversationGate {
  /** Before answering: `null` to answer as usual, else what to say instead (the message was kept). */
  hold(message: InboundMessage): Promise<HeldReply | null>;
  /** The customer asked for a person in words: bring one in; answers the mode after. */
  askedForPerson(message: InboundMessage): Promise<ConversationMode>;
}
