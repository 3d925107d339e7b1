import type { Activity } from 'botbuilder';

/** Sends one activity in the current turn and returns the id the channel gave it. */
export type SendActivity = (activity: Partial<Activity>) => Promise<string | undefined>;

export interface TeamsStreamOptions {
  send: SendActivity;
  /** Least time between two streaming updates (Teams throttles about one per second). */
  intervalMs: number;
  clock: () => number;
  log: (line: string) => void;
}

/**
 * Teams' streaming protocol for personal chats: one informative `typing` update, then `typing`
 * updates carrying the text so far with increasing `streamSequence`, then the final `message`;
 * every activity after the first names the stream by the id Teams gave the first one (in the
 * `streaminfo` entity and again in `channelData`, as Teams documents).
 * If Teams refuses an update (streaming off, or the user pressed Stop) the updates stop and the
 * final reply is sent as an ordinary message.
 */
export class TeamsStream {
  readonly #o: TeamsStreamOptions;
  #streamId: string | undefined;
  #sequence = 0;
  #text = '';
  #lastSentAt = Number.NEGATIVE_INFINITY;
  #broken = false;

  constructor(options: TeamsStreamOptions) {
    this.#o = options;
  }

  /** The informative update (shown as a progress bar) that opens the stream. */
  async inform(text: string): Promise<void> {
    await this.#update('informative', text);
  }

  /** Adds generated text; sends an update when the throttle allows. */
  async append(delta: string): Promise<void> {
    this.#text += delta;
    if (this.#broken || !this.#streamId || !this.#text.trim()) return;
    if (this.#o.clock() - this.#lastSentAt < this.#o.intervalMs) return;
    await this.#update('streaming', this.#text);
  }

  /** Sends the final message (which replaces the streamed text) and returns its id. */
  async finish(final: Partial<Activity>): Promise<string | undefined> {
    if (this.#broken || !this.#streamId) return this.#o.send(final);
    const stream = { streamId: this.#streamId, streamType: 'final' };
    await this.#o.send({
      ...final,
      entities: [{ type: 'streaminfo', ...stream }, ...(final.entities ?? [])],
      channelData: { ...final.channelData, ...stream },
    });
    return this.#streamId;
  }

  async #update(streamType: 'informative' | 'streaming', text: string): Promise<void> {
    const stream = {
      streamType,
      streamSequence: ++this.#sequence,
      ...(this.#streamId ? { streamId: this.#streamId } : {}),
    };
    try {
      // Teams reads the entity; it wants the stream id repeated in channelData.
      const id = await this.#o.send({
        type: 'typing',
        text,
        entities: [{ type: 'streaminfo', ...stream }],
        channelData: stream,
      });
      this.#streamId ??= id;
      this.#lastSentAt = this.#o.clock();
      if (!this.#streamId) this.#broken = true;
    } catch (err) {
      this.#broken = true;
      this.#o.log(`teams streaming update refused, sending the answer whole: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
