/** Which of our replies a channel message id stands for. */
export interface SentReply {
  conversationId: string;
  messageId: string;
}

/**
 * Teams rates a message by its Teams activity id, not by our reply's `messageId`; this remembers
 * the pairs for the most recent replies (bounded, oldest forgotten first). After a restart older
 * ratings fall back to the Teams id, which still identifies the message in the transcript.
 */
export class RecentReplies {
  readonly #entries = new Map<string, SentReply>();
  readonly #max: number;

  constructor(maxEntries = 5000) {
    this.#max = maxEntries;
  }

  remember(activityId: string, reply: SentReply): void {
    this.#entries.delete(activityId);
    this.#entries.set(activityId, reply);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  find(activityId: string): SentReply | undefined {
    return this.#entries.get(activityId);
  }
}
