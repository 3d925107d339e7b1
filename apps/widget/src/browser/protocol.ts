/** What the server's /api/widget routes send (apps/server/src/web). */

export interface Citation {
  index: number;
  title: string;
  url?: string;
}

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  at: number;
  id?: string;
  citations?: Citation[];
}

export interface Session {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  conversationId: string;
  /** Sent with a new conversation only: the secret that reopens it (after a reload). */
  grant?: string;
}

export interface FinishedReply {
  messageId: string;
  text: string;
  citations: Citation[];
  handoff?: { reason: string };
}

export type ChatEvent =
  | { type: 'meta'; messageId: string }
  | { type: 'delta'; text: string }
  | { type: 'done'; reply: FinishedReply };

export interface HandoffAnswer {
  delivered: boolean;
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
