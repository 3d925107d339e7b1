import type { SentReplies, SentReply } from './ports.ts';

/**
 * The in-process `SentReplies`: the pairs of the most recent replies (bounded, oldest forgotten
 * first). After a restart, or when a rating reaches another server process, older ratings fall
 * back to the Teams id, which still identifies the message in the transcript.
 */
export class RecentReplies implements SentReplies {
  readonly #entries = new Map<string, SentReply>();
  readonly #max: number;

  constructor(maxEntries = 5000) {
    this.#max = maxEntries;
  }

  async remember(activityId: string, reply: SentReply): Promise<void> {
    this.#entries.delete(activityId);
    this.#entries.set(activityId, reply);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  async find(activityId: string): Promise<SentReply | undefined> {
    return this.#entries.get(activityId);
  }
}
