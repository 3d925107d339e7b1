/** What the server's /api/widget routes send (apps/server/src/web). */

export interface Citation {
  index: number;
  title: string;
  url?: string;
}

export interface Turn {
  /** `agent`: a person from the team wrote it during a handoff. */
  role: 'user' | 'assistant' | 'agent';
  text: string;
  at: number;
  id?: string;
  citations?: Citation[];
  agent?: { name?: string };
}

/** Who answers the conversation: the assistant, nobody yet (a person was asked for), a person. */
export type HandoffMode = 'bot' | 'waiting' | 'agent';

/** The handoff state as the server shows it to the widget. */
export interface HandoffView {
  mode: HandoffMode;
  agent?: { name?: string };
  /** A line for the customer that came with the change (back to the bot, a timeout). */
  text?: string;
}

/** What `GET /api/widget/events` streams while a person is asked for or holds the conversation. */
export type LiveEvent =
  | { type: 'state'; state: HandoffView }
  | {
      type: 'message';
      message: { id: string; text: string; at: number; agent: { name?: string } };
    };

export interface Session {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  conversationId: string;
  /** Sent with a new conversation only: the secret that reopens it (after a reload). */
  grant?: string;
}

/** A 👍 or 👎 on an answer. */
export type Rating = 'up' | 'down';

export interface FinishedReply {
  messageId: string;
  text: string;
  citations: Citation[];
  handoff?: { reason: string; mode?: HandoffMode };
  /** A person holds the conversation: the message was passed on, not answered. */
  held?: { mode: HandoffMode };
}

export type ChatEvent =
  | { type: 'meta'; messageId: string; held?: { mode: HandoffMode } }
  | { type: 'delta'; text: string }
  | { type: 'done'; reply: FinishedReply };

export interface HandoffAnswer {
  delivered: boolean;
  /** `waiting` once a person was asked for (also when one already had been). */
  mode?: HandoffMode;
  /** How to reach people when no handoff target took the conversation. */
  contact?: { email?: string; phone?: string; hours?: string; url?: string };
}

/** The error shape of every /api/widget route: `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
