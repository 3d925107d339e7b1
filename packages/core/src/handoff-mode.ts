/** The two handoff types a reply and a turn carry (no imports: `reply.ts` depends on them). */

/**
 * Who is answering a conversation: the assistant (`bot`), nobody yet because a person was asked
 * for (`waiting`), or a person (`agent`). "Back to bot" is a transition to `bot`, kept in the
 * state's history.
 */
export type ConversationMode = 'bot' | 'waiting' | 'agent';

/** A person answering for the team, as far as the helpdesk tells: its id, its name, and where. */
export interface HandoffAgent {
  id?: string;
  name?: string;
  /** Where the agent answered: a handoff target's name (`slack`, `chatwoot`, `webhook`). */
  via: string;
}
